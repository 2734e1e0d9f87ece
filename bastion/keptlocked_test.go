package bastion_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/bastiontest"
)

// testKeptLocked: a user Drop cannot drop (the DEFINER of stored objects:
// the database side keeps it locked and returns an error with
// KeptLocked() true) ends revoked with the account kept locked: no
// session left, the secret gone, the outcome recorded on the request and
// in the audit; Verify still finds the account, and later sweeps neither
// retry it nor report an error. A crash after the kept-locked Drop is
// finished by the next sweep the same way.
func testKeptLocked(t *testing.T, b *bed) {
	ctx := context.Background()
	b.db.Definers = map[string]bool{}
	check := func(t *testing.T, r bastion.Request) {
		t.Helper()
		got := b.get(r.ID)
		if got.State != bastion.StateRevoked || !strings.Contains(got.KeptLocked, "DEFINER") {
			t.Errorf("state %s, kept locked %q; want revoked with the reason", got.State, got.KeptLocked)
		}
		exists, sessions, _ := b.db.State(r.Cluster, r.User)
		if !exists || sessions != 0 {
			t.Errorf("account exists %v (want kept), %d sessions (want 0)", exists, sessions)
		}
		if err := b.login(r, 0); err == nil {
			t.Error("login as the kept account worked")
		}
		if _, ok := b.secrets.Get(r.SecretName); ok {
			t.Error("secret left")
		}
		trail := strings.Join(b.trail(r.ID), " ")
		if !strings.Contains(trail, "kill kept-locked verify secret-delete finish:revoking→revoked") {
			t.Errorf("audit: %s", trail)
		}
		events, _ := b.engine.Audit(ctx, r.ID)
		for _, ev := range events {
			if ev.Action == string(bastion.ActionFinish) && !strings.Contains(ev.Detail, "kept locked") {
				t.Errorf("finish detail %q", ev.Detail)
			}
		}
		// Later sweeps leave it: nothing to retry, nothing failed.
		if rep := b.sweep(); rep.Revoked != 0 || len(rep.Errors) != 0 {
			t.Errorf("sweep after: %+v", rep)
		}
	}

	// definerGrant is an active grant whose user Drop cannot drop, with a
	// session on each instance.
	definerGrant := func(t *testing.T) bastion.Request {
		t.Helper()
		r := b.request("alice@example.com", time.Hour, time.Time{})
		a, err := b.engine.Approve(ctx, "bob", r.ID)
		if err != nil {
			t.Fatal(err)
		}
		b.db.Definers[a.User] = true
		for instance := range 2 {
			if err := b.login(a, instance); err != nil {
				t.Fatal(err)
			}
		}
		return a
	}

	t.Run("Revoke", func(t *testing.T) {
		a := definerGrant(t)
		r := a
		done, err := b.engine.Revoke(ctx, "alice@example.com", r.ID, "done")
		if err != nil || done.State != bastion.StateRevoked || done.KeptLocked == "" {
			t.Fatalf("revoke: %v, %s, kept %q", err, done.State, done.KeptLocked)
		}
		check(t, a)
		if _, err := b.engine.Revoke(ctx, "alice@example.com", r.ID, ""); !errors.Is(err, bastion.ErrWrongState) {
			t.Errorf("second revoke: %v", err)
		}
	})

	t.Run("CrashAfterDrop", func(t *testing.T) {
		b.clock.Set(t0)
		a := definerGrant(t)
		r := a
		b.clock.Set(a.End())
		cctx, cancel := context.WithCancel(ctx)
		b.crash.Arm("before:verify", cancel)
		if rep, err := b.engine.Sweep(cctx); err == nil && len(rep.Errors) == 0 {
			t.Fatal("no crash")
		}
		cancel()
		b.crash.Arm("", nil)
		if got := b.get(r.ID).State; got != bastion.StateRevoking {
			t.Fatalf("after the crash: %s", got)
		}
		b.clock.Set(a.End().Add(sweepInterval))
		if rep := b.sweep(); rep.Revoked != 1 || len(rep.Errors) != 0 {
			t.Fatalf("next sweep: %+v %v", rep, rep.Err())
		}
		check(t, a)
	})

}

var _ bastion.KeptLocked = (*bastiontest.DefinerError)(nil)

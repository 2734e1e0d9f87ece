package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

// grantsAtOnce is how many grants TestConcurrentGrants approves and
// revokes at once on one cluster (issue 11's Must-show: 50).
const grantsAtOnce = 50

// TestConcurrentGrants is issue 11's concurrency Must-show on real parts:
// 50 requests on one cluster (a MariaDB writer and a replicating reader),
// each approved by two approvers at the same moment, then each revoked by
// its requester and an approver at the same moment while sweeps run —
// every command a separate CLI run with its own engine, DynamoDB client
// and connection pools, as separate processes would be. Afterwards every
// request is revoked with exactly one of each transition in its audit
// (none lost, none doubled), and the servers hold no jit_ account and no
// jit_ session on either instance, and Secrets Manager no grant secret.
func TestConcurrentGrants(t *testing.T) {
	// 100 held sessions, and 100 CLI runs with their pools at once.
	b, ctx := newRealBed(t, testbed.WithServerArgs("--max-connections=2000")), t.Context()
	ids := make([]string, grantsAtOnce)
	parallel(grantsAtOnce, func(i int) { ids[i] = b.requestFor(fmt.Sprintf("user%02d", i), "2h") })
	if t.Failed() {
		t.FailNow()
	}

	// Two approvers click at once on every request: one wins.
	codes := make([][2]int, grantsAtOnce)
	parallel(2*grantsAtOnce, func(i int) {
		codes[i/2][i%2], _, _ = b.run("approve", "--as", []string{"bob", "carol"}[i%2], ids[i/2])
	})
	for i, c := range codes {
		if !(c == [2]int{exitOK, exitRefused} || c == [2]int{exitRefused, exitOK}) {
			t.Errorf("request %s: approve exit codes %v, want one 0 and one 3", ids[i], c)
		}
	}
	b.wantAll(ctx, ids, "active")
	if got := b.jitAccounts(ctx); got != [2]int{grantsAtOnce, grantsAtOnce} {
		t.Errorf("jit_ accounts on writer, reader: %v, want %d on each", got, grantsAtOnce)
	}
	if got := b.grantSecrets(); got != grantsAtOnce {
		t.Errorf("%d grant secrets, want %d", got, grantsAtOnce)
	}
	// Every grant's password (read from its secret) logs in on both
	// instances; the sessions stay open through the revocation.
	sessions := make([][]session, grantsAtOnce)
	passwords := make([]string, grantsAtOnce)
	parallel(grantsAtOnce, func(i int) {
		passwords[i], sessions[i] = b.openSessions(ctx, ids[i], userOf(i, ids[i]))
	})
	if t.Failed() {
		t.FailNow()
	}

	// The requester and an approver revoke at once, while three sweeps
	// run: the revocation transition happens once, the cleanup may run
	// more than once (every step is idempotent), each ends revoked.
	revokes := make([][2]int, grantsAtOnce)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if code, out, errs := b.run("sweep"); code != exitOK {
				t.Errorf("sweep during the revocations: exit %d\n%s%s", code, out, errs)
			}
		})
	}
	parallel(2*grantsAtOnce, func(i int) {
		as := []string{fmt.Sprintf("user%02d", i/2), "bob"}[i%2]
		revokes[i/2][i%2], _, _ = b.run("revoke", "--as", as, ids[i/2])
	})
	wg.Wait()
	for i, c := range revokes {
		for _, code := range c {
			if code != exitOK && code != exitRefused {
				t.Errorf("request %s: revoke exit codes %v, want 0 or 3 each", ids[i], c)
			}
		}
		if c[0] != exitOK && c[1] != exitOK {
			t.Errorf("request %s: no revoke succeeded: %v", ids[i], c)
		}
	}
	b.wantAll(ctx, ids, "revoked")
	for i, id := range ids {
		b.checkRevoked(ctx, id, userOf(i, id), passwords[i], sessions[i])
	}
	if got := b.jitAccounts(ctx); got != [2]int{} {
		t.Errorf("jit_ accounts left on writer, reader: %v", got)
	}
	if got := b.jitSessions(ctx); got != [2]int{} {
		t.Errorf("jit_ sessions left on writer, reader: %v", got)
	}
	if got := b.grantSecrets(); got != 0 {
		t.Errorf("%d grant secrets left", got)
	}
	b.expect(exitOK, "0 expired, 0 activated, 0 warned, 0 revoked, 0 failed", "sweep")
}

// userOf is the database user of the grant id of user<i>.
func userOf(i int, id string) string { return fmt.Sprintf("jit_user%02d_%s", i, id) }

// parallel runs f(0) … f(n-1) at once and waits for them.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() { <-start; f(i) })
	}
	close(start)
	wg.Wait()
}

// wantAll checks that `bastion list` shows exactly ids, each in state,
// and that each one's audit holds every transition of its life exactly
// once.
func (b *realBed) wantAll(ctx context.Context, ids []string, state string) {
	b.t.Helper()
	var list []struct {
		ID    string `json:"id"`
		State string `json:"state"`
	}
	if err := json.Unmarshal([]byte(b.expect(exitOK, "", "list", "--format", "json")), &list); err != nil {
		b.t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range list {
		got[r.ID] = r.State
	}
	if len(got) != len(ids) {
		b.t.Errorf("list shows %d requests, want %d", len(got), len(ids))
	}
	transitions := []string{"request", "approve", "provision", "activate"}
	if state == "revoked" {
		transitions = append(transitions, "revoke", "finish")
	}
	for _, id := range ids {
		if got[id] != state {
			b.t.Errorf("request %s is %q, want %s", id, got[id], state)
		}
		var events []bastion.Event
		if err := json.Unmarshal([]byte(b.expect(exitOK, "", "audit", "--format", "json", id)), &events); err != nil {
			b.t.Fatal(err)
		}
		count := map[string]int{}
		var trail []string
		for _, ev := range events {
			if ev.To != "" { // a transition, not a step
				count[ev.Action]++
				trail = append(trail, fmt.Sprintf("%s %s→%s", ev.Action, ev.From, ev.To))
			}
		}
		for _, tr := range transitions {
			if count[tr] != 1 {
				b.t.Errorf("request %s: %d %q transitions, want 1: %s", id, count[tr], tr, strings.Join(trail, ", "))
			}
		}
		if len(trail) != len(transitions) {
			b.t.Errorf("request %s: transitions %s, want exactly %v", id, strings.Join(trail, ", "), transitions)
		}
	}
}

// jitAccounts counts the grant accounts (jit_…) in mysql.user on the
// writer and on the reader.
func (b *realBed) jitAccounts(ctx context.Context) (n [2]int) {
	b.t.Helper()
	return b.countOnBoth(ctx, `SELECT COUNT(*) FROM mysql.user WHERE User LIKE 'jit\_%'`)
}

// jitSessions counts the grant users' rows in the process list of the
// writer and of the reader.
func (b *realBed) jitSessions(ctx context.Context) (n [2]int) {
	b.t.Helper()
	return b.countOnBoth(ctx, `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER LIKE 'jit\_%'`)
}

func (b *realBed) countOnBoth(ctx context.Context, query string) (n [2]int) {
	b.t.Helper()
	for i, m := range []*testbed.MariaDB{b.writer, b.reader} {
		if err := m.RootDB(b.t).QueryRowContext(ctx, query).Scan(&n[i]); err != nil {
			b.t.Fatalf("%s on %s: %v", query, m.Addr(), err)
		}
	}
	return n
}

// grantSecrets counts the grant secrets (bastion/grants/…) Secrets
// Manager holds, deleted-pending ones included.
func (b *realBed) grantSecrets() int {
	n := 0
	for _, name := range b.fake.SecretNames(realRegion) {
		if strings.HasPrefix(name, "bastion/grants/") {
			n++
		}
	}
	return n
}

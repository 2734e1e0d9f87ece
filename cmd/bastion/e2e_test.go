package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

// TestEndToEnd is issue 11's Must-show on real parts (DynamoDB Local, a
// writer and a replicating reader MariaDB, Secrets Manager on fakeaws, the
// CLI in-process with the sides built from bastion.yaml): request →
// refused self- and non-approver approval → approve → a second approve
// harmless → the password read from the secret logs in on both instances
// → revoke → both held sessions dead, logins refused, account and secret
// gone → the audit complete without the password; revoke twice harmless;
// approving a denied or an expired request refused.
func TestEndToEnd(t *testing.T) {
	b, ctx := newRealBed(t), t.Context()
	id := b.requestFor("alice", "2h")
	user := "jit_alice_" + id
	b.expect(exitRefused, "nobody approves or denies their own request", "approve", "--as", "alice", id)
	b.expect(exitRefused, "not an approver for cluster orders", "approve", "--as", "mallory", id)
	b.expect(exitOK, id+": active until", "approve", "--as", "bob", id)
	first, err := b.password(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	b.expect(exitRefused, "approved by bob", "approve", "--as", "carol", id)
	password, sessions := b.openSessions(ctx, id, user)
	if password != first {
		t.Error("the second approve changed the password")
	}
	if len(password) < 32 {
		t.Errorf("password of %d characters", len(password))
	}

	b.expect(exitOK, id+": revoked", "revoke", "--as", "alice", id)
	b.checkRevoked(ctx, id, user, password, sessions)
	b.expect(exitRefused, "already revoked", "revoke", "--as", "alice", id)

	text := b.expect(exitOK, "requested → approved", "audit", id)
	for _, want := range []string{"alice", "bob", "approved → active", "account locked", "user dropped",
		"no account, no session", "secret bastion/grants/" + id + " deleted", "revoking → revoked", `reason: "INC-7"`} {
		if !strings.Contains(text, want) {
			t.Errorf("audit lacks %q:\n%s", want, text)
		}
	}
	if !regexp.MustCompile(`killed [1-9][0-9]* sessions`).MatchString(text) {
		t.Errorf("audit does not say sessions were killed:\n%s", text)
	}
	js := b.expect(exitOK, "", "audit", "--format", "json", id)
	var events []bastion.Event
	if err := json.Unmarshal([]byte(js), &events); err != nil || len(events) < 12 {
		t.Errorf("audit json: %v, %d events", err, len(events))
	}
	if strings.Contains(text+js, password) || strings.Contains(text+js, realAdminPassword) {
		t.Error("a password is in the audit")
	}

	// Approving a denied request, and an expired one, is refused.
	denied := b.requestFor("alice", "1h")
	b.expect(exitOK, denied+": denied", "deny", "--as", "bob", "--reason", "use the replica", denied)
	b.expect(exitRefused, "already denied by bob", "approve", "--as", "carol", denied)
	expired := b.requestFor("alice", "1h")
	b.clock.Set(b.clock.Now().Add(61 * time.Minute)) // past the 1h approval window
	b.expect(exitRefused, "expired unapproved", "approve", "--as", "bob", expired)
	b.expect(exitOK, "1 expired", "sweep")
	b.expect(exitRefused, "already expired", "approve", "--as", "bob", expired)
	if _, err := b.password(ctx, denied); err == nil {
		t.Error("a denied request has a secret")
	}
}

// TestEndToEndSweepExpiry: a grant whose end has come is revoked by
// `bastion sweep` alone (the clock set past its end, as the scheduler's
// sweep would find it), with the same checks: sessions on both instances
// dead, logins refused, account and secret gone; the next sweep finds
// nothing to do.
func TestEndToEndSweepExpiry(t *testing.T) {
	b, ctx := newRealBed(t), t.Context()
	id := b.requestFor("alice", "30m")
	b.expect(exitOK, id+": active until", "approve", "--as", "carol", id)
	password, sessions := b.openSessions(ctx, id, "jit_alice_"+id)

	b.clock.Set(b.clock.Now().Add(29 * time.Minute))
	b.expect(exitOK, "0 revoked", "sweep") // warned, not revoked
	for _, s := range sessions {
		if !s.alive(ctx) {
			t.Fatalf("the session on the %s died before expiry", s.name)
		}
	}
	b.clock.Set(b.clock.Now().Add(time.Minute))
	b.expect(exitOK, "1 revoked, 0 failed", "sweep")
	b.checkRevoked(ctx, id, "jit_alice_"+id, password, sessions)
	b.expect(exitOK, "0 revoked, 0 failed", "sweep")
	text := b.expect(exitOK, "system:sweep", "audit", id)
	for _, want := range []string{"warned → revoking", "revoking → revoked", `reason: "expired"`} {
		if !strings.Contains(text, want) {
			t.Errorf("audit lacks %q:\n%s", want, text)
		}
	}
}

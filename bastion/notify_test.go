package bastion_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

// testNotices checks the notices of the paths the lifecycle test does not
// take (denied, expired, failed), and that a failing Notifier is audited
// and never undoes the transition.
func testNotices(t *testing.T, b *bed) {
	ctx := context.Background()
	denied := b.request("alice@example.com", time.Hour, time.Time{})
	if _, err := b.engine.Deny(ctx, "bob", denied.ID, "use the replica"); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(b.notices.Kinds(denied.ID)); got != "[requested denied]" {
		t.Errorf("denied request's notices %s", got)
	}

	expired := b.request("alice@example.com", 2*time.Hour, time.Time{})
	b.clock.Set(t0.Add(61 * time.Minute))
	if rep := b.sweep(); rep.Expired != 1 {
		t.Errorf("sweep: %+v", rep)
	}
	if got := fmt.Sprint(b.notices.Kinds(expired.ID)); got != "[requested expired]" {
		t.Errorf("expired request's notices %s", got)
	}

	b.db.FailProvision = errors.New("access denied for bastion_admin")
	failed := b.request("alice@example.com", time.Hour, time.Time{})
	if _, err := b.engine.Approve(ctx, "bob", failed.ID); err == nil {
		t.Fatal("approval with a failing provisioning returned no error")
	}
	if got := fmt.Sprint(b.notices.Kinds(failed.ID)); got != "[requested failed]" {
		t.Errorf("failed grant's notices %s (want no approved and no revoked)", got)
	}
	b.db.FailProvision = nil

	// The Notifier fails: the denial stands, and the failure is audited.
	b.notices.Fail = map[bastion.NoticeKind]error{bastion.NoticeDenied: errors.New("slack: channel_not_found")}
	r := b.request("alice@example.com", time.Hour, time.Time{})
	if _, err := b.engine.Deny(ctx, "bob", r.ID, "no"); err != nil {
		t.Fatalf("deny with a failing notifier: %v", err)
	}
	if got := b.get(r.ID).State; got != bastion.StateDenied {
		t.Errorf("state %s, want denied", got)
	}
	events, _ := b.engine.Audit(ctx, r.ID)
	last := events[len(events)-1]
	if last.Action != bastion.StepNotify || !strings.Contains(last.Detail, "denied: failed: slack: channel_not_found") {
		t.Errorf("last event %s %q, want the failed notice", last.Action, last.Detail)
	}
}

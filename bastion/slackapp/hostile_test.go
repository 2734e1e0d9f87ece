package slackapp_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

// hostileRequests sends the hostile requests against the pending
// request r (approval message at ts): each is refused, with an audit
// entry when it reached the request (a log line when it never did), and
// r does not change.
func hostileRequests(t *testing.T, b *bed, r bastion.Request, ts string) {
	refusedBefore := refusals(b, r.ID)
	rejectedBy := func(name string, code, want int, log string) {
		t.Helper()
		if code != want {
			t.Errorf("%s: status %d, want %d", name, code, want)
		}
		if !strings.Contains(b.logs.String(), log) {
			t.Errorf("%s: no log line with %q", name, log)
		}
	}
	calls := b.slack.count()

	// Signature, window, replay, team and app: refused before any parsing of intent.
	rec := b.sendAs(click(bob, "approve", r.ID, ts), time.Now(), "not-the-signing-secret")
	rejectedBy("bad signature", rec.Code, http.StatusUnauthorized, "bad signature")
	rec = b.sendAs(click(bob, "approve", r.ID, ts), time.Now().Add(-6*time.Minute), signingSecret)
	rejectedBy("old timestamp", rec.Code, http.StatusUnauthorized, "more than 5m0s")
	rec = b.sendAs(click(bob, "approve", r.ID, ts), time.Now().Add(6*time.Minute), signingSecret)
	rejectedBy("future timestamp", rec.Code, http.StatusUnauthorized, "more than 5m0s")
	other := click(bob, "approve", r.ID, ts)
	other.Set("payload", strings.Replace(other.Get("payload"), team, "T0OTHER", 1))
	rec = b.send(other)
	rejectedBy("another team", rec.Code, http.StatusForbidden, `T0OTHER`)
	otherApp := click(bob, "approve", r.ID, ts)
	otherApp.Set("payload", strings.Replace(otherApp.Get("payload"), appID, "A0OTHER", 1))
	rec = b.send(otherApp)
	rejectedBy("another app", rec.Code, http.StatusForbidden, `A0OTHER`)
	if n := b.slack.count(); n != calls {
		t.Errorf("rejected requests made %d Slack calls", n-calls)
	}

	// Reaching the engine: refused and audited, the clicker told privately.
	at := time.Now()
	mallory := click(mall, "approve", r.ID, ts)
	if rec := b.sendAs(mallory, at, signingSecret); rec.Code != http.StatusOK {
		t.Errorf("non-approver click: %d", rec.Code)
	}
	b.app.Wait()
	// The same body and signature again inside the window: a replay.
	rec = b.sendAs(mallory, at, signingSecret)
	rejectedBy("replayed body", rec.Code, http.StatusUnauthorized, "replayed")
	b.sendAs(click(alice, "approve", r.ID, ts), time.Now(), signingSecret) // the requester
	b.app.Wait()
	b.slack.setGroup(group, bob) // carol leaves the approvers' group after the request
	b.send(click(carol, "approve", r.ID, ts))
	b.app.Wait()
	b.send(denySubmission(alice, r.ID, ts, "never mind")) // the requester denying through a forged modal
	b.app.Wait()

	got := refusals(b, r.ID)[len(refusedBefore):]
	want := []string{"slack:" + mall + " approve", "slack:" + alice + " approve", "slack:" + carol + " approve", "slack:" + alice + " deny"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("refusals audited %q, want %q (the replay must not reach the engine)", got, want)
	}
	if eph := b.slack.made("chat.postEphemeral"); len(eph) != 4 || !strings.Contains(eph[0].Form.Get("text"), "not an approver") {
		t.Errorf("clickers told: %+v", eph)
	}

	// A forged request id: no such request, logged; nothing else moves.
	b.send(click(bob, "approve", "zzzzzzzzzzzz", ts))
	b.send(click(bob, "approve", "../"+r.ID, ts))
	b.app.Wait()
	if !strings.Contains(b.logs.String(), `no such request: zzzzzzzzzzzz`) || !strings.Contains(b.logs.String(), `is not a request id`) {
		t.Errorf("forged ids not logged:\n%s", b.logs)
	}
	if n := len(b.slack.made("chat.update")); n != 0 {
		t.Errorf("hostile requests updated the approval message %d times", n)
	}
	if cur := b.get(r.ID); cur.State != bastion.StateRequested || cur.Version != r.Version {
		t.Fatalf("hostile requests changed the request: %s v%d", cur.State, cur.Version)
	}
}

// refusals lists the refused events of id as "actor action".
func refusals(b *bed, id string) []string {
	var out []string
	for _, ev := range b.events(id) {
		if ev.Action == bastion.StepRefused {
			action, _, _ := strings.Cut(ev.Detail, ":")
			out = append(out, ev.Actor+" "+action)
		}
	}
	return out
}

package slackapp_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/bastion"
)

// TestSlackDeny: the global shortcut opens the modal; Deny opens the
// reason modal; its submission denies, updates the message with who and
// when, and DMs the requester the reason, inert.
func TestSlackDeny(t *testing.T) {
	b := newBed(t)
	b.slack.setGroup(group, bob)
	shortcut := payload(map[string]any{"type": "shortcut", "callback_id": "db_access", "user": map[string]any{"id": alice}, "trigger_id": "trig-s"})
	if rec := b.send(shortcut); rec.Code != http.StatusOK || len(b.slack.made("views.open")) != 1 {
		t.Fatalf("shortcut: %d", rec.Code)
	}
	b.send(submission(alice, "orders", "read", "30m", "", "look at INC-9"))
	reqs, _ := b.engine.List(t.Context())
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	ts := "1733400000.000002"
	if rec := b.send(click(bob, "deny", r.ID, ts)); rec.Code != http.StatusOK {
		t.Fatalf("deny click: %d", rec.Code)
	}
	opens := b.slack.made("views.open")
	if len(opens) != 2 || !strings.Contains(opens[1].Body, `bastion_deny`) || !strings.Contains(opens[1].Body, r.ID) {
		t.Fatalf("deny modal: %+v", opens)
	}
	if cur := b.get(r.ID); cur.State != bastion.StateRequested {
		t.Fatalf("the deny click alone moved the request to %s", cur.State)
	}
	// An empty reason is a modal error.
	if rec := b.send(denySubmission(bob, r.ID, ts, "  ")); !strings.Contains(rec.Body.String(), `"errors"`) {
		t.Errorf("empty reason: %s", rec.Body)
	}
	why := "use the <!here> replica & *not* prod"
	if rec := b.send(denySubmission(bob, r.ID, ts, why)); rec.Code != http.StatusOK {
		t.Fatalf("deny submission: %d %s", rec.Code, rec.Body)
	}
	b.app.Wait()
	if cur := b.get(r.ID); cur.State != bastion.StateDenied || cur.ApprovedBy != "slack:"+bob {
		t.Fatalf("after deny: %s by %s", cur.State, cur.ApprovedBy)
	}
	up := b.slack.made("chat.update")
	if len(up) != 1 || !contains(up[0].Form.Get("blocks"), "Denied by \\u003c@"+bob+"\\u003e", `"type":"plain_text","text":"Why denied: use the \u003c!here\u003e`) {
		t.Errorf("message update: %+v", up)
	}
	dm := lastDM(t, b, alice)
	if !contains(dm, "was denied by", `"type":"plain_text","text":"Reason: use the \u003c!here\u003e replica \u0026 *not* prod"`) {
		t.Errorf("denied DM: %s", dm)
	}
	if strings.Contains(strings.SplitN(dm, "\n", 2)[0], "here") {
		t.Errorf("the DM's notification text holds the reason: %s", dm)
	}
}

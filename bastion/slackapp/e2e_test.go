package slackapp_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

// hostileReason is a reason shaped to ping everyone, link away, format
// and inject HTML: it must reach Slack only as inert plain text.
const hostileReason = "INC-7 *urgent* <!channel> <https://evil.example|click me> <script>alert(1)</script> & `rm`"

// TestSlackEndToEnd: modal submit → approval message → approve → DM
// without the password → login works → warning DM → revoked DM → login
// fails, with the hostile requests of the issue refused along the way.
func TestSlackEndToEnd(t *testing.T) {
	b := newBed(t)
	b.slack.setGroup(group, bob, carol)

	// The slash command opens the modal listing the fleet's clusters.
	if rec := b.send(slash(alice)); rec.Code != http.StatusOK {
		t.Fatalf("slash command: %d %s", rec.Code, rec.Body)
	}
	opens := b.slack.made("views.open")
	if len(opens) != 1 || !contains(opens[0].Body, `"callback_id":"bastion_request"`, `"value":"orders"`, "trig-1") {
		t.Fatalf("views.open: %+v", opens)
	}

	// A bad duration comes back as a modal error; nothing is recorded.
	rec := b.send(submission(alice, "orders", "read", "forever", "", "INC-7"))
	var resp struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || resp.Action != "errors" || resp.Errors["duration"] == "" {
		t.Errorf("bad duration: %d %s", rec.Code, rec.Body)
	}
	// So does a cluster not in the list (a forged option), and a duration over the limit (the engine's check).
	if rec := b.send(submission(alice, "payroll", "read", "1h", "", "INC-7")); !strings.Contains(rec.Body.String(), `"cluster"`) {
		t.Errorf("forged cluster: %s", rec.Body)
	}
	if rec := b.send(submission(alice, "orders", "read", "9h", "", "INC-7")); !contains(rec.Body.String(), `"errors"`, `"duration"`, "maximum") {
		t.Errorf("too long: %s", rec.Body)
	}
	if all, _ := b.engine.List(t.Context()); len(all) != 0 {
		t.Fatalf("invalid submissions recorded %d requests", len(all))
	}

	// The real submission: recorded, and the approval message posted.
	rec = b.send(submission(alice, "orders", "read", "1h", "", hostileReason))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"response_action":"update"`) {
		t.Fatalf("submission: %d %s", rec.Code, rec.Body)
	}
	reqs, _ := b.engine.List(t.Context())
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Requester != "slack:"+alice || r.Reason != hostileReason {
		t.Errorf("stored %+v", r)
	}
	posts := b.slack.made("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("channel") != channel {
		t.Fatalf("approval message: %+v", posts)
	}
	msg := posts[0].Form
	checkInert(t, "approval message", msg.Get("blocks"), msg.Get("text"))
	if !contains(msg.Get("blocks"), `"action_id":"approve","text":{"type":"plain_text","text":"Approve"},"value":"`+r.ID+`"`) &&
		!contains(msg.Get("blocks"), `"action_id":"approve"`, `"value":"`+r.ID+`"`) {
		t.Errorf("approve button does not carry the request id only: %s", msg.Get("blocks"))
	}
	ts := "1733400000.000002" // the fake's ts of that post
	if got := posts[0]; got.Form.Get("channel") != channel {
		t.Fatal(got)
	}

	hostileRequests(t, b, r, ts)

	// Bob (in the group) approves: the grant is provisioned after the ack.
	if rec := b.send(click(bob, "approve", r.ID, ts)); rec.Code != http.StatusOK {
		t.Fatalf("approve click: %d", rec.Code)
	}
	b.app.Wait()
	if got := b.get(r.ID); got.State != bastion.StateActive || got.ApprovedBy != "slack:"+bob {
		t.Fatalf("after approval: %s by %s", got.State, got.ApprovedBy)
	}
	updates := b.slack.made("chat.update")
	if len(updates) != 1 || updates[0].Form.Get("ts") != ts || !contains(updates[0].Form.Get("blocks"), "Approved by \\u003c@"+bob+"\\u003e at ") {
		t.Errorf("message update: %+v", updates)
	} else {
		checkInert(t, "updated message", updates[0].Form.Get("blocks"), updates[0].Form.Get("text"))
		if strings.Contains(updates[0].Form.Get("blocks"), `"action_id"`) {
			t.Error("the updated message still has buttons")
		}
	}
	dm := lastDM(t, b, alice)
	if !contains(dm, r.SecretName, "aws secretsmanager get-secret-value", r.User, "active until") {
		t.Errorf("approved DM: %s", dm)
	}
	pw, err := b.password(r)
	if err != nil || len(pw) < 20 {
		t.Fatalf("reading the secret: %v", err)
	}
	if strings.Contains(b.slack.all(), pw) {
		t.Fatal("the password was sent to Slack")
	}
	if strings.Contains(b.logs.String(), pw) {
		t.Fatal("the password is in the logs")
	}
	if err := b.login(r, pw); err != nil {
		t.Fatalf("login with the secret's password: %v", err)
	}

	// The 10-minute warning, then expiry.
	b.clock.Set(r.End().Add(-10 * time.Minute))
	if rep := b.sweep(); rep.Warned != 1 {
		t.Errorf("warning sweep: %+v", rep)
	}
	if dm := lastDM(t, b, alice); !contains(dm, "ends at", r.ID) {
		t.Errorf("warning DM: %s", dm)
	}
	b.clock.Set(r.End())
	if rep := b.sweep(); rep.Revoked != 1 {
		t.Errorf("expiry sweep: %+v", rep)
	}
	if dm := lastDM(t, b, alice); !contains(dm, "has ended", "it expired", r.User) {
		t.Errorf("revoked DM: %s", dm)
	}
	if err := b.login(r, pw); err == nil {
		t.Error("login after revocation worked")
	}
	if strings.Contains(b.slack.all(), pw) {
		t.Fatal("the password was sent to Slack")
	}
	var notices []string
	for _, ev := range b.events(r.ID) {
		if ev.Action == bastion.StepNotify {
			notices = append(notices, ev.Detail)
		}
	}
	if got := strings.Join(notices, ", "); got != "requested: given, approved: given, warned: given, revoked: given" {
		t.Errorf("notices audited: %s", got)
	}
}

// checkInert fails when a requester's text reached Slack in a form Slack
// would act on: a mention, a link, mrkdwn, or in the notification text.
func checkInert(t *testing.T, what, blocks, text string) {
	t.Helper()
	var bl []map[string]any
	if err := json.Unmarshal([]byte(blocks), &bl); err != nil {
		t.Fatalf("%s: blocks %q: %v", what, blocks, err)
	}
	found := false
	var walk func(v any, textType string)
	walk = func(v any, textType string) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok && strings.Contains(s, "<!channel>") {
				if x["type"] != "plain_text" {
					t.Errorf("%s: the reason is in a %v text object: %q", what, x["type"], s)
				}
				found = true
			}
			for _, c := range x {
				walk(c, textType)
			}
		case []any:
			for _, c := range x {
				walk(c, textType)
			}
		}
	}
	walk(any(toAny(bl)), "")
	if !found {
		t.Errorf("%s: the reason is not shown: %s", what, blocks)
	}
	if strings.Contains(text, "channel") || strings.Contains(text, "evil") {
		t.Errorf("%s: the notification text holds the reason: %q", what, text)
	}
}

func toAny(bl []map[string]any) []any {
	out := make([]any, len(bl))
	for i, b := range bl {
		out[i] = b
	}
	return out
}

// lastDM returns the blocks and text of the last message to user's DM.
func lastDM(t *testing.T, b *bed, user string) string {
	t.Helper()
	var last string
	for _, c := range b.slack.made("chat.postMessage") {
		if c.Form.Get("channel") == user {
			last = c.Form.Get("text") + "\n" + c.Form.Get("blocks")
		}
	}
	if last == "" {
		t.Fatalf("no DM to %s", user)
	}
	return last
}

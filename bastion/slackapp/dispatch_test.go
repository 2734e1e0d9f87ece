package slackapp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/slackapp"
)

// TestSlackDispatch is the Lambda's way: the Approve click is acked
// having only handed a Work to Dispatch (nothing approved yet); the Work
// survives a JSON round trip (the asynchronous self-invocation), and Run
// with it approves, provisions and updates the message.
func TestSlackDispatch(t *testing.T) {
	var queued [][]byte
	b := newBed(t, func(o *slackapp.Options) {
		o.Dispatch = func(_ context.Context, w slackapp.Work) error {
			js, err := json.Marshal(w)
			queued = append(queued, js)
			return err
		}
	})
	b.slack.setGroup(group, bob)
	b.send(submission(alice, "orders", "read", "1h", "", "INC-11"))
	reqs, _ := b.engine.List(t.Context())
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if rec := b.send(click(bob, "approve", r.ID, "1733400000.000002")); rec.Code != http.StatusOK {
		t.Fatalf("click: %d", rec.Code)
	}
	if cur := b.get(r.ID); cur.State != bastion.StateRequested || len(queued) != 1 {
		t.Fatalf("the ack did the work: %s, %d queued", cur.State, len(queued))
	}
	var w slackapp.Work
	if err := json.Unmarshal(queued[0], &w); err != nil {
		t.Fatal(err)
	}
	if w.Action != slackapp.WorkApprove || w.Actor != "slack:"+bob || w.ID != r.ID || w.TS != "1733400000.000002" {
		t.Errorf("work %+v", w)
	}
	if err := b.app.Run(t.Context(), w); err != nil {
		t.Fatal(err)
	}
	if cur := b.get(r.ID); cur.State != bastion.StateActive {
		t.Errorf("after Run: %s", cur.State)
	}
	if up := b.slack.made("chat.update"); len(up) != 1 {
		t.Errorf("%d message updates", len(up))
	}
	// Run again (a retried invocation): refused as already approved, the
	// message shows the state; nothing is provisioned twice.
	if err := b.app.Run(t.Context(), w); err != nil {
		t.Errorf("second Run: %v", err)
	}
	if eph := b.slack.made("chat.postEphemeral"); len(eph) != 1 || !contains(eph[0].Form.Get("text"), "already", "by slack:"+bob) {
		t.Errorf("second Run told the clicker: %+v", eph)
	}
}

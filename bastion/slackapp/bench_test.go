package slackapp_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

// BenchmarkRequestToUsable measures request → credentials usable (the
// secret read and a login that reads a table), on DynamoDB Local, MariaDB,
// fakeaws Secrets Manager and slacktest:
//
//   - engine-ms/op: the baseline, the engine called directly (what the CLI does);
//   - slack-ms/op: the Slack path, signed HTTP requests through the handler
//     (modal submission, approval message, Approve click, provisioning
//     after the ack, message update and DM).
//
// slack/engine is the ratio (docs/benchmarks.md); ns/op is both together.
func BenchmarkRequestToUsable(b *testing.B) {
	bd := newBed(b)
	bd.slack.setGroup(group, bob)
	ctx := context.Background()
	usable := func(r bastion.Request) {
		pw, err := bd.password(r)
		if err != nil {
			b.Fatal(err)
		}
		if err := bd.login(r, pw); err != nil {
			b.Fatal(err)
		}
	}
	direct := func(b *testing.B) {
		r, err := bd.engine.Request(ctx, bastion.Ask{Requester: "slack:" + alice, Cluster: "orders", Level: bastion.LevelRead, Duration: bastion.DefaultMaxDuration, Reason: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		a, err := bd.engine.Approve(ctx, "slack:"+bob, r.ID)
		if err != nil || a.State != bastion.StateActive {
			b.Fatalf("approve: %v %s", err, a.State)
		}
		usable(a)
	}
	// Warm up first (DynamoDB Local's JVM, connection pools): without it
	// whichever sub-benchmark runs first is up to 2× slower.
	for range 30 {
		direct(b)
	}
	n := 0
	// Slack's payloads differ every time (trigger ids, action
	// timestamps); the same body in the same second is a replay.
	fresh := func(f url.Values) url.Values {
		n++
		f.Set("payload", strings.Replace(f.Get("payload"), "{", fmt.Sprintf(`{"trigger_id":"bench-%d",`, n), 1))
		return f
	}
	viaSlack := func(b *testing.B) {
		before := len(bd.slack.made("chat.postMessage"))
		if rec := bd.send(fresh(submission(alice, "orders", "read", "1h", "", "bench"))); rec.Code != 200 {
			b.Fatalf("submission: %d", rec.Code)
		}
		posts := bd.slack.made("chat.postMessage")
		if len(posts) != before+1 {
			b.Fatalf("no approval message")
		}
		id := approvalID(b, posts[len(posts)-1].Form.Get("blocks"))
		if rec := bd.send(fresh(click(bob, "approve", id, "1733400000.000001"))); rec.Code != 200 {
			b.Fatalf("click: %d", rec.Code)
		}
		bd.app.Wait()
		r := bd.get(id)
		if r.State != bastion.StateActive {
			b.Fatalf("state %s", r.State)
		}
		usable(r)
	}
	// The two paths alternate in one loop, so the machine's noise (other
	// jobs, the JVM) falls on both alike; each is timed on its own.
	var engine, slack time.Duration
	for b.Loop() {
		t0 := time.Now()
		direct(b)
		t1 := time.Now()
		viaSlack(b)
		engine += t1.Sub(t0)
		slack += time.Since(t1)
	}
	b.ReportMetric(float64(engine.Milliseconds())/float64(b.N), "engine-ms/op")
	b.ReportMetric(float64(slack.Milliseconds())/float64(b.N), "slack-ms/op")
	b.ReportMetric(float64(slack)/float64(engine), "slack/engine")
}

// approvalID reads the request id from the approval message's Approve
// button.
func approvalID(tb testing.TB, blocks string) string {
	tb.Helper()
	const key = `"action_id":"approve"`
	i := strings.Index(blocks, key)
	if i < 0 {
		tb.Fatalf("no approve button in %s", blocks)
	}
	rest := blocks[i:]
	j := strings.Index(rest, `"value":"`)
	if j < 0 {
		tb.Fatalf("no value in %s", rest)
	}
	id := rest[j+len(`"value":"`):]
	return id[:bastion.IDLength]
}

package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/bastiontest"
	"github.com/auroradoc/auroradoc/bastion/lambdahandler"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// TestTimersDriveTheGrant: the Lambda as built from its environment, on
// MariaDB, DynamoDB Local and fakeaws. Approval makes the grant usable
// through the VPC's warm host and sets its warning and expiry schedules;
// the scheduler's events, delivered to the Lambda at their times, warn
// and then revoke it: the login fails, the secret is gone, the warm host
// stopped, the schedules deleted after firing.
func TestTimersDriveTheGrant(t *testing.T) {
	clock := bastiontest.NewClock(time.Now().UTC())
	b := newBed(t, "warm", fakeaws.InstanceTiming{Boot: 20 * time.Millisecond, Agent: 10 * time.Millisecond}, clock.Now)
	ctx := context.Background()
	id := b.request(ctx)
	r, conn := b.usable(ctx, id)
	conn.Close()
	var names []string
	for _, s := range b.aws.Schedules(region) {
		names = append(names, s.Name)
		if s.ActionAfterCompletion != "DELETE" || s.Group != "bastion" {
			t.Errorf("schedule %s: after completion %s, group %s; want DELETE, bastion", s.Name, s.ActionAfterCompletion, s.Group)
		}
	}
	if want := []string{"grant-" + id + "-expire", "grant-" + id + "-warn"}; !slices.Equal(names, want) {
		t.Fatalf("schedules %v, want %v (the start is now: no start timer)", names, want)
	}
	if !strings.Contains(r.Connection.Command, "--target "+r.Connection.Host+" --document-name AWS-StartPortForwardingSessionToRemoteHost") {
		t.Errorf("connection command %q", r.Connection.Command)
	}

	warnAt := r.End().Add(-10 * time.Minute)
	clock.Set(warnAt.Add(time.Second))
	if got := b.fire(ctx, warnAt.Add(time.Second)); !slices.Equal(got, []string{"warn"}) {
		t.Fatalf("fired %v at the warning time, want warn", got)
	}
	if g := b.get(ctx, id); g.State != bastion.StateWarned {
		t.Fatalf("after the warning timer: %s, want warned", g.State)
	}

	clock.Set(r.End().Add(time.Second))
	if got := b.fire(ctx, r.End().Add(time.Second)); !slices.Equal(got, []string{"expire"}) {
		t.Fatalf("fired %v at the end, want expire", got)
	}
	if g := b.get(ctx, id); g.State != bastion.StateRevoked {
		t.Fatalf("after the expiry timer: %s, want revoked", g.State)
	}
	if _, err := login(ctx, b.db, r.User, "any"); err == nil {
		t.Error("the revoked user still logs in")
	}
	if in, _ := b.aws.InstanceByID(r.Connection.Host); in.State != fakeaws.StateStopping && in.State != fakeaws.StateStopped {
		t.Errorf("warm host is %s after the last grant ended, want stopped", in.State)
	}
	if n := len(b.aws.Schedules(region)); n != 0 {
		t.Errorf("%d schedules left, want none", n)
	}
	// The periodic sweep's event finds nothing to do.
	if _, err := b.handler.Invoke(ctx, json.RawMessage(`{"sweep":true}`)); err != nil {
		t.Errorf("periodic sweep: %v", err)
	}
}

func (b *bed) get(ctx context.Context, id string) bastion.Request {
	b.tb.Helper()
	rs, err := b.engine.List(ctx)
	if err != nil {
		b.tb.Fatal(err)
	}
	for _, r := range rs {
		if r.ID == id {
			return r
		}
	}
	b.tb.Fatalf("no request %s", id)
	return bastion.Request{}
}

// TestFunctionURLAdapter: a Function URL event reaches the handler as the
// request it stands for (method, path, query, headers, the body byte for
// byte, base64-decoded), and the answer comes back with status, headers,
// cookies and a binary body base64-encoded.
func TestFunctionURLAdapter(t *testing.T) {
	var seen *http.Request
	var body []byte
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen, body = r, must(io.ReadAll(r.Body))
		http.SetCookie(w, &http.Cookie{Name: "s", Value: "1"})
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte{0xff, 0x00, 0x01})
	})
	form := "payload=%7B%22type%22%3A%22block_actions%22%7D"
	ev := events.LambdaFunctionURLRequest{
		RawPath: "/slack/interactivity", RawQueryString: "a=1&b=2",
		Headers: map[string]string{"x-slack-signature": "v0=abc", "x-slack-request-timestamp": "1733370000", "content-type": "application/x-www-form-urlencoded"},
		Body:    "cGF5bG9hZD0lN0IlMjJ0eXBlJTIyJTNBJTIyYmxvY2tfYWN0aW9ucyUyMiU3RA==", IsBase64Encoded: true,
		RequestContext: events.LambdaFunctionURLRequestContext{DomainName: "abc.lambda-url.us-east-1.on.aws", RequestID: "r1",
			HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{Method: "POST", SourceIP: "203.0.113.9"}},
	}
	payload, _ := json.Marshal(ev)
	out, err := lambdahandler.New(h, nil, nil).Invoke(context.Background(), payload)
	if err != nil {
		t.Fatal(err)
	}
	if seen.Method != "POST" || seen.URL.Path != "/slack/interactivity" || seen.URL.Query().Get("b") != "2" ||
		seen.Header.Get("X-Slack-Signature") != "v0=abc" || string(body) != form || seen.Host != "abc.lambda-url.us-east-1.on.aws" {
		t.Errorf("handler saw %s %s host %s headers %v body %q", seen.Method, seen.URL, seen.Host, seen.Header, body)
	}
	res := out.(events.LambdaFunctionURLResponse)
	if res.StatusCode != http.StatusAccepted || !res.IsBase64Encoded || res.Body != "/wAB" ||
		res.Headers["Content-Type"] != "application/octet-stream" || !slices.Equal(res.Cookies, []string{"s=1"}) {
		t.Errorf("response %+v", res)
	}
	bad := ev
	bad.Body = "%%%not base64"
	payload, _ = json.Marshal(bad)
	out, err = lambdahandler.New(h, nil, nil).Invoke(context.Background(), payload)
	if err != nil || out.(events.LambdaFunctionURLResponse).StatusCode != http.StatusBadRequest {
		t.Errorf("a body that is not base64: %+v, %v; want 400", out, err)
	}
	if _, err := lambdahandler.New(h, nil, nil).Invoke(context.Background(), json.RawMessage(`{"grant":"x","bogus":1}`)); err == nil {
		t.Error("an event with an unknown field was accepted")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

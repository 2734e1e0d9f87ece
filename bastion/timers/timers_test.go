package timers_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/timers"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

func TestExpressionNeverEarly(t *testing.T) {
	for in, want := range map[time.Time]string{
		time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC):                    "at(2026-12-05T03:00:00)",
		time.Date(2026, 12, 5, 3, 0, 0, 1, time.UTC):                    "at(2026-12-05T03:00:01)",
		time.Date(2026, 12, 5, 4, 0, 0, 0, time.FixedZone("CET", 3600)): "at(2026-12-05T03:00:00)",
	} {
		if got := timers.Expression(in); got != want {
			t.Errorf("Expression(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestSetAndClear: with the real Scheduler client against fakeaws, a
// grant starting later gets start, warning and expiry schedules (DELETE
// after completion, the grant and step in the input); setting them again
// is harmless; Clear removes them and clearing again is harmless.
func TestSetAndClear(t *testing.T) {
	s, err := fakeaws.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("eu-west-1"), config.WithBaseEndpoint(s.URL()),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")),
		config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	tm, err := timers.New(timers.Options{Client: scheduler.NewFromConfig(cfg), Group: "bastion",
		TargetARN: "arn:aws:lambda:eu-west-1:111122223333:function:bastion", RoleARN: "arn:aws:iam::111122223333:role/s",
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	r := bastion.Request{ID: "abcdefghijk2", Start: now.Add(time.Hour), Duration: time.Hour}
	for range 2 {
		if err := tm.Set(ctx, r, 10*time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]string{}
	for _, sc := range s.Schedules("eu-west-1") {
		var ev timers.Event
		if err := json.Unmarshal([]byte(sc.Input), &ev); err != nil || ev.Grant != r.ID || sc.ActionAfterCompletion != "DELETE" {
			t.Errorf("schedule %+v: event %+v, %v", sc, ev, err)
		}
		got[ev.Step] = sc.Expression
	}
	want := map[string]string{"start": "at(2026-12-05T04:00:00)", "warn": "at(2026-12-05T04:50:00)", "expire": "at(2026-12-05T05:00:00)"}
	if len(got) != 3 || got["start"] != want["start"] || got["warn"] != want["warn"] || got["expire"] != want["expire"] {
		t.Errorf("schedules %v, want %v", got, want)
	}
	for range 2 {
		if err := tm.Clear(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(s.Schedules("eu-west-1")); n != 0 {
		t.Errorf("%d schedules after Clear", n)
	}
}

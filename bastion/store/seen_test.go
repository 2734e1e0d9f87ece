package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/dynamolocal"
)

type remembering interface {
	Remember(ctx context.Context, key string, until time.Time) (bool, error)
}

// testRemember: a key is new once, a replay while remembered, and new
// again once its time is past (before DynamoDB's TTL removes it).
func testRemember(t *testing.T, r remembering) {
	ctx := context.Background()
	until := time.Now().Add(5 * time.Minute)
	if fresh, err := r.Remember(ctx, "v0=abc", until); err != nil || !fresh {
		t.Fatalf("first: %v %v", fresh, err)
	}
	if fresh, err := r.Remember(ctx, "v0=abc", until); err != nil || fresh {
		t.Errorf("replay accepted: %v %v", fresh, err)
	}
	if fresh, err := r.Remember(ctx, "v0=def", until); err != nil || !fresh {
		t.Errorf("another key: %v %v", fresh, err)
	}
	past := time.Now().Add(-time.Second)
	if _, err := r.Remember(ctx, "v0=old", past); err != nil {
		t.Fatal(err)
	}
	if fresh, err := r.Remember(ctx, "v0=old", until); err != nil || !fresh {
		t.Errorf("a lapsed key is still remembered: %v %v", fresh, err)
	}
}

func TestRemember(t *testing.T) {
	srv := dynamolocal.Start(t)
	if err := store.CreateTable(context.Background(), srv.Client, "seen"); err != nil {
		t.Fatal(err)
	}
	st := store.New(srv.Client, "seen", 0)
	t.Run("DynamoDB", func(t *testing.T) { testRemember(t, st) })
	t.Run("Memory", func(t *testing.T) { testRemember(t, store.NewMemory()) })
	// Seen markers are not requests.
	if rs, err := st.List(context.Background()); err != nil || len(rs) != 0 {
		t.Errorf("List after Remember: %v %v", rs, err)
	}
}

// TestMemoryTransitions: the in-memory store keeps the conditional-write
// rule: of two transitions from one version, the second is a StateError.
func TestMemoryTransitions(t *testing.T) {
	ctx := context.Background()
	m := store.NewMemory()
	now := time.Now().UTC()
	r, err := bastion.NewRequest(bastion.Ask{Requester: "alice", Cluster: "c1", Level: bastion.LevelRead, Duration: time.Hour, Reason: "INC-1"}, "abcdefghijkl", "p/", bastion.Limits{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Create(ctx, r, bastion.Event{RequestID: r.ID, Version: 1, Action: "request"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Create(ctx, r, bastion.Event{RequestID: r.ID, Version: 1, Action: "request"}); err == nil {
		t.Error("second Create of one id accepted")
	}
	a, d := r, r
	a.State, a.Version, a.ChangedBy = bastion.StateApproved, 2, "bob"
	d.State, d.Version, d.ChangedBy = bastion.StateDenied, 2, "carol"
	if err := m.Transition(ctx, bastion.StateRequested, a, bastion.Event{RequestID: r.ID, Version: 2, Action: "approve"}); err != nil {
		t.Fatal(err)
	}
	err = m.Transition(ctx, bastion.StateRequested, d, bastion.Event{RequestID: r.ID, Version: 2, Action: "deny"})
	var se *bastion.StateError
	if !errors.As(err, &se) || se.State != bastion.StateApproved || se.By != "bob" {
		t.Errorf("losing transition: %v", err)
	}
	if evs, _ := m.Audit(ctx, r.ID); len(evs) != 2 {
		t.Errorf("%d events, want 2", len(evs))
	}
	if _, err := m.Get(ctx, "zzzzzzzzzzzz"); !errors.Is(err, bastion.ErrNotFound) {
		t.Errorf("Get of a missing id: %v", err)
	}
}

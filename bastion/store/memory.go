package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

// Memory is a bastion.Store (and a replay memory, Remember) held in the
// process, for `bastion serve --dev` and trying the engine without
// DynamoDB. It keeps the DynamoDB store's rules: transitions compare
// state and version, a lost race is a *bastion.StateError, events are
// append-only. Everything is lost when the process ends.
type Memory struct {
	mu       sync.Mutex
	requests map[string]bastion.Request
	events   map[string][]bastion.Event
	seen     map[string]time.Time
}

var _ bastion.Store = (*Memory)(nil)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{requests: map[string]bastion.Request{}, events: map[string][]bastion.Event{}, seen: map[string]time.Time{}}
}

func (m *Memory) Create(_ context.Context, r bastion.Request, ev bastion.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.requests[r.ID]; ok {
		return fmt.Errorf("creating request %s: a request of that id exists", r.ID)
	}
	m.requests[r.ID] = r
	m.events[r.ID] = append(m.events[r.ID], ev)
	return nil
}

func (m *Memory) Transition(_ context.Context, from bastion.State, r bastion.Request, ev bastion.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.requests[r.ID]
	if !ok {
		return fmt.Errorf("%w: %s", bastion.ErrNotFound, r.ID)
	}
	if cur.State != from || cur.Version != r.Version-1 {
		return bastion.NewStateError(cur, bastion.Action(ev.Action))
	}
	m.requests[r.ID] = r
	m.events[r.ID] = append(m.events[r.ID], ev)
	return nil
}

func (m *Memory) Get(_ context.Context, id string) (bastion.Request, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.requests[id]
	if !ok {
		return bastion.Request{}, fmt.Errorf("%w: %s", bastion.ErrNotFound, id)
	}
	return r, nil
}

func (m *Memory) List(_ context.Context, states ...bastion.State) ([]bastion.Request, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bastion.Request
	for _, r := range m.requests {
		if len(states) == 0 || slices.Contains(states, r.State) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (m *Memory) Append(_ context.Context, ev bastion.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.requests[ev.RequestID]; !ok {
		return fmt.Errorf("%w: %s", bastion.ErrNotFound, ev.RequestID)
	}
	m.events[ev.RequestID] = append(m.events[ev.RequestID], ev)
	return nil
}

func (m *Memory) Audit(_ context.Context, id string) ([]bastion.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	evs := slices.Clone(m.events[id])
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Version < evs[j].Version })
	return evs, nil
}

// Remember is Store.Remember in memory.
func (m *Memory) Remember(_ context.Context, key string, until time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	for k, t := range m.seen {
		if t.Before(now) {
			delete(m.seen, k)
		}
	}
	if _, ok := m.seen[key]; ok {
		return false, nil
	}
	m.seen[key] = until
	return true, nil
}

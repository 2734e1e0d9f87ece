// Package storetest holds the snapshot store's contract tests that must
// hold on every backend (a local directory and an S3 prefix): each test
// package calls them with a store over its own backend.
package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/snapshot"
)

// Snap is a small valid snapshot of target name taken at at.
func Snap(name string, at time.Time) *snapshot.Snapshot {
	return &snapshot.Snapshot{FormatVersion: snapshot.FormatVersion, Target: snapshot.Target{Name: name, Kind: "static"},
		TakenAt: at, Server: snapshot.Server{Flavor: "mysql", Version: "8.0.36"},
		Variables: map[string]string{"max_connections": "100"}}
}

// ConcurrentSets starts n crawls at the same instant (NewSet, Put of its
// own target, Finish) on st and checks that every crawl got a set of its
// own: distinct ids, each manifest listing exactly its own target, each set
// holding exactly its own snapshot file.
func ConcurrentSets(t *testing.T, st *snapshot.Store, n int) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	ids := make([]string, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			name := fmt.Sprintf("crawl-%d", i)
			w, err := st.NewSet(ctx, at)
			if err != nil {
				errs[i] = err
				return
			}
			ids[i] = w.ID()
			file, sum, err := w.Put(ctx, Snap(name, at))
			if err != nil {
				errs[i] = err
				return
			}
			errs[i] = w.Finish(ctx, &snapshot.Manifest{StartedAt: at, FinishedAt: at,
				Targets: []*snapshot.Entry{{Name: name, Status: snapshot.StatusOK, File: file, SHA256: sum}}})
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("crawl %d: %v", i, err)
		}
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != n {
		t.Fatalf("%d crawls started in the same second share sets: ids %v", n, ids)
	}
	sets, err := st.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != n {
		t.Errorf("store lists %d sets, want %d: %v", len(sets), n, sets)
	}
	for i, id := range ids {
		name := fmt.Sprintf("crawl-%d", i)
		m, err := st.Manifest(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Targets) != 1 || m.Targets[0].Name != name || m.Set != id {
			t.Errorf("set %s: manifest lists %s, want only %s", id, entryNames(m), name)
		}
		s, err := st.Snapshot(ctx, id, name)
		if err != nil {
			t.Errorf("set %s: %v", id, err)
		} else if s.Target.Name != name {
			t.Errorf("set %s: snapshot of %s holds %s", id, name, s.Target.Name)
		}
	}
}

func entryNames(m *snapshot.Manifest) string {
	var names []string
	for _, e := range m.Targets {
		names = append(names, e.Name)
	}
	return "[" + strings.Join(names, " ") + "]"
}

// FailedPutIsCarried writes a good set with targets "steady" and "flaky",
// then a second set in which the write of flaky's snapshot fails (broken
// makes the backend fail that write, mended undoes it) and checks what a
// crawl then records: flaky failed, with the write error, and its last good
// snapshot carried forward from the first set, readable from the second.
func FailedPutIsCarried(t *testing.T, st *snapshot.Store, broken func(set string), mended func(set string)) {
	t.Helper()
	ctx := context.Background()
	night1 := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	night2 := night1.AddDate(0, 0, 1)
	w1, err := st.NewSet(ctx, night1)
	if err != nil {
		t.Fatal(err)
	}
	m1 := &snapshot.Manifest{StartedAt: night1, FinishedAt: night1}
	for _, name := range []string{"steady", "flaky"} {
		file, sum, err := w1.Put(ctx, Snap(name, night1))
		if err != nil {
			t.Fatal(err)
		}
		m1.Targets = append(m1.Targets, &snapshot.Entry{Name: name, Status: snapshot.StatusOK, File: file, SHA256: sum})
	}
	if err := w1.Finish(ctx, m1); err != nil {
		t.Fatal(err)
	}

	// Night 2, as collector.CrawlToStore does it: a failed Put makes the
	// target a failed entry, then the carry-forward runs.
	w2, err := st.NewSet(ctx, night2)
	if err != nil {
		t.Fatal(err)
	}
	m2 := &snapshot.Manifest{StartedAt: night2, FinishedAt: night2}
	for _, name := range []string{"steady", "flaky"} {
		e := &snapshot.Entry{Name: name}
		m2.Targets = append(m2.Targets, e)
		if name == "flaky" {
			broken(w2.ID())
		}
		file, sum, err := w2.Put(ctx, Snap(name, night2))
		if name == "flaky" {
			mended(w2.ID())
		}
		if err != nil {
			e.Status, e.Error = snapshot.StatusFailed, err.Error()
			continue
		}
		e.Status, e.File, e.SHA256 = snapshot.StatusOK, file, sum
	}
	if e := m2.Targets[1]; e.Status != snapshot.StatusFailed {
		t.Fatalf("the injected write failure did not fail flaky's Put: %+v", e)
	}
	if _, err := w2.CarryForward(ctx, m1, m2.Targets); err != nil {
		t.Fatal(err)
	}
	if err := w2.Finish(ctx, m2); err != nil {
		t.Fatal(err)
	}
	got, err := st.Manifest(ctx, w2.ID())
	if err != nil {
		t.Fatal(err)
	}
	var flaky *snapshot.Entry
	for _, e := range got.Targets {
		if e.Name == "flaky" {
			flaky = e
		}
	}
	if flaky == nil || flaky.Status != snapshot.StatusFailed || flaky.Error == "" {
		t.Fatalf("flaky = %+v, want failed with the write error", flaky)
	}
	if !flaky.Stale() || flaky.StaleFrom != w1.ID() || len(flaky.Warnings) != 0 {
		t.Errorf("flaky = %+v, want its snapshot carried from set %s without warnings", flaky, w1.ID())
	}
	s, err := st.Snapshot(ctx, w2.ID(), "flaky")
	if err != nil {
		t.Fatalf("set %s holds no copy of flaky: %v", w2.ID(), err)
	}
	if !s.TakenAt.Equal(night1) {
		t.Errorf("flaky's copy in set %s taken at %v, want night 1's (%v)", w2.ID(), s.TakenAt, night1)
	}
}

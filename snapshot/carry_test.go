package snapshot

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestCarryForward runs three nights on a directory store: night 1 crawls
// alpha, beta, gamma and delta; on night 2 beta fails, gamma is stopped,
// delta is filtered out by the configuration; on night 3 beta fails again
// and gamma is back. The carried copy keeps its original set and age, and
// readers get the snapshot from the new set.
func TestCarryForward(t *testing.T) {
	ctx := context.Background()
	st, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	night := func(i int) time.Time { return time.Date(2026, 11, 18+i, 3, 0, 0, 0, time.UTC) }
	// run writes one set: ok targets get a fresh snapshot, the others the
	// given entry; it returns the manifest as written.
	run := func(i int, ok []string, others ...*Entry) *Manifest {
		t.Helper()
		var prev *Manifest
		if id, err := st.Latest(ctx); err == nil {
			if prev, err = st.Manifest(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		w, err := st.NewSet(ctx, night(i))
		if err != nil {
			t.Fatal(err)
		}
		m := &Manifest{StartedAt: night(i), FinishedAt: night(i).Add(10 * time.Minute), Targets: others}
		for _, name := range ok {
			s := sample()
			s.Target.Name, s.TakenAt = name, night(i).Add(time.Minute)
			file, sum, err := w.Put(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			m.Targets = append(m.Targets, &Entry{Name: name, Status: StatusOK, File: file, SHA256: sum, Schemas: 1, Tables: 2})
		}
		if _, err := w.CarryForward(ctx, prev, m.Targets); err != nil {
			t.Fatal(err)
		}
		if err := w.Finish(ctx, m); err != nil {
			t.Fatal(err)
		}
		got, err := st.Manifest(ctx, w.ID())
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	entry := func(m *Manifest, name string) *Entry {
		for _, e := range m.Targets {
			if e.Name == name {
				return e
			}
		}
		t.Fatalf("no entry %s in set %s", name, m.Set)
		return nil
	}

	m1 := run(1, []string{"alpha", "beta", "gamma", "delta"})
	m2 := run(2, []string{"alpha"},
		&Entry{Name: "beta", Status: StatusFailed, Error: "connecting: connection refused"},
		&Entry{Name: "gamma", Status: StatusSkipped, Reason: "status is stopped, not available"},
		&Entry{Name: "delta", Status: StatusSkipped, Reason: "excluded by aws.exclude", Filtered: true},
		&Entry{Name: "epsilon", Status: StatusFailed, Error: "never crawled"})
	m3 := run(3, []string{"alpha", "gamma"},
		&Entry{Name: "beta", Status: StatusFailed, Error: "connecting: connection refused"})

	beta2 := entry(m2, "beta")
	takenNight1 := night(1).Add(time.Minute)
	if !beta2.Stale() || beta2.StaleFrom != m1.Set || beta2.StaleSince == nil || !beta2.StaleSince.Equal(takenNight1) ||
		beta2.Status != StatusFailed || beta2.Error == "" || beta2.Tables != 2 || beta2.SHA256 != entry(m1, "beta").SHA256 {
		t.Errorf("night 2 beta = %+v, want a stale copy of night 1's snapshot", beta2)
	}
	if age := m2.StaleAge(beta2); age != 24*time.Hour+9*time.Minute {
		t.Errorf("stale age on night 2 = %v", age)
	}
	if g := entry(m2, "gamma"); !g.Stale() || g.Reason == "" {
		t.Errorf("skipped gamma not carried: %+v", g)
	}
	if d := entry(m2, "delta"); d.HasSnapshot() || d.Stale() {
		t.Errorf("filtered delta was carried: %+v", d)
	}
	if e := entry(m2, "epsilon"); e.HasSnapshot() {
		t.Errorf("epsilon never had a snapshot, got %+v", e)
	}
	// The copy lives in set 2 and reads back as night 1's snapshot.
	s, err := st.Snapshot(ctx, m2.Set, "beta")
	if err != nil {
		t.Fatal(err)
	}
	if !s.TakenAt.Equal(takenNight1) {
		t.Errorf("carried snapshot taken at %v", s.TakenAt)
	}
	// Night 3: carried again from set 2, but still "from set 1, since
	// night 1"; gamma is fresh again.
	beta3 := entry(m3, "beta")
	if beta3.StaleFrom != m1.Set || !beta3.StaleSince.Equal(takenNight1) || m3.StaleAge(beta3) != 48*time.Hour+9*time.Minute {
		t.Errorf("night 3 beta = %+v", beta3)
	}
	if g := entry(m3, "gamma"); g.Stale() || g.Status != StatusOK {
		t.Errorf("gamma back on night 3 still stale: %+v", g)
	}
	// Dropping set 1 (retention) does not cost set 3 its copy.
	if err := st.b.Delete(ctx, m1.Set+"/"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Snapshot(ctx, m3.Set, "beta"); err != nil {
		t.Errorf("carried copy depends on the set it came from: %v", err)
	}
}

// TestCarryForwardUnreadable: a previous snapshot that cannot be read
// costs only that entry its copy, with a warning saying why.
func TestCarryForwardUnreadable(t *testing.T) {
	ctx := context.Background()
	st, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w, err := st.NewSet(ctx, time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.b.Put(ctx, w.ID()+"/targets/beta.json.gz", []byte("not gzip")); err != nil {
		t.Fatal(err)
	}
	prev := &Manifest{Set: w.ID(), Targets: []*Entry{{Name: "beta", Status: StatusOK, File: "targets/beta.json.gz"}}}
	w2, err := st.NewSet(ctx, time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	e := &Entry{Name: "beta", Status: StatusFailed, Error: "boom"}
	n, err := w2.CarryForward(ctx, prev, []*Entry{e})
	if err != nil || n != 0 {
		t.Fatalf("CarryForward = %d, %v", n, err)
	}
	if e.HasSnapshot() || len(e.Warnings) != 1 || !strings.Contains(e.Warnings[0], "not carried forward") || !strings.Contains(e.Warnings[0], w.ID()) {
		t.Errorf("entry = %+v", e)
	}
}

package nightly

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/drift/report"
	dt "github.com/auroradoc/auroradoc/internal/drifttest"
	"github.com/auroradoc/auroradoc/render/er"
	"github.com/auroradoc/auroradoc/snapshot"
)

// TestMain lets this test binary serve as its own Graphviz worker, as the
// commands do.
func TestMain(m *testing.M) {
	er.ServeWorkerIfRequested()
	os.Exit(m.Run())
}

func manifest(t *testing.T, b *dt.Store, i int) *snapshot.Manifest {
	t.Helper()
	m, err := b.St.Manifest(context.Background(), b.IDs[i])
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestDriftSinceLastReported: without marks a night is compared with the
// set before it; once a set's report is marked delivered, later nights
// are compared with it, so an unreported night in between is not lost; a
// set whose manifest is damaged is passed over.
func TestDriftSinceLastReported(t *testing.T) {
	ctx := context.Background()
	b := dt.DriftStore(t) // sets 1, 2 (orders changed), 3 (as 2)
	now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	r, err := Drift(ctx, b.St, manifest(t, b, 2), Options{Now: now})
	if err != nil || r == nil || r.From != b.IDs[1] {
		t.Fatalf("no marks: from %v, %v; want set 2", r, err)
	}
	if len(r.Changes) != 0 {
		t.Errorf("set 2 → 3 changes: %v", dt.Keys(r.Changes))
	}
	// Set 1's report was delivered, set 2's never was: set 3 is reported
	// against set 1 and carries set 2's changes.
	r1, err := Drift(ctx, b.St, manifest(t, b, 0), Options{Now: now})
	if err != nil || r1 != nil {
		t.Fatalf("first set: %v, %v; want nil", r1, err)
	}
	if err := MarkReported(ctx, b.St, &report.Report{To: b.IDs[0], From: "-"}, now); err != nil {
		t.Fatal(err)
	}
	r, err = Drift(ctx, b.St, manifest(t, b, 2), Options{Now: now})
	if err != nil || r.From != b.IDs[0] {
		t.Fatalf("marked set 1: from %v, %v; want set 1", r, err)
	}
	dt.AssertKeys(t, "changes since set 1", r.Changes, dt.OrdersChanges)
	// Set 2 marked too, but its manifest is now damaged: set 3 is compared
	// with set 1, the newest readable set before it.
	if err := MarkReported(ctx, b.St, &report.Report{To: b.IDs[1], From: b.IDs[0]}, now); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.Dir, b.IDs[1], "manifest.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err = Drift(ctx, b.St, manifest(t, b, 2), Options{Now: now})
	if err != nil || r.From != b.IDs[0] {
		t.Fatalf("damaged set 2: from %v, %v; want set 1", r, err)
	}
}

// TestRender: the site of a set with its drift pages, linked from every
// page.
func TestRender(t *testing.T) {
	ctx := context.Background()
	b := dt.DriftStore(t)
	out := filepath.Join(t.TempDir(), "site")
	if err := Render(ctx, b.St, manifest(t, b, 2), Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "drift/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not rendered: %v", f, err)
		}
	}
	out2 := filepath.Join(t.TempDir(), "site")
	if err := Render(ctx, b.St, manifest(t, b, 2), Options{Out: out2, NoHistory: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out2, "drift")); !os.IsNotExist(err) {
		t.Errorf("NoHistory rendered drift pages (%v)", err)
	}
}

package history

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/drifttest"
)

// TestUpdateSkipsDamagedManifest: a truncated manifest in the oldest set
// costs that night only. Update used to fail on it, and with it every
// render and run, until someone repaired the store; now the other nights
// get their records (the night after, compared with nothing, is marked as
// a problem and retried) and the history loads.
func TestUpdateSkipsDamagedManifest(t *testing.T) {
	ctx := context.Background()
	b := drifttest.DriftStore(t)
	if err := os.WriteFile(filepath.Join(b.Dir, b.IDs[0], "manifest.json"), []byte(`{"format_version": 1, "set": "`), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := Update(ctx, b.St, Options{})
	if err != nil {
		t.Fatalf("Update with a damaged oldest set: %v", err)
	}
	if n != 2 {
		t.Errorf("%d records written, want 2 (sets 2 and 3)", n)
	}
	rec, err := readRecord(ctx, b.St, b.IDs[1])
	if err != nil {
		t.Fatal(err)
	}
	if rec.Problems == 0 {
		t.Error("set 2's record does not say its previous set was unreadable")
	}
	for _, d := range rec.Targets {
		if len(d.Findings) != 0 {
			t.Errorf("%s: findings %v against an unreadable set", d.Name, d.Findings)
		}
		if d.Status == "ok" && !strings.Contains(d.Problem, "not compared with set "+b.IDs[0]) {
			t.Errorf("%s: problem %q", d.Name, d.Problem)
		}
	}
	h, err := Load(ctx, b.St, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Nights) != 2 {
		t.Errorf("history has %d nights, want 2", len(h.Nights))
	}
}

package snapshot

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSnapshotVerifiesSHA256: a snapshot file whose bytes do not match the
// manifest's sha256 (here: replaced by another valid snapshot, which the
// decoder alone cannot notice) is an error that says "damaged" and names
// the set and target; an entry without sha256 (an older manifest) is read
// as before; a damaged snapshot is not carried forward into the next set.
func TestSnapshotVerifiesSHA256(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	st, err := OpenDir(root)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	w, err := st.NewSet(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	m := &Manifest{StartedAt: at, FinishedAt: at}
	for _, name := range []string{"alpha", "legacy"} {
		s := sample()
		s.Target.Name = name
		file, sum, err := w.Put(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		e := &Entry{Name: name, Status: StatusOK, File: file, SHA256: sum}
		if name == "legacy" {
			e.SHA256 = "" // written before manifests carried sha256
		}
		m.Targets = append(m.Targets, e)
	}
	if err := w.Finish(ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Snapshot(ctx, w.ID(), "alpha"); err != nil {
		t.Fatalf("intact snapshot: %v", err)
	}
	// Replace both files with another valid snapshot.
	other := sample()
	other.Server.Version = "8.0.99"
	var buf bytes.Buffer
	if err := Write(&buf, other); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alpha", "legacy"} {
		if err := os.WriteFile(filepath.Join(root, w.ID(), "targets", name+".json.gz"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A fresh store (nothing cached) and the one that wrote the set.
	fresh, err := OpenDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*Store{fresh, st} {
		_, err = s.Snapshot(ctx, w.ID(), "alpha")
		if err == nil || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), w.ID()) || !strings.Contains(err.Error(), "alpha") {
			t.Fatalf("snapshot not matching its sha256: want an error saying damaged, naming set and target, got %v", err)
		}
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("damaged snapshot: want ErrDamaged, got %v", err)
		}
		if got, err := s.Snapshot(ctx, w.ID(), "legacy"); err != nil || got.Server.Version != "8.0.99" {
			t.Errorf("entry without sha256: want it read as before, got %v", err)
		}
	}

	// The damaged snapshot is not laundered into the next set under a new
	// checksum.
	w2, err := st.NewSet(ctx, at.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	e := &Entry{Name: "alpha", Status: StatusFailed, Error: "boom"}
	if n, err := w2.CarryForward(ctx, m, []*Entry{e}); err != nil || n != 0 {
		t.Fatalf("CarryForward = %d, %v", n, err)
	}
	if e.HasSnapshot() || len(e.Warnings) != 1 || !strings.Contains(e.Warnings[0], "damaged") {
		t.Errorf("damaged snapshot carried forward: %+v", e)
	}
}

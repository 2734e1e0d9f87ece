package snapshot

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestDamageIsErrDamaged: every way a stored file can be unusable —
// missing though the manifest lists it, not decodable (an entry without
// sha256, so only the decoder can tell), a manifest that does not decode —
// is an error wrapping ErrDamaged, so that readers can isolate that
// target or set; a snapshot of a newer format is not damage.
func TestDamageIsErrDamaged(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	st, err := OpenDirForWriting(root)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	w, err := st.NewSet(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	m := &Manifest{StartedAt: at, FinishedAt: at}
	for _, name := range []string{"gone", "garbled", "future"} {
		s := sample()
		s.Target.Name = name
		file, _, err := w.Put(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		m.Targets = append(m.Targets, &Entry{Name: name, Status: StatusOK, File: file}) // no sha256
	}
	if err := w.Finish(ctx, m); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, w.ID())
	if err := os.Remove(filepath.Join(dir, "targets", "gone.json.gz")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "targets", "garbled.json.gz"), []byte(`{"format_version": 1, "tar`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "targets", "future.json.gz"), []byte(`{"format_version": 99}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Manifest(ctx, w.ID()); err != nil {
		t.Fatal(err)
	}
	for name, damaged := range map[string]bool{"gone": true, "garbled": true, "future": false} {
		_, err := st.Snapshot(ctx, w.ID(), name)
		if err == nil || errors.Is(err, ErrDamaged) != damaged {
			t.Errorf("%s: err %v, damaged %v, want damaged %v", name, err, errors.Is(err, ErrDamaged), damaged)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"format_version": 1, "set": "`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Manifest(ctx, w.ID()); !errors.Is(err, ErrDamaged) {
		t.Errorf("truncated manifest: %v, want ErrDamaged", err)
	}
}

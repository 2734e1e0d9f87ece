package testbed

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSweepStaleDirs(t *testing.T) {
	if !haveFlock {
		t.Skip("no flock on this platform: stale directories are never swept")
	}
	t.Setenv("TMPDIR", t.TempDir())
	old := time.Now().Add(-2 * staleAge)

	// Left by a test binary that died: lock file present, nobody holds it.
	dead := filepath.Join(os.TempDir(), dirPrefix+"dead")
	if err := os.MkdirAll(filepath.Join(dead, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dead, lockName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(filepath.Join(dead, lockName), old, old); err != nil {
		t.Fatal(err)
	}
	// In use by a live process (this one), even though it is old.
	live, err := newWorkDir()
	if err != nil {
		t.Fatal(err)
	}
	defer live.remove()
	if err := os.Chtimes(filepath.Join(live.path, lockName), old, old); err != nil {
		t.Fatal(err)
	}
	// Unlocked but brand new: its owner may be between creating and locking.
	young, err := os.MkdirTemp("", dirPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(young, lockName), nil, 0o600); err != nil {
		t.Fatal(err)
	}

	sweepStaleDirs()

	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale dir %s survived the sweep: %v", dead, err)
	}
	for _, d := range []string{live.path, young} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("sweep removed %s: %v", d, err)
		}
	}
}

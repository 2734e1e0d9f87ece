package snapshot_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/storetest"
)

// TestConcurrentSetsDir: ten crawls started in the same second on one
// directory store each get a set of their own.
func TestConcurrentSetsDir(t *testing.T) {
	st, err := snapshot.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	storetest.ConcurrentSets(t, st, 10)
}

// TestFailedPutIsCarriedDir: a snapshot that cannot be written (a
// directory is in the way of its file, as a full disk would fail it) does
// not block the carry-forward of the target's last good snapshot.
func TestFailedPutIsCarriedDir(t *testing.T) {
	root := t.TempDir()
	st, err := snapshot.OpenDir(root)
	if err != nil {
		t.Fatal(err)
	}
	obstacle := func(set string) string { return filepath.Join(root, set, "targets", "flaky.json.gz") }
	storetest.FailedPutIsCarried(t, st,
		func(set string) {
			if err := os.MkdirAll(filepath.Join(obstacle(set), "in-the-way"), 0o755); err != nil {
				t.Fatal(err)
			}
		},
		func(set string) {
			if err := os.RemoveAll(obstacle(set)); err != nil {
				t.Fatal(err)
			}
		})
}

package location

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
)

// TestOpenDir: a directory to read must exist (nothing is created); one to
// write into need not.
func TestOpenDir(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	if _, err := Open(ctx, dir, Options{}); !errors.Is(err, snapshot.ErrNoStore) {
		t.Errorf("reading a missing store: %v, want ErrNoStore", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("reading created the store (%v)", err)
	}
	if _, err := Open(ctx, dir, Options{ForWriting: true}); err != nil {
		t.Errorf("opening for writing: %v", err)
	}
	if !IsS3("s3://b/p") || IsS3(dir) {
		t.Error("IsS3")
	}
}

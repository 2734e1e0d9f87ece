package snapshot

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenDirDoesNotCreate: opening a store to read it fails clearly when
// the directory does not exist, and leaves nothing behind.
func TestOpenDirDoesNotCreate(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nonexistent")
	_, err := OpenDir(missing)
	if err == nil || !strings.Contains(err.Error(), "no snapshot store at "+missing) {
		t.Errorf("OpenDir of a missing directory: want \"no snapshot store at %s\", got %v", missing, err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenDir created %s (%v)", missing, err)
	}
}

package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadingCommandsDoNotCreateTheStore: drift, render and baseline on a
// store directory that does not exist fail with "no snapshot store at …"
// and leave no directory behind (a typo in --store is not a new store).
func TestReadingCommandsDoNotCreateTheStore(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nonexistent")
	for _, args := range [][]string{
		{"drift", "--store", missing},
		{"render", "--store", missing, "--out", filepath.Join(dir, "site")},
		{"baseline", "--store", missing, "--out", filepath.Join(dir, "baseline.json")},
	} {
		code, out, errOut := runCLI(t, nil, args...)
		if code == exitOK || !strings.Contains(errOut, "no snapshot store at "+missing) {
			t.Errorf("%s: exit %d, want a failure saying \"no snapshot store at %s\"\n%s\n%s", args[0], code, missing, out, errOut)
		}
		if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s created %s (%v)", args[0], missing, err)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
)

// latestSet opens the store directory and reads its latest set's manifest.
func latestSet(t *testing.T, store string) (*snapshot.Store, string, *snapshot.Manifest) {
	t.Helper()
	ctx := context.Background()
	st, err := snapshot.OpenDir(store)
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.Manifest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return st, id, m
}

// assertNoSecrets fails when any secret appears in output, in a plain file
// of the store (manifests) or in a decoded snapshot of the latest set.
func assertNoSecrets(t *testing.T, store, output string, secrets ...string) {
	t.Helper()
	ctx := context.Background()
	var all bytes.Buffer
	all.WriteString(output)
	filepath.WalkDir(store, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".gz") {
			b, _ := os.ReadFile(p)
			all.Write(b)
		}
		return nil
	})
	st, id, m := latestSet(t, store)
	snapshots := 0
	for _, e := range m.Targets {
		if e.Status != snapshot.StatusOK {
			continue
		}
		s, err := st.Snapshot(ctx, id, e.Name)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(s)
		all.Write(b)
		snapshots++
	}
	if snapshots == 0 {
		t.Fatal("no snapshot to search for secrets")
	}
	for i, secret := range secrets {
		if secret != "" && strings.Contains(all.String(), secret) {
			t.Errorf("secret #%d leaked into output, manifest or snapshots", i)
		}
	}
}

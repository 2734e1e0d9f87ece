package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
)

// TestDemo runs the README's first command in-process: every demo server
// is crawled and its snapshot is readable.
func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"--store", dir}, &out, &errb); err != nil {
		t.Fatalf("demo failed: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	}
	st, err := snapshot.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := st.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.Manifest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if m.Summary.OK != 3 {
		t.Fatalf("manifest: %+v", m.Summary)
	}
	for _, e := range m.Targets {
		s, err := st.Snapshot(ctx, id, e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Schemas) == 0 || e.Tables == 0 {
			t.Errorf("%s: no schemas/tables", e.Name)
		}
	}
	if !strings.Contains(out.String(), "commerce-prd") {
		t.Errorf("summary missing:\n%s", out.String())
	}
}

package er

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden compares got with testdata/golden/name, or rewrites the file
// with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render/er -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (%d bytes, want %d); if the change is intended, run go test ./render/er -run %s -update and review the diff",
			name, len(got), len(want), t.Name())
	}
}

// TestGolden pins the SVG of the fixture diagrams: the shop schema, the
// hostile schema, the billing schema (an
// external table) and the index of the shop overview (spring layout, so
// its determinism across processes is pinned too).
func TestGolden(t *testing.T) {
	ctx := context.Background()
	r := newRenderer(t, Options{Link: tableLink, PartLink: partLink})
	cases := []struct {
		file   string
		render func() ([]byte, error)
	}{
		{"shop.svg", func() ([]byte, error) { return r.Schema(ctx, fixture(t, "shop")) }},
		{"hostile.svg", func() ([]byte, error) { return r.Schema(ctx, fixture(t, "hostile db")) }},
		{"billing.svg", func() ([]byte, error) { return r.Schema(ctx, fixture(t, "billing")) }},
		{"shop-overview-index.svg", func() ([]byte, error) {
			parts, err := r.Overview(ctx, fixture(t, "shop"), 4)
			if err != nil {
				return nil, err
			}
			return parts[0].SVG, nil
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			svg, err := c.render()
			if err != nil {
				t.Fatal(err)
			}
			wellFormed(t, svg)
			golden(t, c.file, svg)
		})
	}
}

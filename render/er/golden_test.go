package er

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/auroradoc/auroradoc/internal/golden"
)

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
			parts, err := r.Overview(ctx, fixture(t, "shop"), Fit{MaxTables: 4})
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
			golden.Assert(t, filepath.Join("testdata", "golden", c.file), svg)
		})
	}
}

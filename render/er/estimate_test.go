package er

import (
	"context"
	"testing"
)

// TestEstimateWidth: the pre-layout estimate of a part's width is close to
// Graphviz's, so cutting by it rarely wastes a layout or over-cuts.
func TestEstimateWidth(t *testing.T) {
	r := newRenderer(t, Options{Link: tableLink})
	for _, n := range []int{8, 15, 30} {
		m, err := newModel(synthSchema("est", 120, uint64(n)))
		if err != nil {
			t.Fatal(err)
		}
		all := make([]int, len(m.tables))
		for i := range all {
			all[i] = i
		}
		worst := 0.0
		for _, g := range m.partitionOf(all, n) {
			svg, err := r.render(context.Background(), m.partSource(g, tableLink))
			if err != nil {
				t.Fatal(err)
			}
			real, est := svgWidth(svg), m.estimateWidth(g)
			ratio := est / real
			t.Logf("%2d tables: estimate %6.0f, laid out %6.0f pt, ratio %.2f", len(g), est, real, ratio)
			worst = max(worst, ratio, 1/ratio)
		}
		if worst > 1.6 {
			t.Errorf("parts of %d: estimate off by %.2f×", n, worst)
		}
	}
}

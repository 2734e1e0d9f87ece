package diagram

import (
	"bytes"
	"testing"

	"github.com/auroradoc/auroradoc/internal/golden"
)

// TestArchitectureSVG: docs/architecture.svg is what architecture.dot
// renders to (go test ./deploy/diagram -update after editing the DOT), and
// it shows the parts docs/deploy.md describes.
func TestArchitectureSVG(t *testing.T) {
	svg, err := Architecture(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// Graphviz writes "-" as &#45;.
	for _, want := range []string{"<svg", "run &#45;&#45;shard region=eu&#45;west&#45;1", "run &#45;&#45;finish", "EventBridge Scheduler", "CloudFront", "crawler role"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("the picture lacks %q", want)
		}
	}
	golden.Assert(t, "../../docs/architecture.svg", svg)
}

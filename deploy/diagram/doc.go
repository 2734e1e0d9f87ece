// Package diagram draws the deployment's architecture picture,
// docs/architecture.svg, from architecture.dot with the project's own
// Graphviz (render/er.LayoutDOT); its test keeps the two in step.
package diagram

import (
	"context"
	_ "embed"

	"github.com/auroradoc/auroradoc/render/er"
)

//go:embed architecture.dot
var architecture []byte

// Architecture returns the architecture picture as SVG.
func Architecture(ctx context.Context) ([]byte, error) {
	return er.LayoutDOT(ctx, architecture)
}

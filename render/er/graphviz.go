package er

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/goccy/go-graphviz"
)

// rendererVersion is part of every cache key: change it whenever the DOT
// writer or the Graphviz build changes the SVG for the same DOT source.
const rendererVersion = "auroradoc-er/1 go-graphviz/v0.2.10 graphviz/12.1.2"

// graphvizMu serialises every call into go-graphviz in this process.
//
// This is the package's one piece of package-level state, on purpose:
// go-graphviz v0.2.10 instantiates a single WebAssembly module in its
// package init (internal/wasm's package variable mod) and every
// graphviz.Graphviz, graph and parser call uses that module's memory, C heap
// and Graphviz's globals. wazero documents api.Function.Call as not
// goroutine-safe. Measured: four goroutines rendering with four separate
// instances fail with spurious "syntax error" results and occasionally
// return wrong SVG, and the race detector reports races on the module's
// linear memory. A lock per Renderer would not protect two Renderers from
// each other, so the lock guards the shared module itself.
var graphvizMu sync.Mutex

// layout parses dot and renders it to SVG with gv. The caller holds
// graphvizMu. Graphviz cannot be interrupted: ctx is only checked before.
func layout(ctx context.Context, gv *graphviz.Graphviz, dot []byte) (svg []byte, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("parsing DOT: %w", graphvizError(err))
	}
	if g == nil {
		// ParseBytes returns Graphviz's last error, which can be empty.
		return nil, errors.New("parsing DOT: graphviz returned no graph")
	}
	defer func() {
		if cerr := g.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("freeing graph: %w", graphvizError(cerr))
		}
	}()
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("laying out graph: %w", graphvizError(err))
	}
	return buf.Bytes(), nil
}

// graphvizError trims the line breaks Graphviz ends its messages with.
func graphvizError(err error) error {
	if msg := strings.TrimSpace(err.Error()); msg != err.Error() {
		return errors.New(msg)
	}
	return err
}

// LayoutDOT renders one DOT graph to SVG with a Graphviz instance of its
// own, for pictures drawn outside a site render (the deployment's
// architecture picture, package deploy/diagram).
func LayoutDOT(ctx context.Context, dot []byte) ([]byte, error) {
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("starting Graphviz: %w", err)
	}
	defer gv.Close()
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	return layout(ctx, gv, dot)
}

package er

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/goccy/go-graphviz"
)

// ErrClosed is returned by a Renderer used after Close.
var ErrClosed = errors.New("er: renderer is closed")

// Options configure a Renderer.
type Options struct {
	// Cache keeps rendered diagrams; nil renders every diagram.
	Cache Cache
	// Link returns the URL a table node links to, usually relative to the
	// page the SVG is embedded in; nil gives no links. It is called with
	// the names of the schema's own tables, not of external ones. Links
	// that are not relative or http(s) URLs, or hold control characters,
	// are dropped, so a table named "javascript:..." cannot smuggle a
	// script URL into the SVG.
	Link func(table string) string
	// PartLink returns the URL a node of the overview index links to, given
	// the part's name; nil gives no links. Same rules as Link.
	PartLink func(part string) string
}

// Renderer renders ER diagrams. It owns one Graphviz instance; create it
// once and reuse it. It is safe for concurrent use, but layouts run one at
// a time in the whole process (see the package documentation). Links are
// part of the DOT source and so of the cache key: Renderers with different
// Link functions may share a Cache.
type Renderer struct {
	opts Options
	gv   *graphviz.Graphviz // guarded by graphvizMu; nil once closed

	renders   atomic.Int64
	cacheHits atomic.Int64
}

// Stats counts what a Renderer did.
type Stats struct {
	// Renders is the number of diagrams laid out by Graphviz.
	Renders int64
	// CacheHits is the number of diagrams served from the Cache.
	CacheHits int64
}

// New returns a Renderer. Creating the Graphviz instance is cheap; the
// expensive step, compiling the WebAssembly build of Graphviz, happens
// once per process when the go-graphviz package is initialised at program
// start (much faster when wazero's compilation cache, which go-graphviz
// keeps in $TMPDIR/go-graphviz, is warm).
func New(ctx context.Context, opts Options) (*Renderer, error) {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("starting graphviz: %w", err)
	}
	return &Renderer{opts: opts, gv: gv}, nil
}

// Close releases the Graphviz instance. It waits for a layout in progress.
// Closing twice is harmless.
//
// The error of Graphviz's gvFreeContext is not returned: it reports the
// number of errors Graphviz logged since the process started, in any
// instance (it shares one WebAssembly module), so after one bad DOT source
// anywhere, every Close would fail with that stale message. Freeing cannot
// otherwise fail in a way a caller could act on.
func (r *Renderer) Close() error {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	if r.gv == nil {
		return nil
	}
	_ = r.gv.Close()
	r.gv = nil
	return nil
}

// Stats returns the counters of r.
func (r *Renderer) Stats() Stats {
	return Stats{Renders: r.renders.Load(), CacheHits: r.cacheHits.Load()}
}

// render returns the SVG of dot, from the cache when it has it.
func (r *Renderer) render(ctx context.Context, dot []byte) ([]byte, error) {
	key := cacheKey(dot)
	if r.opts.Cache != nil {
		if svg, ok := r.opts.Cache.Get(key); ok {
			r.cacheHits.Add(1)
			return svg, nil
		}
	}
	svg, err := r.layout(ctx, dot)
	if err != nil {
		return nil, err
	}
	if r.opts.Cache != nil {
		if err := r.opts.Cache.Put(key, svg); err != nil {
			return nil, fmt.Errorf("caching diagram: %w", err)
		}
	}
	return svg, nil
}

// layout runs Graphviz on dot under the process-wide lock.
func (r *Renderer) layout(ctx context.Context, dot []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	if r.gv == nil {
		return nil, ErrClosed
	}
	svg, err := layout(ctx, r.gv, dot)
	if err != nil {
		return nil, err
	}
	r.renders.Add(1)
	return svg, nil
}

package er

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
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

	// Graphviz chooses where layouts run; see Isolation.
	Graphviz Isolation
	// Workers is the number of worker processes; 0 means GOMAXPROCS, at
	// most 4. Layouts run in parallel, one per worker.
	Workers int
	// WorkerDiagrams is the number of diagrams after which a worker is
	// replaced by a fresh one; 0 means 100.
	WorkerDiagrams int
	// WorkerMaxRSS replaces a worker once its peak RSS reaches this many
	// bytes (Linux); 0 means 384 MiB, negative means no limit.
	WorkerMaxRSS int64
	// Logger receives what workers write to stderr, their crashes and
	// restarts; nil means slog.Default().
	Logger *slog.Logger
}

// Isolation says where Graphviz lays out diagrams.
type Isolation int

const (
	// IsolationAuto uses Workers when the executable called
	// ServeWorkerIfRequested, InProcess otherwise. The environment
	// variable AURORADOC_GRAPHVIZ=inprocess (or =workers) overrides it.
	IsolationAuto Isolation = iota
	// InProcess lays out in this process, one diagram at a time. The
	// process keeps all memory Graphviz ever used (see the package
	// documentation): fine for tests and small sites.
	InProcess
	// Workers lays out in child processes (the executable re-executed;
	// main must call ServeWorkerIfRequested), replaced regularly so the
	// memory Graphviz leaves behind is returned to the system.
	Workers
)

// isolationEnv overrides IsolationAuto.
const isolationEnv = "AURORADOC_GRAPHVIZ"

// Renderer renders ER diagrams. It owns one Graphviz instance; create it
// once and reuse it. It is safe for concurrent use, but layouts run one at
// a time in the whole process (see the package documentation). Links are
// part of the DOT source and so of the cache key: Renderers with different
// Link functions may share a Cache.
type Renderer struct {
	opts Options
	gv   *graphviz.Graphviz // in-process; guarded by graphvizMu; nil once closed
	pool *pool              // workers; nil in-process

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
// keeps in $TMPDIR/go-graphviz, is warm). With Workers, each worker
// process pays that start (about 0.1 s with a warm cache); they are
// started when the first diagrams need them.
func New(ctx context.Context, opts Options) (*Renderer, error) {
	iso, err := opts.isolation()
	if err != nil {
		return nil, err
	}
	if iso == Workers {
		size := opts.Workers
		if size <= 0 {
			size = min(runtime.GOMAXPROCS(0), 4)
		}
		diagrams := opts.WorkerDiagrams
		if diagrams <= 0 {
			diagrams = 100
		}
		maxRSS := opts.WorkerMaxRSS
		if maxRSS == 0 {
			maxRSS = 384 << 20
		}
		log := opts.Logger
		if log == nil {
			log = slog.Default()
		}
		p, err := newPool(size, diagrams, maxRSS, log)
		if err != nil {
			return nil, err
		}
		return &Renderer{opts: opts, pool: p}, nil
	}
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
	if r.pool != nil {
		r.pool.close()
		return nil
	}
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

// isolation resolves IsolationAuto.
func (o Options) isolation() (Isolation, error) {
	switch o.Graphviz {
	case InProcess:
		return InProcess, nil
	case Workers:
		if !workerHook.Load() {
			return 0, errors.New("starting graphviz workers: this executable cannot run them (main must call er.ServeWorkerIfRequested first)")
		}
		return Workers, nil
	case IsolationAuto:
		switch v := os.Getenv(isolationEnv); v {
		case "inprocess":
			return InProcess, nil
		case "workers":
			return Options{Graphviz: Workers}.isolation()
		case "":
		default:
			return 0, fmt.Errorf("%s=%q: want inprocess or workers", isolationEnv, v)
		}
		if workerHook.Load() {
			return Workers, nil
		}
		return InProcess, nil
	}
	return 0, fmt.Errorf("unknown Graphviz isolation %d", o.Graphviz)
}

// InWorkers reports whether r lays out diagrams in worker processes.
func (r *Renderer) InWorkers() bool { return r.pool != nil }

// WorkerStats returns the counters of r's worker processes.
func (r *Renderer) WorkerStats() WorkerStats {
	if r.pool == nil {
		return WorkerStats{}
	}
	return r.pool.stats()
}

// ResetPeakRSS restarts WorkerStats.PeakRSS and MaxWorkerRSS from the
// workers' current RSS, to measure a phase of work.
func (r *Renderer) ResetPeakRSS() {
	if r.pool != nil {
		r.pool.resetPeakRSS()
	}
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

// layoutConcurrency is how many diagrams of one call are worth handing
// over at once: the pool's size with workers (cache hits return at once,
// misses queue for a slot), one in-process (Graphviz runs under a
// process-wide lock there).
func (r *Renderer) layoutConcurrency() int {
	if r.pool != nil {
		return max(cap(r.pool.slots), 1) + 1
	}
	return 1
}

// layout runs Graphviz on dot in a worker, or in-process under the
// process-wide lock.
func (r *Renderer) layout(ctx context.Context, dot []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r.pool != nil {
		svg, err := r.pool.layout(ctx, dot)
		if err != nil {
			return nil, err
		}
		r.renders.Add(1)
		return svg, nil
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

package collector

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/snapshot"
)

// FleetOptions tune a crawl of many targets.
type FleetOptions struct {
	// Concurrency bounds the targets crawled at once (default 8).
	Concurrency int
	// Timeout is the deadline for one target, connection included
	// (default 10m).
	Timeout time.Duration
	// ConnectTimeout bounds dialing (default 10s).
	ConnectTimeout time.Duration
	Introspect     Options
	Logger         *slog.Logger
	// Now is the clock (default time.Now); tests pin it.
	Now func() time.Time
}

func (o FleetOptions) withDefaults() FleetOptions {
	if o.Concurrency < 1 {
		o.Concurrency = 8
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Result is the outcome of crawling one target.
type Result struct {
	Target   Target
	Snapshot *snapshot.Snapshot // nil when Err is set
	Err      error
	Duration time.Duration
}

// Crawl crawls the targets concurrently, at most o.Concurrency at a time,
// and hands each result to sink as soon as that target is done (so memory
// does not grow with the fleet). sink calls are serialised. A failing
// target never stops the others; Crawl returns an error only if ctx ends
// or sink fails.
func Crawl(ctx context.Context, targets []Target, o FleetOptions, sink func(context.Context, Result) error) error {
	o = o.withDefaults()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Concurrency)
	var mu sync.Mutex
	for _, t := range targets {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			start := time.Now()
			snap, err := crawlOne(gctx, t, o)
			res := Result{Target: t, Snapshot: snap, Err: err, Duration: time.Since(start)}
			if err != nil {
				o.Logger.Warn("target failed", "target", t, "error", err.Error(), "duration", res.Duration)
			} else {
				o.Logger.Info("target crawled", "target", t, "schemas", len(snap.Schemas), "duration", res.Duration)
			}
			mu.Lock()
			defer mu.Unlock()
			return sink(gctx, res)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// crawlOne opens a pool for one target, introspects it within the
// per-target deadline and closes everything. Panics are turned into
// errors so one bad target cannot take the fleet down.
func crawlOne(ctx context.Context, t Target, o FleetOptions) (snap *snapshot.Snapshot, err error) {
	defer func() {
		if p := recover(); p != nil {
			snap, err = nil, fmt.Errorf("target %s: internal error: %v\n%s", t, p, debug.Stack())
		}
	}()
	takenAt := o.Now().UTC().Truncate(time.Second)
	tctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	cfg, err := t.mysqlConfig(o.ConnectTimeout, o.Timeout, o.Logger)
	if err != nil {
		return nil, err
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("target %s: configuring driver: %w", t, err)
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	io := o.Introspect
	if t.IncludeSchema != nil {
		io.IncludeSchema = t.IncludeSchema
	}
	if t.ExplicitSchemas != nil {
		io.ExplicitSchemas = t.ExplicitSchemas
	}
	db.SetMaxOpenConns(max(1, io.withDefaults().Connections))

	snap, err = Introspect(tctx, db, io)
	if err != nil {
		if errors.Is(tctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
			return nil, fmt.Errorf("target %s: per-target timeout of %s exceeded: %w", t, o.Timeout, err)
		}
		return nil, fmt.Errorf("target %s: %w", t, err)
	}
	snap.Target = snapshot.Target{Name: t.Name, Kind: "static", Host: t.Host, Port: t.Port}
	snap.TakenAt = takenAt
	return snap, nil
}

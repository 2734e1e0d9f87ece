package collector

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
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
	// ConnectTimeout bounds each new connection: TCP connect, the server's
	// greeting and the login (default 10s).
	ConnectTimeout time.Duration
	Introspect     Options
	Logger         *slog.Logger
	// GroupConcurrency bounds targets crawled at once per region of one
	// account (0 = no limit beyond Concurrency).
	GroupConcurrency int
	// Progress, if set, is called after each target with the counts so
	// far (calls are serialised).
	Progress func(done, failed, total int)
	// Now is the clock (default time.Now); tests pin it.
	Now func() time.Time
	// Partial, when set, says this crawl visits only part of the fleet
	// (crawl --targets): CrawlToStore then keeps every other documented
	// target of the previous set in the new one, skipped with Partial as
	// the reason and its last good snapshot carried forward, so the set
	// still stands for the whole fleet and no target reads as removed.
	Partial string
	// SetAt, when not zero, dates the new set (its id) instead of the
	// crawl's start: the set id an orchestrator agreed on (run --set).
	SetAt time.Time
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
	regionSem := map[string]chan struct{}{}
	if o.GroupConcurrency > 0 {
		for _, t := range targets {
			if regionSem[t.group()] == nil {
				regionSem[t.group()] = make(chan struct{}, o.GroupConcurrency)
			}
		}
	}
	var mu sync.Mutex
	var done, failed int
	for _, t := range interleaveByRegion(targets) {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if sem := regionSem[t.group()]; sem != nil {
				select {
				case sem <- struct{}{}:
					defer func() { <-sem }()
				case <-gctx.Done():
					return gctx.Err()
				}
			}
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
			done++
			if err != nil {
				failed++
			}
			if o.Progress != nil {
				o.Progress(done, failed, len(targets))
			}
			return sink(gctx, res)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// interleaveByRegion orders targets round-robin across regions, so the
// overall limit is shared between regions instead of filled by the first.
func interleaveByRegion(targets []Target) []Target {
	var order []string
	byRegion := map[string][]Target{}
	for _, t := range targets {
		if _, ok := byRegion[t.group()]; !ok {
			order = append(order, t.group())
		}
		byRegion[t.group()] = append(byRegion[t.group()], t)
	}
	out := make([]Target, 0, len(targets))
	for len(out) < len(targets) {
		for _, r := range order {
			if q := byRegion[r]; len(q) > 0 {
				out = append(out, q[0])
				byRegion[r] = q[1:]
			}
		}
	}
	return out
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

	if t.Login != nil {
		user, pw, err := t.Login(tctx)
		if err != nil {
			return nil, fmt.Errorf("target %s: resolving credentials: %w", t, err)
		}
		t.User, t.Password = user, pw
	}
	cfg, err := t.mysqlConfig(o.ConnectTimeout, o.Timeout, o.Logger)
	if err != nil {
		return nil, err
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("target %s: configuring driver: %w", t, err)
	}
	db := sql.OpenDB(handshakeConnector{Connector: conn, timeout: o.ConnectTimeout, addr: t.Addr()})
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
	kind := t.Kind
	if kind == "" {
		kind = "static"
	}
	snap.Target = snapshot.Target{Name: t.Name, Kind: kind, Host: t.Host, Port: t.Port, Account: t.Account, Region: t.Region, ClusterID: t.ClusterID}
	snap.TakenAt = takenAt
	snap.Cluster = t.Cluster
	if len(t.Warnings) > 0 {
		snap.Warnings = append(snap.Warnings, t.Warnings...)
		sort.Strings(snap.Warnings)
	}
	return snap, nil
}

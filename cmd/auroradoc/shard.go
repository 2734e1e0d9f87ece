package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/fleet"
	"github.com/auroradoc/auroradoc/nightly/shard"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/location"
)

// shardArgs are run's flags for sharded nights.
type shardArgs struct {
	set, shard, shards, by string
	finish                 bool
	wait                   time.Duration
}

// openStore opens the store to write a night into; on failure the store
// is nil and the exit code says why.
func openStore(ctx context.Context, c *call, cfg *config.Config, a crawlArgs) (*snapshot.Store, string, int) {
	dir := cmp.Or(a.store, cfg.Store)
	if dir == "" {
		return nil, "", c.fail(exitUsage, errors.New("no snapshot store: pass --store DIR or set store: in the config"))
	}
	st, err := location.Open(ctx, dir, location.Options{ForWriting: true, Logger: c.logger, PathStyle: a.pathStyle})
	if err != nil {
		return nil, "", c.fail(exitFailed, err)
	}
	return st, dir, exitOK
}

// shardStep crawls one shard of a night (run --shard) into the set --set
// names and writes its record; the finishing step does the rest.
func shardStep(ctx context.Context, c *call, cfg *config.Config, a crawlArgs, s shardArgs) int {
	spec, err := shard.Parse(s.shard)
	if err != nil {
		return c.fail(exitUsage, err)
	}
	st, dir, code := openStore(ctx, c, cfg, a)
	if st == nil {
		return code
	}
	rec, err := shard.Crawl(ctx, st, s.set, spec, cfg, shard.CrawlOptions{Fleet: fleet.Options(cfg, c.logger), Lookup: c.lookup, Tool: "auroradoc " + toolVersion(), Logger: c.logger})
	if err != nil {
		return c.fail(exitFailed, fmt.Errorf("shard %s of set %s: %w", spec, s.set, err))
	}
	m := &snapshot.Manifest{Targets: rec.Targets}
	m.Tally()
	if err := m.WriteTable(c.stdout, dir+" (set "+s.set+", shard "+rec.Shard+"; the finishing step completes it)"); err != nil {
		return c.fail(exitFailed, err)
	}
	if m.Summary.Failed > 0 || rec.Error != "" {
		return exitPartial
	}
	return exitOK
}

// finishStep completes a sharded night's set (run --finish) and returns
// what crawlStep returns for a whole run.
func finishStep(ctx context.Context, c *call, cfg *config.Config, a crawlArgs, s shardArgs) (*snapshot.Store, *snapshot.Manifest, int) {
	plan, err := shard.Resolve(cfg, s.shards, s.by)
	if err != nil {
		return nil, nil, c.fail(exitUsage, err)
	}
	st, dir, code := openStore(ctx, c, cfg, a)
	if st == nil {
		return nil, nil, code
	}
	m, missing, err := shard.Finish(ctx, st, s.set, shard.FinishOptions{Shards: plan, Config: cfg, Wait: s.wait, Tool: "auroradoc " + toolVersion(), Logger: c.logger})
	if err != nil {
		return nil, nil, c.fail(exitFailed, fmt.Errorf("finishing set %s: %w", s.set, err))
	}
	if len(missing) > 0 {
		fmt.Fprintf(c.stderr, "auroradoc run: shard(s) never reported, their clusters carried forward: %s\n", strings.Join(missing, " "))
	}
	return endCrawl(ctx, c, st, m, dir, cfg)
}

package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/fleet"
	"github.com/auroradoc/auroradoc/nightly"
	"github.com/auroradoc/auroradoc/snapshot"
)

func crawlCommand() *command {
	return &command{
		name:    "crawl",
		summary: "Crawl every configured target into a new snapshot set",
		usage:   "--config FILE [--store DIR] [flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			var a crawlArgs
			configPath := fs.String("config", "auroradoc.yaml", "configuration `file`")
			fs.StringVar(&a.store, "store", "", "snapshot store: a `directory` or s3://bucket/prefix (default: the config's store:)")
			fs.StringVar(&a.only, "targets", "", "crawl only these static targets (comma-separated names; skips AWS discovery); every other target keeps its last snapshot, carried forward")
			fs.IntVar(&a.concurrency, "concurrency", 0, "targets crawled at once (default: the config's crawl.concurrency)")
			return func(ctx context.Context, c *call) int {
				cfg, err := config.Load(*configPath)
				if err != nil {
					return c.fail(exitUsage, err)
				}
				_, _, code := crawlStep(ctx, c, cfg, a)
				return code
			}
		},
	}
}

type crawlArgs struct {
	store, only string
	concurrency int
	pathStyle   bool      // path-style S3 addressing for an s3:// store
	setAt       time.Time // the set's date (run --set); zero: the crawl's start
}

// crawlStep crawls the configured fleet into a new set of the store,
// prints the summary, applies the retention and returns the store, the
// manifest (nil when nothing was written) and the exit code.
func crawlStep(ctx context.Context, c *call, cfg *config.Config, a crawlArgs) (*snapshot.Store, *snapshot.Manifest, int) {
	targets, err := fleet.Static(cfg, c.lookup, a.only)
	if err != nil {
		return nil, nil, c.fail(exitUsage, err)
	}
	st, dir, code := openStore(ctx, c, cfg, a)
	if st == nil {
		return nil, nil, code
	}
	opts := fleet.Options(cfg, c.logger)
	opts.SetAt = a.setAt
	if a.concurrency > 0 {
		opts.Concurrency = a.concurrency
	}
	if a.only != "" {
		opts.Partial = "not crawled: this run crawled only --targets " + a.only
	}
	var extra []*snapshot.Entry
	if cfg.AWS != nil && a.only == "" {
		found, skipped, err := fleet.Discover(ctx, cfg, c.logger)
		if err != nil {
			return nil, nil, c.fail(exitFailed, err)
		}
		targets = append(targets, found...)
		extra = skipped
		opts.GroupConcurrency = cfg.AWS.ConcurrencyPerRegion
	}
	started := time.Now()
	if c.isTerminal {
		opts.Progress = func(done, failed, total int) {
			fmt.Fprintf(c.stderr, "\r\033[Kcrawling: %d/%d done, %d failed, %d skipped, %s elapsed",
				done, total, failed, len(extra), time.Since(started).Round(time.Second))
			if done == total {
				fmt.Fprintln(c.stderr)
			}
		}
	}
	c.logger.Info("crawl started", "targets", len(targets), "skipped", len(extra), "store", dir, "concurrency", opts.Concurrency)
	m, err := collector.CrawlToStore(ctx, targets, opts, st, "auroradoc "+toolVersion(), extra...)
	if err != nil {
		return nil, nil, c.fail(exitFailed, err)
	}
	return endCrawl(ctx, c, st, m, dir, cfg)
}

// pruneStore applies the configured retention after a run. A failure to
// prune costs nothing the run produced, so it is reported, not fatal.
func pruneStore(ctx context.Context, c *call, st *snapshot.Store, cfg *config.Config) {
	deleted, err := nightly.Prune(ctx, st, cfg.Retention, time.Now(), c.logger)
	if err != nil {
		fmt.Fprintf(c.stderr, "auroradoc %s: warning: pruning old snapshot sets: %v\n", c.name, err)
	} else if len(deleted) > 0 {
		fmt.Fprintf(c.stdout, "retention: deleted %d old snapshot set(s)\n", len(deleted))
	}
}

// endCrawl prints the night's table, applies the retention and returns
// what crawlStep returns.
func endCrawl(ctx context.Context, c *call, st *snapshot.Store, m *snapshot.Manifest, dir string, cfg *config.Config) (*snapshot.Store, *snapshot.Manifest, int) {
	if err := m.WriteTable(c.stdout, dir); err != nil {
		return st, m, c.fail(exitFailed, err)
	}
	pruneStore(ctx, c, st, cfg)
	if m.Summary.Failed > 0 {
		return st, m, exitPartial
	}
	return st, m, exitOK
}

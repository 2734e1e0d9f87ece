package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"github.com/auroradoc/auroradoc/site"
)

func renderCommand() *command {
	return &command{
		name:    "render",
		summary: "Render the documentation site from a snapshot set",
		usage:   "--store DIR --out SITE [--set ID] [flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, env, []string) int {
			store := fs.String("store", "", "snapshot store: a `directory` or s3://bucket/prefix")
			out := fs.String("out", "site-out", "output `directory` of the site")
			set := fs.String("set", "", "snapshot set `id` (default: the latest)")
			lf := addLogFlags(fs)
			return func(ctx context.Context, e env, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(e.stderr, "auroradoc render: unexpected arguments %q (see --help)\n", args)
					return exitUsage
				}
				if *store == "" {
					fmt.Fprintln(e.stderr, "auroradoc render: --store is required")
					return exitUsage
				}
				logger, err := lf.logger(e.stderr)
				if err != nil {
					fmt.Fprintf(e.stderr, "auroradoc render: %v\n", err)
					return exitUsage
				}
				if err := runRender(ctx, logger, *store, *set, *out); err != nil {
					fmt.Fprintf(e.stderr, "auroradoc render: %v\n", err)
					return exitFailed
				}
				fmt.Fprintf(e.stdout, "site written to %s (open %s/index.html)\n", *out, *out)
				return exitOK
			}
		},
	}
}

// loadSet reads the manifest of a set (the latest when id is empty); the
// snapshots are read one at a time while the site is rendered.
func loadSet(ctx context.Context, logger *slog.Logger, dir, id string) (site.Input, error) {
	st, err := openStore(ctx, dir, logger)
	if err != nil {
		return site.Input{}, err
	}
	if id == "" {
		if id, err = st.Latest(ctx); err != nil {
			return site.Input{}, err
		}
	}
	m, err := st.Manifest(ctx, id)
	if err != nil {
		return site.Input{}, err
	}
	return site.FromStore(st, m), nil
}

func runRender(ctx context.Context, logger *slog.Logger, store, set, out string) error {
	in, err := loadSet(ctx, logger, store, set)
	if err != nil {
		return err
	}
	n := 0
	for _, e := range in.Manifest.Targets {
		if e.HasSnapshot() {
			n++
		}
	}
	logger.Info("rendering", "set", in.Manifest.Set, "snapshots", n, "out", out)
	opts, closeFn, err := siteOptions(ctx, out)
	if err != nil {
		return err
	}
	defer closeFn()
	return site.Build(ctx, in, out, opts)
}

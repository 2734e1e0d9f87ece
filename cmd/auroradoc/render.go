package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"

	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/site"
	sitehistory "github.com/auroradoc/auroradoc/site/history"
	"github.com/auroradoc/auroradoc/snapshot"
)

func renderCommand() *command {
	return &command{
		name:    "render",
		summary: "Render the documentation site from a snapshot set",
		usage:   "--store DIR --out SITE [--set ID] [--history=false] [--policy FILE] [flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			store := fs.String("store", "", "snapshot store: a `directory` or s3://bucket/prefix")
			out := fs.String("out", "site-out", "output `directory` of the site")
			set := fs.String("set", "", "snapshot set `id` (default: the latest)")
			withHistory := fs.Bool("history", true, "also write the drift pages under drift/ (updates the history records cached in the store)")
			policyFile := fs.String("policy", "", "drift policy `file`: its volatile variables are left out of the history")
			return func(ctx context.Context, c *call) int {
				if *store == "" {
					return c.fail(exitUsage, errors.New("--store is required"))
				}
				pol, err := policy.LoadOptional(*policyFile)
				if err != nil {
					return c.fail(exitUsage, err)
				}
				if err := runRender(ctx, c.logger, *store, *set, *out, *withHistory, pol); err != nil {
					return c.fail(exitFailed, err)
				}
				fmt.Fprintf(c.stdout, "site written to %s (open %s/index.html)\n", *out, *out)
				return exitOK
			}
		},
	}
}

// runRender renders set (the latest when empty) of the store into out;
// the snapshots are read one at a time while the site is rendered.
func runRender(ctx context.Context, logger *slog.Logger, store, set, out string, withHistory bool, pol *policy.Policy) error {
	st, err := openStore(ctx, store, logger, false)
	if err != nil {
		return err
	}
	m, err := assess.Set(ctx, st, set)
	if err != nil {
		return err
	}
	n := 0
	for _, e := range m.Targets {
		if e.HasSnapshot() {
			n++
		}
	}
	logger.Info("rendering", "set", m.Set, "snapshots", n, "out", out)
	var h *history.History
	if withHistory {
		if h, err = updateHistory(ctx, logger, st, pol); err != nil {
			return err
		}
	}
	return renderSite(ctx, site.FromStore(st, m), h, out)
}

// updateHistory brings the drift history records of the store up to date
// and loads them.
func updateHistory(ctx context.Context, logger *slog.Logger, st *snapshot.Store, pol *policy.Policy) (*history.History, error) {
	h, n, err := history.Refresh(ctx, st, history.Options{Drift: assess.DriftOptions(pol), Logger: logger})
	if err == nil {
		logger.Info("drift history updated", "records_computed", n, "nights", len(h.Nights))
	}
	return h, err
}

// renderSite renders the set's site into out and, with a history, the
// drift pages under out/drift/ (linked from every page's header).
func renderSite(ctx context.Context, in site.Input, h *history.History, out string) error {
	// The ER renderer keeps its diagram cache next to the output.
	opts, closeRenderers, err := site.WithRenderers(ctx, site.DefaultCacheDir(out))
	if err != nil {
		return err
	}
	defer closeRenderers()
	opts.DriftLink = h != nil && len(h.Nights) > 0
	if err := site.Build(ctx, in, out, opts); err != nil {
		return err
	}
	if !opts.DriftLink {
		return nil
	}
	return sitehistory.Build(ctx, h, out, sitehistory.Options{})
}

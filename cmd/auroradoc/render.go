package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"

	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/nightly"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/snapshot/location"
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
	st, err := location.Open(ctx, store, location.Options{Logger: logger})
	if err != nil {
		return err
	}
	m, err := assess.Set(ctx, st, set)
	if err != nil {
		return err
	}
	return nightly.Render(ctx, st, m, nightly.Options{Policy: pol, Out: out, NoHistory: !withHistory, Logger: logger})
}

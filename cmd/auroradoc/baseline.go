package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/internal/atomicfile"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/snapshot/location"
)

func baselineCommand() *command {
	return &command{
		name:    "baseline",
		summary: "Write a snapshot set as a reviewable drift baseline file",
		usage:   "--store DIR|s3://bucket/prefix [--set ID] [--policy FILE] --out FILE\n\n" + help("baseline"),
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			store := fs.String("store", "", "snapshot store: a `directory` or s3://bucket/prefix")
			set := fs.String("set", "", "snapshot set `id` (default: the latest)")
			policyFile := fs.String("policy", "", "drift policy `file` whose volatile: variables are left out too")
			out := fs.String("out", "", "baseline `file` to write (written only on success)")
			return func(ctx context.Context, c *call) int {
				switch {
				case *store == "":
					return c.fail(exitUsage, errors.New("--store is required"))
				case *out == "":
					return c.fail(exitUsage, errors.New("--out is required"))
				}
				pol, err := policy.LoadOptional(*policyFile)
				if err != nil {
					return c.fail(exitUsage, err)
				}
				st, err := location.Open(ctx, *store, location.Options{Logger: c.logger})
				if err != nil {
					return c.fail(exitUsage, err)
				}
				m, err := assess.Set(ctx, st, *set)
				if err != nil {
					return c.fail(exitUsage, err)
				}
				var n int
				var warnings []string
				err = atomicfile.Write(*out, 0o644, func(w io.Writer) error {
					var err error
					n, warnings, err = assess.WriteBaseline(ctx, w, st, m, assess.DriftOptions(pol).VolatileMatcher())
					return err
				})
				for _, w := range warnings {
					fmt.Fprintf(c.stderr, "auroradoc baseline: warning: %s\n", w)
				}
				if err != nil {
					return c.fail(exitUsage, fmt.Errorf("writing baseline of set %s to %s: %w", m.Set, *out, err))
				}
				fmt.Fprintf(c.stdout, "baseline of set %s written to %s: %d %s\n", m.Set, *out, n, map[bool]string{true: "target", false: "targets"}[n == 1])
				return exitOK
			}
		},
	}
}

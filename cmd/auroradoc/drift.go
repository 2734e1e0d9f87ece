package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/snapshot/location"
)

func driftCommand() *command {
	return &command{
		name:    "drift",
		summary: "Report drift between two snapshot sets, or a set and a baseline",
		usage: "--store DIR|s3://bucket/prefix [--from SET] [--to SET] [--baseline FILE] [--policy FILE]\n" +
			"        [--format text|markdown|json|github] [--fail-on SEVERITY] [--group-by TAG] [--out FILE]\n\n" + help("drift"),
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			var o driftOptions
			fs.StringVar(&o.store, "store", "", "snapshot store: a `directory` or s3://bucket/prefix")
			fs.StringVar(&o.from, "from", "", "older snapshot `set` (default: the set before --to)")
			fs.StringVar(&o.to, "to", "", "newer snapshot `set` (default: the latest)")
			fs.StringVar(&o.baseline, "baseline", "", "compare --to against this baseline `file` instead of a set")
			fs.StringVar(&o.policy, "policy", "", "drift policy `file` (YAML)")
			fs.StringVar(&o.format, "format", "text", "report `format`: "+strings.Join(report.Formats(), ", "))
			fs.StringVar(&o.failOn, "fail-on", "", "also exit 1 for a state finding at or above this `severity` (info, low, medium, high, critical)")
			fs.StringVar(&o.groupBy, "group-by", assess.DefaultGroupBy, "cluster `tag` whose values group the fleet comparison (\"\": one group)")
			fs.StringVar(&o.out, "out", "", "write the report to `file` (default: stdout)")
			return func(ctx context.Context, c *call) int {
				if err := o.check(); err != nil {
					return c.fail(exitUsage, err)
				}
				code, err := runDrift(ctx, c, o, time.Now())
				if err != nil {
					return c.fail(exitUsage, err)
				}
				return code
			}
		},
	}
}

type driftOptions struct {
	store, from, to, baseline, policy string
	format, failOn, groupBy, out      string
}

// check validates the flags on their own, before anything is read.
func (o driftOptions) check() error {
	switch {
	case o.store == "":
		return errors.New("--store is required")
	case o.baseline != "" && o.from != "":
		return errors.New("--from and --baseline exclude each other: the baseline is what --to is compared with")
	case !slices.Contains(report.Formats(), o.format):
		return fmt.Errorf("--format: unknown format %q (want one of %s)", o.format, strings.Join(report.Formats(), ", "))
	}
	_, err := parseFailOn(o.failOn)
	return err
}

// parseFailOn reads a --fail-on severity; "" gives nil (state findings
// never fail the gate).
func parseFailOn(v string) (*drift.Severity, error) {
	if v == "" {
		return nil, nil
	}
	s, err := drift.ParseSeverity(v)
	if err != nil {
		return nil, fmt.Errorf("--fail-on: %w", err)
	}
	return &s, nil
}

// runDrift assesses the sets, writes the report and returns the exit code
// (0 or 1); any error means exit 2 with nothing written.
func runDrift(ctx context.Context, c *call, o driftOptions, now time.Time) (int, error) {
	failOn, _ := parseFailOn(o.failOn)
	pol, err := policy.LoadOptional(o.policy)
	if err != nil {
		return 0, err
	}
	st, err := location.Open(ctx, o.store, location.Options{Logger: c.logger})
	if err != nil {
		return 0, err
	}
	in := assess.Input{Store: st}
	if o.baseline != "" {
		if in.To, err = assess.Set(ctx, st, o.to); err != nil {
			return 0, err
		}
		if in.Baseline, err = assess.ReadBaseline(o.baseline); err != nil {
			return 0, err
		}
	} else if in.From, in.To, err = assess.Sets(ctx, st, o.from, o.to); err != nil {
		return 0, err
	}
	r, err := assess.Run(ctx, in, assess.Options{Policy: pol, GroupBy: o.groupBy, Now: now})
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, r, o.format); err != nil {
		return 0, err
	}
	if err := c.output(o.out, buf.Bytes()); err != nil {
		return 0, err
	}
	return r.ExitCode(failOn), nil
}

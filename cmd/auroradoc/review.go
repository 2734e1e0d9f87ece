package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"strings"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/review"
	"github.com/auroradoc/auroradoc/snapshot/location"
)

func reviewCommand() *command {
	return &command{
		name:    "review",
		summary: "Check a migration against the latest snapshots: change set, guardrails, risk",
		usage:   "--store DIR|s3://… --targets GLOB [--schema NAME] [--scratch-dsn DSN] [--config FILE]\n        [--format text|markdown|json|github] [--fail-on SEVERITY] [--out FILE] MIGRATION.sql… | -\n\n" + help("review"),
		args:    true,
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			var o reviewOptions
			fs.StringVar(&o.store, "store", "", "snapshot store: a `directory` or s3://bucket/prefix")
			fs.StringVar(&o.set, "set", "", "snapshot `set` to review against (default: the latest)")
			fs.StringVar(&o.targets, "targets", "", "target name or `glob` (orders-*): every matching target with the schema")
			fs.StringVar(&o.schema, "schema", "", "`schema` the migration applies to (default: the target's only one)")
			fs.StringVar(&o.scratch, "scratch-dsn", "", "MySQL/MariaDB `DSN` to recreate schemas on instead of go-mysql-server")
			fs.StringVar(&o.config, "config", "", "auroradoc.yaml `file` for review.llm")
			fs.StringVar(&o.format, "format", "text", "report `format`: "+strings.Join(report.Formats(), ", "))
			fs.StringVar(&o.failOn, "fail-on", "high", "exit 1 for a risk or guardrail at or above this `severity`")
			fs.StringVar(&o.out, "out", "", "write the report to `file` (default: stdout)")
			return func(ctx context.Context, c *call) int {
				code, err := runReview(ctx, c, o)
				if err != nil {
					return c.fail(exitUsage, err)
				}
				return code
			}
		},
	}
}

type reviewOptions struct {
	store, set, targets, schema, scratch, config, format, failOn, out string
}

func runReview(ctx context.Context, c *call, o reviewOptions) (int, error) {
	failOn, err := parseFailOn(o.failOn)
	if err != nil {
		return 0, err
	}
	if o.store == "" || o.targets == "" {
		return 0, errors.New("--store and --targets are required")
	}
	mig, err := review.ReadMigration(c.stdin, c.args...)
	if err != nil {
		return 0, err
	}
	if o.scratch == "" {
		o.scratch, _ = c.lookup("AURORADOC_SCRATCH_DSN")
	}
	st, err := location.Open(ctx, o.store, location.Options{Logger: c.logger})
	if err != nil {
		return 0, err
	}
	ro := review.Options{Store: st, Set: o.set, Targets: o.targets, Schema: o.schema, Migration: mig, ScratchDSN: o.scratch, Logger: c.logger}
	if o.config != "" {
		cfg, err := config.Load(o.config)
		if err != nil {
			return 0, err
		}
		if ro.LLM, err = review.NewBedrock(ctx, cfg.Review.LLM, c.logger); err != nil {
			return 0, err
		}
	}
	res, err := review.Run(ctx, ro)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	if err := review.Write(&buf, res, o.format); err != nil {
		return 0, err
	}
	if err := c.output(o.out, buf.Bytes()); err != nil {
		return 0, err
	}
	return res.ExitCode(failOn), nil
}

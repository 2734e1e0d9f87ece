package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/internal/atomicfile"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/nightly"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/site/publish"
	"github.com/auroradoc/auroradoc/snapshot"
)

const runHelp = `The nightly job, in one command:
  1. crawl every configured target into a new snapshot set (failed or
     skipped clusters keep their last good snapshot, marked stale), then
     apply the retention: section;
  2. bring the drift history up to date (one small record per set, cached
     in the store under history/);
  3. render the site (incrementally) with its drift pages into site.out;
  4. publish it to site.publish (only what changed; entry pages last);
  5. report drift since the last set whose report was delivered (normally
     the previous one; policy from drift.policy), as text on stdout and,
     with --report, as Markdown — even when rendering or publishing failed;
  6. post a summary to Slack when notify.slack_webhook_env names a set
     variable; a set whose summary could not be posted is reported again
     the next night.

Exit codes:
  0  everything crawled, no unexpected drift
  1  some targets failed (the others' results are kept and published), a
     snapshot is damaged, unexpected drift, or with drift.fail_on /
     --fail-on a state finding at or above that severity
  2  usage or configuration error (config, policy): nothing was done
  3  a step failed (store, render, publish, report); the report was still
     delivered when it could be`

func runCommand() *command {
	return &command{
		name:    "run",
		summary: "Nightly job: crawl, store, render, publish and report drift",
		usage:   "--config FILE [--store DIR|s3://…] [--out SITE] [--publish s3://…] [flags]\n\n" + runHelp,
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			var o runOptions
			fs.StringVar(&o.config, "config", "auroradoc.yaml", "configuration `file`")
			fs.StringVar(&o.store, "store", "", "snapshot store (default: the config's store:)")
			fs.StringVar(&o.out, "out", "", "site `directory` (default: the config's site.out, else site-out)")
			fs.StringVar(&o.publish, "publish", "", "publish the site to `s3://bucket/prefix` (default: the config's site.publish)")
			fs.BoolVar(&o.noPublish, "no-publish", false, "do not publish, even when the config says where")
			fs.StringVar(&o.policy, "policy", "", "drift policy `file` (default: the config's drift.policy)")
			fs.StringVar(&o.failOn, "fail-on", "", "exit 1 on a state finding at or above this `severity` (default: the config's drift.fail_on)")
			fs.StringVar(&o.report, "report", "", "also write the drift report as Markdown to `file`")
			fs.BoolVar(&o.pathStyle, "path-style", false, "path-style S3 addressing (S3-compatible servers)")
			fs.BoolVar(&o.emf, "emf", false, "end with the night's metrics as one CloudWatch embedded-metric-format line on stderr (dimension Deployment from AURORADOC_DEPLOYMENT)")
			return func(ctx context.Context, c *call) int {
				return runNightly(ctx, c, o, time.Now())
			}
		},
	}
}

type runOptions struct {
	config, store, out, publish, policy, failOn, report string
	noPublish, pathStyle, emf                           bool
}

// runPlan is runOptions resolved against the configuration.
type runPlan struct {
	cfg     *config.Config
	pol     *policy.Policy
	failOn  *drift.Severity
	out     string
	publish string
	groupBy string
	webhook string
}

func resolveRun(o runOptions, e env) (*runPlan, error) {
	cfg, err := config.Load(o.config)
	if err != nil {
		return nil, err
	}
	p := &runPlan{cfg: cfg, out: cmp.Or(o.out, cfg.Site.Out, "site-out"), publish: cmp.Or(o.publish, cfg.Site.Publish),
		groupBy: cmp.Or(cfg.Drift.GroupBy, assess.DefaultGroupBy)}
	if o.noPublish {
		p.publish = ""
	}
	if p.publish != "" {
		if _, prefix, err := publish.ParseTarget(p.publish); err != nil {
			return nil, fmt.Errorf("--publish: %w", err)
		} else if prefix == "" && !cfg.Site.PublishBucketRoot {
			return nil, fmt.Errorf("--publish %s: a bucket root: publishing there deletes every other object of the bucket; give a prefix (s3://bucket/docs), or set site.publish_bucket_root: true if the bucket holds nothing but the site", p.publish)
		}
	}
	if p.pol, err = policy.LoadOptional(cmp.Or(o.policy, cfg.PolicyPath())); err != nil {
		return nil, err
	}
	if p.failOn, err = parseFailOn(cmp.Or(o.failOn, cfg.Drift.FailOn)); err != nil {
		return nil, err
	}
	if name := cfg.Notify.SlackWebhookEnv; name != "" {
		if v, ok := e.lookup(name); ok && v != "" {
			p.webhook = v
		}
	}
	return p, nil
}

// runNightly runs the whole job and returns the exit code. Each step that
// fails after the crawl is reported and turns the exit code into 3, but
// never deletes what earlier steps produced.
func runNightly(ctx context.Context, c *call, o runOptions, now time.Time) int {
	plan, err := resolveRun(o, c.env)
	if err != nil {
		return c.fail(exitUsage, err)
	}
	st, m, code := crawlStep(ctx, c, plan.cfg, crawlArgs{store: o.store, pathStyle: o.pathStyle})
	if m == nil {
		return code
	}
	// Every step after the crawl runs even when another failed: a broken
	// render or publish must never cost the night's drift report. Failed
	// steps are listed at the end and make the exit code 3.
	var failed []error
	nopts := nightly.Options{Policy: plan.pol, GroupBy: plan.groupBy, Out: plan.out, Logger: c.logger, Now: now}
	r, driftErr := nightly.Drift(ctx, st, m, nopts)
	if err := nightly.Render(ctx, st, m, nopts); err != nil {
		failed = append(failed, err)
	} else {
		fmt.Fprintf(c.stdout, "site rendered to %s\n", plan.out)
		if err := publishSite(ctx, c, plan, o.pathStyle); err != nil {
			failed = append(failed, fmt.Errorf("publishing the site: %w", err))
		}
	}
	switch {
	case driftErr != nil:
		failed = append(failed, driftErr)
	case r == nil:
		fmt.Fprintln(c.stdout, "drift: first snapshot set in the store, nothing to compare with yet")
	default:
		if err := deliverReport(ctx, c, st, r, m, plan, o.report, failed, now); err != nil {
			failed = append(failed, fmt.Errorf("writing the drift report: %w", err))
		}
		code = max(code, r.ExitCode(plan.failOn))
	}
	for _, err := range failed {
		c.logger.Error("run step failed", "error", err.Error())
		c.fail(exitFailed, err)
	}
	if o.emf {
		dep, _ := c.lookup("AURORADOC_DEPLOYMENT")
		mt := nightly.Metrics{Deployment: dep, NightFinished: 1, FailedTargets: m.Summary.Failed, FailedSteps: len(failed), DurationSeconds: time.Since(now).Seconds()}
		for _, e := range m.Targets {
			if e.Stale() {
				mt.StaleTargets++
			}
		}
		if r != nil {
			mt.UnexpectedChanges, mt.DamagedSnapshots = r.Summary().Unexpected, len(r.Damaged)
		}
		if err := mt.WriteEMF(c.stderr, time.Now()); err != nil {
			c.logger.Warn("writing the night's metrics", "error", err.Error())
		}
	}
	if len(failed) > 0 {
		return exitFailed
	}
	return code
}

// publishSite publishes the rendered site, when the plan says where.
func publishSite(ctx context.Context, c *call, plan *runPlan, pathStyle bool) error {
	if plan.publish == "" {
		return nil
	}
	client, err := awsconfig.S3Client(ctx, c.logger, pathStyle)
	if err != nil {
		return err
	}
	pl, err := publish.Publish(ctx, client, publish.Options{Dir: plan.out, Target: plan.publish, Logger: c.logger, AllowBucketRoot: plan.cfg.Site.PublishBucketRoot})
	if err != nil {
		return err
	}
	return pl.Write(c.stdout)
}

// deliverReport prints the drift report, writes it as Markdown to
// reportFile (if set), announces the night on Slack (nightly.Announce) and
// then, when the post went through (or none was due), marks the set as
// reported in the store.
func deliverReport(ctx context.Context, c *call, st *snapshot.Store, r *report.Report, m *snapshot.Manifest, plan *runPlan, reportFile string, failed []error, now time.Time) error {
	if err := report.Write(c.stdout, r, "text"); err != nil {
		return err
	}
	if reportFile != "" {
		if err := atomicfile.Write(reportFile, 0o644, func(w io.Writer) error { return report.Write(w, r, "markdown") }); err != nil {
			return err
		}
	}
	if _, err := nightly.Announce(ctx, plan.webhook, r, m, plan.failOn, plan.cfg.Site.URL, failed); err != nil {
		// A chat outage is worth a warning, not a failed run; the set
		// stays unmarked, so the next night posts these changes again.
		c.logger.Warn("posting the drift summary to Slack", "error", err.Error())
		fmt.Fprintf(c.stderr, "auroradoc run: warning: %v (the next run reports these changes again)\n", err)
		return nil
	}
	if err := nightly.MarkReported(ctx, st, r, now); err != nil {
		// Not fatal: without the mark the next night reports these
		// changes again rather than losing them.
		c.logger.Warn("marking the drift report as delivered", "error", err.Error())
		fmt.Fprintf(c.stderr, "auroradoc run: warning: %v\n", err)
	}
	return nil
}

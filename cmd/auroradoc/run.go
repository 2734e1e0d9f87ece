package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/internal/atomicfile"
	"github.com/auroradoc/auroradoc/nightly"
	"github.com/auroradoc/auroradoc/notify"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/site/publish"
)

const runHelp = `The nightly job, in one command:
  1. crawl every configured target into a new snapshot set (failed or
     skipped clusters keep their last good snapshot, marked stale), then
     apply the retention: section;
  2. bring the drift history up to date (one small record per set, cached
     in the store under history/);
  3. render the site (incrementally) with its drift pages into site.out;
  4. publish it to site.publish (only what changed; entry pages last);
  5. report drift between this set and the previous one (policy from
     drift.policy), as text on stdout and, with --report, as Markdown;
  6. post a summary to Slack when notify.slack_webhook_env names a set
     variable.

Exit codes:
  0  everything crawled, no unexpected drift
  1  some targets failed (the others' results are kept and published), or
     unexpected drift, or with drift.fail_on / --fail-on a state finding at
     or above that severity
  2  usage or configuration error (config, policy): nothing was done
  3  the run itself failed (store, render or publish)`

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
			return func(ctx context.Context, c *call) int {
				return runNightly(ctx, c, o, time.Now())
			}
		},
	}
}

type runOptions struct {
	config, store, out, publish, policy, failOn, report string
	noPublish, pathStyle                                bool
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
	p := &runPlan{cfg: cfg, out: firstOf(o.out, cfg.Site.Out, "site-out"), publish: firstOf(o.publish, cfg.Site.Publish),
		groupBy: firstOf(cfg.Drift.GroupBy, assess.DefaultGroupBy)}
	if o.noPublish {
		p.publish = ""
	}
	if p.publish != "" {
		if _, _, err := publish.ParseTarget(p.publish); err != nil {
			return nil, fmt.Errorf("--publish: %w", err)
		}
	}
	if p.pol, err = policy.LoadOptional(firstOf(o.policy, cfg.PolicyPath())); err != nil {
		return nil, err
	}
	if p.failOn, err = parseFailOn(firstOf(o.failOn, cfg.Drift.FailOn)); err != nil {
		return nil, err
	}
	if name := cfg.Notify.SlackWebhookEnv; name != "" {
		if v, ok := e.lookup(name); ok && v != "" {
			p.webhook = v
		}
	}
	return p, nil
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
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
	fail := func(step string, err error) int {
		c.logger.Error("run failed", "step", step, "error", err.Error())
		return c.fail(exitFailed, fmt.Errorf("%s: %w", step, err))
	}
	failed := func(err error) int { // err names its step (nightly.StepError)
		c.logger.Error("run failed", "error", err.Error())
		return c.fail(exitFailed, err)
	}
	nopts := nightly.Options{Policy: plan.pol, GroupBy: plan.groupBy, Out: plan.out, Logger: c.logger, Now: now}
	if err := nightly.Render(ctx, st, m, nopts); err != nil {
		return failed(err)
	}
	fmt.Fprintf(c.stdout, "site rendered to %s\n", plan.out)
	if plan.publish != "" {
		client, err := s3Client(ctx, c.logger, o.pathStyle)
		if err != nil {
			return fail("publishing the site", err)
		}
		pl, err := publish.Publish(ctx, client, publish.Options{Dir: plan.out, Target: plan.publish, Logger: c.logger})
		if err == nil {
			err = pl.Write(c.stdout)
		}
		if err != nil {
			return fail("publishing the site", err)
		}
	}
	r, err := nightly.Drift(ctx, st, m, nopts)
	if err != nil {
		return failed(err)
	}
	if r == nil {
		fmt.Fprintln(c.stdout, "drift: first snapshot set in the store, nothing to compare with yet")
		return code
	}
	if err := report.Write(c.stdout, r, "text"); err != nil {
		return fail("writing the drift report", err)
	}
	if o.report != "" {
		err := atomicfile.Write(o.report, 0o644, func(w io.Writer) error { return report.Write(w, r, "markdown") })
		if err != nil {
			return fail("writing the drift report", err)
		}
	}
	// A quiet night posts nothing: only unexpected drift, failing state
	// findings or failed targets are worth a message.
	if plan.webhook != "" && (r.ExitCode(plan.failOn) != 0 || m.Summary.Failed > 0) {
		// The run's context has no deadline: bound the post, so that a
		// webhook that never answers cannot hang the nightly job.
		sctx, cancel := context.WithTimeout(ctx, slackTimeout)
		err := notify.Slack(sctx, http.DefaultClient, plan.webhook, notify.Night(r, m, plan.failOn, plan.cfg.Site.URL))
		cancel()
		if err != nil {
			// The night's results are stored and published; a chat
			// outage is worth a warning, not a failed run.
			c.logger.Warn("posting the drift summary to Slack", "error", err.Error())
			fmt.Fprintf(c.stderr, "auroradoc run: warning: %v\n", err)
		}
	}
	return max(code, r.ExitCode(plan.failOn))
}

// slackTimeout bounds posting the summary to Slack.
const slackTimeout = 30 * time.Second

package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/nightly"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/site/publish"
	"github.com/auroradoc/auroradoc/snapshot"
)

func runCommand() *command {
	return &command{
		name:    "run",
		summary: "Nightly job: crawl, store, render, publish and report drift",
		usage:   "--config FILE [--store DIR|s3://…] [--out SITE] [--publish s3://…] [flags]\n\n" + help("run"),
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
			fs.StringVar(&o.shard.set, "set", "", "the night's snapshot set `id` (2026-12-05T020000Z or an RFC 3339 time), agreed by the orchestrator; needed by --shard and --finish")
			fs.StringVar(&o.shard.shard, "shard", "", "crawl only this `shard` of the night (static, region=R, account=A or account=A,region=R) into --set, write its record and stop")
			fs.BoolVar(&o.shard.finish, "finish", false, "complete --set from its shards' records (missing shards: failed, clusters carried forward), then render, publish and report")
			fs.StringVar(&o.shard.shards, "shards", "", "with --finish: the night's shards, space-separated (default: from the config, see --shard-by)")
			fs.StringVar(&o.shard.by, "shard-by", "region", "with --finish and no --shards: split the configured fleet by region, account or account,region")
			fs.DurationVar(&o.shard.wait, "wait", 0, "with --finish: wait at most this long for shards that have not reported")
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
	shard                                               shardArgs
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
	ca := crawlArgs{store: o.store, pathStyle: o.pathStyle}
	if o.shard.set != "" {
		if o.shard.set, err = snapshot.SetIDFor(o.shard.set); err != nil {
			return c.fail(exitUsage, fmt.Errorf("--set: %w", err))
		}
		ca.setAt, _ = time.Parse(snapshot.SetIDLayout, o.shard.set)
	} else if o.shard.shard != "" || o.shard.finish {
		return c.fail(exitUsage, errors.New("--shard and --finish need --set: the night's set id, the same for every shard"))
	}
	if o.shard.shard != "" {
		return shardStep(ctx, c, plan.cfg, ca, o.shard)
	}
	step := crawlStep
	if o.shard.finish {
		step = func(ctx context.Context, c *call, cfg *config.Config, a crawlArgs) (*snapshot.Store, *snapshot.Manifest, int) {
			return finishStep(ctx, c, cfg, a, o.shard)
		}
	}
	st, m, code := step(ctx, c, plan.cfg, ca)
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
		if err := nightly.Deliver(ctx, st, r, m, nightly.Delivery{Out: c.stdout, Warn: c.stderr, ReportFile: o.report,
			Webhook: plan.webhook, SiteURL: plan.cfg.Site.URL, FailOn: plan.failOn, Logger: c.logger}, failed, now); err != nil {
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
		mt := nightly.NightMetrics(dep, m, r, len(failed), time.Since(now))
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

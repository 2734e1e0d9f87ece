package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/inventory"
	"github.com/auroradoc/auroradoc/notify"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/site"
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
		setup: func(fs *flag.FlagSet) func(context.Context, env, []string) int {
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
			lf := addLogFlags(fs)
			return func(ctx context.Context, e env, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(e.stderr, "auroradoc run: unexpected arguments %q (see --help)\n", args)
					return exitUsage
				}
				logger, err := lf.logger(e.stderr)
				if err != nil {
					fmt.Fprintf(e.stderr, "auroradoc run: %v\n", err)
					return exitUsage
				}
				return runNightly(ctx, e, logger, o, time.Now())
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
		groupBy: firstOf(cfg.Drift.GroupBy, "env")}
	if o.noPublish {
		p.publish = ""
	}
	if p.publish != "" {
		if _, _, err := publish.ParseTarget(p.publish); err != nil {
			return nil, fmt.Errorf("--publish: %w", err)
		}
	}
	polPath := o.policy
	if polPath == "" && cfg.Drift.Policy != "" {
		polPath = cfg.Drift.Policy
		if !filepath.IsAbs(polPath) {
			polPath = filepath.Join(filepath.Dir(o.config), polPath)
		}
	}
	if p.pol, err = loadPolicy(polPath); err != nil {
		return nil, err
	}
	if fo := firstOf(o.failOn, cfg.Drift.FailOn); fo != "" {
		s, err := drift.ParseSeverity(fo)
		if err != nil {
			return nil, fmt.Errorf("--fail-on: %w", err)
		}
		p.failOn = &s
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
func runNightly(ctx context.Context, e env, logger *slog.Logger, o runOptions, now time.Time) int {
	plan, err := resolveRun(o, e)
	if err != nil {
		fmt.Fprintf(e.stderr, "auroradoc run: %v\n", err)
		return exitUsage
	}
	st, m, code := crawlStep(ctx, e, logger, plan.cfg, crawlArgs{store: o.store, pathStyle: o.pathStyle}, "auroradoc run")
	if m == nil {
		return code
	}
	fail := func(step string, err error) int {
		fmt.Fprintf(e.stderr, "auroradoc run: %s: %v\n", step, err)
		logger.Error("run failed", "step", step, "error", err.Error())
		return exitFailed
	}
	h, err := updateHistory(ctx, logger, st, plan.pol)
	if err != nil {
		return fail("drift history", err)
	}
	if err := renderSite(ctx, site.FromStore(st, m), h, plan.out); err != nil {
		return fail("rendering the site", err)
	}
	fmt.Fprintf(e.stdout, "site rendered to %s\n", plan.out)

	if plan.publish != "" {
		awsCfg, err := inventory.LoadAWSConfig(ctx, 10, logger)
		if err != nil {
			return fail("publishing the site", err)
		}
		client := s3.NewFromConfig(awsCfg, func(so *s3.Options) { so.UsePathStyle = o.pathStyle })
		pl, err := publish.Publish(ctx, client, publish.Options{Dir: plan.out, Target: plan.publish, Logger: logger})
		if err != nil {
			return fail("publishing the site", err)
		}
		if err := pl.Write(e.stdout); err != nil {
			return fail("publishing the site", err)
		}
	}

	r, err := nightlyDrift(ctx, st, m, plan, now)
	if err != nil {
		return fail("computing drift", err)
	}
	if r == nil {
		fmt.Fprintln(e.stdout, "drift: first snapshot set in the store, nothing to compare with yet")
		return code
	}
	if err := report.Write(e.stdout, r, "text"); err != nil {
		return fail("writing the drift report", err)
	}
	if o.report != "" {
		err := writeAtomic(o.report, func(w io.Writer) error { return report.Write(w, r, "markdown") })
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
		err := notify.Slack(sctx, http.DefaultClient, plan.webhook, slackMessage(r, m, plan))
		cancel()
		if err != nil {
			// The night's results are stored and published; a chat
			// outage is worth a warning, not a failed run.
			logger.Warn("posting the drift summary to Slack", "error", err.Error())
			fmt.Fprintf(e.stderr, "auroradoc run: warning: %v\n", err)
		}
	}
	if dc := r.ExitCode(plan.failOn); dc > code {
		code = dc
	}
	return code
}

// slackTimeout bounds posting the summary to Slack.
const slackTimeout = 30 * time.Second

// nightlyDrift compares the set the crawl just wrote (m, already in
// memory) with the set before it; nil when there is none.
func nightlyDrift(ctx context.Context, st *snapshot.Store, m *snapshot.Manifest, plan *runPlan, now time.Time) (*report.Report, error) {
	ids, err := st.Sets(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.Index(ids, m.Set)
	if i < 0 {
		return nil, fmt.Errorf("set %s is not in %s", m.Set, st)
	}
	if i == 0 {
		return nil, nil
	}
	d := &driftRun{st: st, pol: plan.pol, opts: drift.Options{Volatile: plan.pol.Volatile()},
		fromID: ids[i-1], toID: m.Set, to: m}
	if d.from, err = st.Manifest(ctx, d.fromID); err != nil {
		return nil, err
	}
	return d.build(ctx, plan.groupBy, now)
}

// slackMessage summarises the night: failed targets, unexpected changes,
// then state findings at or above the fail-on severity.
func slackMessage(r *report.Report, m *snapshot.Manifest, plan *runPlan) notify.Message {
	s := r.Summary()
	msg := notify.Message{Title: fmt.Sprintf("auroradoc %s: %d unexpected change(s), %d declared, %d state finding(s), %d failed target(s) of %d",
		r.To, s.Unexpected, s.Expected, s.State, m.Summary.Failed, s.Targets)}
	for _, e := range m.Targets {
		if e.Status != snapshot.StatusFailed {
			continue
		}
		line := e.Name + " failed: " + e.Error
		if e.Stale() {
			// StaleSince is optional in the manifest (a hand-edited or
			// older one may lack it): fall back to the set it came from.
			taken := "set " + e.StaleFrom
			if e.StaleSince != nil {
				taken = e.StaleSince.Format("2006-01-02")
			}
			line += " (showing its snapshot of " + taken + ", stale)"
		}
		msg.Lines = append(msg.Lines, line)
	}
	for _, f := range r.Changes {
		if !f.Expected && !f.Ignored {
			msg.Lines = append(msg.Lines, f.Message)
		}
	}
	for _, f := range r.State {
		if !f.Expected && !f.Ignored && plan.failOn != nil && f.Severity >= *plan.failOn {
			msg.Lines = append(msg.Lines, "["+f.Severity.String()+"] "+f.Message)
		}
	}
	if u := plan.cfg.Site.URL; u != "" {
		msg.Link = strings.TrimSuffix(u, "/") + "/drift/index.html"
	}
	return msg
}

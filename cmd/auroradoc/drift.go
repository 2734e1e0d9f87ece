package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/guardrail"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/snapshot"
)

const driftHelp = `Compare two snapshot sets (default: the latest complete set against the
one before it), or a set against a committed baseline (see "auroradoc
baseline --help"), and report:
  changes  what changed per target: parameters, variables (volatile ones
           never count), engine version, schema objects with a DDL diff,
           table sizes, targets that appeared or disappeared;
  state    findings about the compared-to set alone: configured vs running
           parameters, guardrails, the policy's expected values, and
           fleet outliers within each --group-by tag value.
A target that failed in one set is compared through its carried-forward
(stale) snapshot when there is one, and reported as a warning otherwise;
one the configuration now excludes (filtered) counts as removed.
The policy (--policy) sets volatile variables, severities, declared
(expected) and ignored findings.

Formats: text (terminal), markdown (a pull-request comment, kept under
GitHub's size limit), json (everything, ignored findings included, with
a summary; fields documented in package drift/report), github (workflow
annotations: ::error for high and critical, ::warning, ::notice).
Ignored findings appear only in json.

Exit codes:
  0  no unexpected change (every change declared or ignored by the policy)
  1  an unexpected change; or, with --fail-on, a state finding at or above
     that severity
  2  error: bad flags, unreadable store, set, snapshot, baseline or policy
     (nothing is written)`

func driftCommand() *command {
	return &command{
		name:    "drift",
		summary: "Report drift between two snapshot sets, or a set and a baseline",
		usage: "--store DIR|s3://bucket/prefix [--from SET] [--to SET] [--baseline FILE] [--policy FILE]\n" +
			"        [--format text|markdown|json|github] [--fail-on SEVERITY] [--group-by TAG] [--out FILE]\n\n" + driftHelp,
		setup: func(fs *flag.FlagSet) func(context.Context, env, []string) int {
			var o driftOptions
			fs.StringVar(&o.store, "store", "", "snapshot store: a `directory` or s3://bucket/prefix")
			fs.StringVar(&o.from, "from", "", "older snapshot `set` (default: the set before --to)")
			fs.StringVar(&o.to, "to", "", "newer snapshot `set` (default: the latest)")
			fs.StringVar(&o.baseline, "baseline", "", "compare --to against this baseline `file` instead of a set")
			fs.StringVar(&o.policy, "policy", "", "drift policy `file` (YAML)")
			fs.StringVar(&o.format, "format", "text", "report `format`: "+strings.Join(report.Formats(), ", "))
			fs.StringVar(&o.failOn, "fail-on", "", "also exit 1 for a state finding at or above this `severity` (info, low, medium, high, critical)")
			fs.StringVar(&o.groupBy, "group-by", "env", "cluster `tag` whose values group the fleet comparison (\"\": one group)")
			fs.StringVar(&o.out, "out", "", "write the report to `file` (default: stdout)")
			lf := addLogFlags(fs)
			return func(ctx context.Context, e env, args []string) int {
				if len(args) > 0 {
					fmt.Fprintf(e.stderr, "auroradoc drift: unexpected arguments %q (see --help)\n", args)
					return exitUsage
				}
				logger, err := lf.logger(e.stderr)
				if err == nil {
					err = o.check()
				}
				if err != nil {
					fmt.Fprintf(e.stderr, "auroradoc drift: %v\n", err)
					return exitUsage
				}
				code, err := runDrift(ctx, logger, e, o, time.Now())
				if err != nil {
					fmt.Fprintf(e.stderr, "auroradoc drift: %v\n", err)
					return exitUsage
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
	if o.failOn != "" {
		if _, err := drift.ParseSeverity(o.failOn); err != nil {
			return fmt.Errorf("--fail-on: %w", err)
		}
	}
	return nil
}

// runDrift builds the report, writes it and returns the exit code (0 or
// 1); any error means exit 2 with nothing written.
func runDrift(ctx context.Context, logger *slog.Logger, e env, o driftOptions, now time.Time) (int, error) {
	var failOn *drift.Severity
	if o.failOn != "" {
		s, _ := drift.ParseSeverity(o.failOn)
		failOn = &s
	}
	pol, err := loadPolicy(o.policy)
	if err != nil {
		return 0, err
	}
	st, err := openStore(ctx, o.store, logger)
	if err != nil {
		return 0, err
	}
	d := &driftRun{st: st, pol: pol, opts: drift.Options{Volatile: pol.Volatile()}}
	if err := d.pickSets(ctx, o); err != nil {
		return 0, err
	}
	if o.baseline != "" {
		if d.base, err = readBaseline(o.baseline); err != nil {
			return 0, err
		}
	}
	r, err := d.build(ctx, o.groupBy, now)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, r, o.format); err != nil {
		return 0, err
	}
	if o.out == "" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return 0, fmt.Errorf("writing the report: %w", err)
		}
	} else if err := writeAtomic(o.out, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return 0, fmt.Errorf("writing the report to %s: %w", o.out, err)
	}
	return r.ExitCode(failOn), nil
}

// driftRun holds what one drift run compares.
type driftRun struct {
	st     *snapshot.Store
	pol    *policy.Policy
	opts   drift.Options
	fromID string // empty with a baseline
	toID   string
	from   *snapshot.Manifest
	to     *snapshot.Manifest
	base   *baseline
}

// pickSets resolves --from and --to (defaults: the set before the latest,
// the latest) and reads their manifests.
func (d *driftRun) pickSets(ctx context.Context, o driftOptions) error {
	ids, err := d.st.Sets(ctx)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("%w %s", snapshot.ErrNoSets, d.st)
	}
	d.toID = o.to
	if d.toID == "" {
		d.toID = ids[len(ids)-1]
	}
	if d.to, err = d.st.Manifest(ctx, d.toID); err != nil {
		return err
	}
	if o.baseline != "" {
		return nil
	}
	d.fromID = o.from
	if d.fromID == "" {
		i := slices.Index(ids, d.toID)
		if i <= 0 {
			if len(ids) == 1 {
				return fmt.Errorf("store %s holds one snapshot set (%s): nothing to compare it with (crawl again, or give --baseline FILE)", d.st, d.toID)
			}
			return fmt.Errorf("no snapshot set before %s in %s to compare it with (give --from SET)", d.toID, d.st)
		}
		d.fromID = ids[i-1]
	}
	d.from, err = d.st.Manifest(ctx, d.fromID)
	return err
}

// build compares target by target, holding at most two full snapshots in
// memory (the fleet comparison keeps the cluster and variables of each
// compared-to snapshot, not their schemas), then applies the policy.
func (d *driftRun) build(ctx context.Context, groupBy string, now time.Time) (*report.Report, error) {
	r := &report.Report{To: d.toID}
	if d.base != nil {
		r.From = "baseline " + d.base.path
	} else {
		r.From = d.fromID
	}
	fromEntries := map[string]*snapshot.Entry{}
	var names []string
	if d.base != nil {
		names = slices.Clone(d.base.names)
	} else {
		for _, ent := range documented(d.from) {
			fromEntries[ent.Name] = ent
			names = append(names, ent.Name)
		}
	}
	toEntries := map[string]*snapshot.Entry{}
	for _, ent := range documented(d.to) {
		toEntries[ent.Name] = ent
		names = append(names, ent.Name)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	r.Targets = len(names)

	subjects := map[string]policy.Subject{}
	var fleet []*snapshot.Snapshot
	volatile := d.opts.VolatileMatcher()
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		prev, prevOK, err := d.older(ctx, name, fromEntries, r)
		if err != nil {
			return nil, err
		}
		cur, curOK, err := d.newer(ctx, name, toEntries[name], r)
		if err != nil {
			return nil, err
		}
		for _, s := range []*snapshot.Snapshot{prev, cur} {
			if s != nil {
				subjects[name] = policy.SubjectOf(s)
			}
		}
		if prevOK && curOK {
			against := cur
			if d.base != nil && cur != nil {
				// The baseline has no sizes, taken_at or volatile
				// variables: compare like with like.
				against = normalizeForBaseline(cur, volatile)
			}
			r.Changes = append(r.Changes, drift.Compare(prev, against, d.opts)...)
		}
		if cur == nil {
			continue
		}
		r.State = append(r.State, drift.ConfiguredVsRunning(cur, d.opts)...)
		r.State = append(r.State, guardrail.Check(cur, d.pol.Guardrails())...)
		r.State = append(r.State, d.pol.Check(cur)...)
		lean := *cur
		lean.Schemas = nil
		fleet = append(fleet, &lean)
	}
	r.State = append(r.State, drift.Fleet(fleet, drift.FleetOptions{GroupByTag: groupBy, Options: d.opts})...)
	r.State = withoutChanges(r.State, r.Changes)
	r.Changes = d.pol.Apply(r.Changes, subjects, now)
	r.State = d.pol.Apply(r.State, subjects, now)
	r.Warnings = append(r.Warnings, d.pol.Warnings(now)...)
	r.Sort()
	return r, nil
}

// older returns the snapshot name is compared from: the baseline's, or the
// from set's. ok is false when the target is in the from set but has no
// snapshot there (a warning is added): it is then not compared. A target
// absent from the older side gives (nil, true): it was added.
func (d *driftRun) older(ctx context.Context, name string, entries map[string]*snapshot.Entry, r *report.Report) (*snapshot.Snapshot, bool, error) {
	if d.base != nil {
		s, err := d.base.snapshot(name)
		return s, true, err
	}
	ent := entries[name]
	if ent == nil {
		return nil, true, nil
	}
	if !ent.HasSnapshot() {
		r.Warnings = append(r.Warnings, notCompared(name, d.fromID, ent))
		return nil, false, nil
	}
	if ent.Stale() {
		r.Warnings = append(r.Warnings, staleWarning(name, d.fromID, ent))
	}
	s, err := d.st.Snapshot(ctx, d.fromID, name)
	return s, true, err
}

// newer returns the snapshot of name in the to set; ok as for older.
func (d *driftRun) newer(ctx context.Context, name string, ent *snapshot.Entry, r *report.Report) (*snapshot.Snapshot, bool, error) {
	if ent == nil {
		return nil, true, nil
	}
	if !ent.HasSnapshot() {
		r.Warnings = append(r.Warnings, notCompared(name, d.toID, ent))
		return nil, false, nil
	}
	if ent.Stale() {
		r.Warnings = append(r.Warnings, staleWarning(name, d.toID, ent))
	}
	s, err := d.st.Snapshot(ctx, d.toID, name)
	return s, err == nil, err
}

func staleWarning(name, set string, ent *snapshot.Entry) string {
	since := ""
	if ent.StaleSince != nil {
		since = ", taken " + ent.StaleSince.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("%s: %s in set %s; compared through its stale snapshot carried forward from set %s%s", name, entryProblem(ent), set, ent.StaleFrom, since)
}

func notCompared(name, set string, ent *snapshot.Entry) string {
	return fmt.Sprintf("%s: not compared: %s in set %s and no earlier snapshot was carried forward", name, entryProblem(ent), set)
}

// documented returns the entries of a set's manifest except those the
// configuration filtered out: such a target left the fleet on purpose and
// counts as absent from the set (removed, when the older set had it).
func documented(m *snapshot.Manifest) []*snapshot.Entry {
	var out []*snapshot.Entry
	for _, e := range m.Targets {
		if !e.Filtered {
			out = append(out, e)
		}
	}
	return out
}

// withoutChanges drops the state findings that a change already reports: a
// configured ≠ running mismatch that is new tonight is a change, and
// listing it again as state would say the same thing twice.
func withoutChanges(state, changes []drift.Finding) []drift.Finding {
	type key struct {
		target     string
		kind       drift.Kind
		object     string
		group, fld string
	}
	seen := map[key]bool{}
	for _, c := range changes {
		seen[key{c.Target, c.Kind, c.Object, c.Group, c.Field}] = true
	}
	out := state[:0:0]
	for _, f := range state {
		if !seen[key{f.Target, f.Kind, f.Object, f.Group, f.Field}] {
			out = append(out, f)
		}
	}
	return out
}

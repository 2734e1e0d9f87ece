package review

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/anomaly"
	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/guardrail"
	"github.com/auroradoc/auroradoc/internal/glob"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Options configure a review.
type Options struct {
	Store *snapshot.Store
	// Set is the snapshot set reviewed against; "" is the latest.
	Set string
	// Targets is a glob over target names ("orders-*", an exact name);
	// every target of the set that has Schema is reviewed.
	Targets string
	// Schema is the schema the migration applies to; "" means the one
	// user schema of each target (an error when a target has several).
	Schema string
	// Migration is the proposed change, in order.
	Migration []Statement
	// ScratchDSN is a MySQL/MariaDB server to recreate schemas on instead
	// of go-mysql-server (for DDL go-mysql-server lacks). The review
	// creates the schema's database there and drops it after; it refuses
	// a server that already has a database of that name.
	ScratchDSN string
	// Guardrails configure the guardrail rules (as drift's policy does).
	Guardrails guardrail.Options
	// LLM, when set, asks a model for a comment (see LLM).
	LLM    *LLM
	Logger *slog.Logger
}

// Result is a review's outcome: a drift report whose Changes are the
// migration's change set (expected: the migration declares them) and whose
// State holds the guardrails it newly breaks and its risks; Failed counts
// statements that did not apply and recreations that were incomplete.
type Result struct {
	Report *report.Report `json:"report"`
	// Statements are the migration's statements, numbered.
	Statements []Statement `json:"statements"`
	// Failed counts problems that make the review incomplete (a
	// statement that failed, an object that could not be recreated): they
	// fail the gate, as a damaged snapshot fails drift's.
	Failed int `json:"failed"`
	// Comment is the LLM's comment when one was asked for.
	Comment *Comment `json:"llm_comment,omitempty"`
}

// ExitCode is 1 when the review is incomplete or the report fails at
// failOn (changes never do: the migration declares them), 0 otherwise.
func (r *Result) ExitCode(failOn *drift.Severity) int {
	if r.Failed > 0 {
		return 1
	}
	return r.Report.ExitCode(failOn)
}

// ErrNoTargets: no target of the set matched and had the schema.
var ErrNoTargets = errors.New("no target of the snapshot set matches and has the schema")

// Run reviews o.Migration against every matching target.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if len(o.Migration) == 0 {
		return nil, errors.New("the migration has no statements")
	}
	set := o.Set
	if set == "" {
		id, err := o.Store.Latest(ctx)
		if err != nil {
			return nil, fmt.Errorf("finding the latest snapshot set in %s: %w", o.Store, err)
		}
		set = id
	}
	m, err := o.Store.Manifest(ctx, set)
	if err != nil {
		return nil, fmt.Errorf("reading the manifest of set %s: %w", set, err)
	}
	pattern := o.Targets
	if pattern == "" {
		pattern = "*"
	}
	match, err := glob.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("--targets: %w", err)
	}
	ops := make([]Op, len(o.Migration))
	for i, st := range o.Migration {
		ops[i] = Parse(st)
	}
	res := &Result{Statements: o.Migration, Report: &report.Report{
		From: "set " + set + " (schemas recreated on " + scratchName(o.ScratchDSN) + ")",
		To:   "after the migration",
	}}
	runs := map[string]*applied{}
	for _, e := range m.Targets {
		if !match.Match(e.Name) || !e.HasSnapshot() {
			continue
		}
		prod, err := o.Store.Snapshot(ctx, set, e.Name)
		if err != nil {
			res.Report.Warnings = append(res.Report.Warnings, fmt.Sprintf("%s: snapshot not readable: %v", e.Name, err))
			res.Failed++
			continue
		}
		sc, err := pickSchema(prod, o.Schema)
		if err != nil {
			if o.Schema != "" {
				continue // fleet mode: this target does not have the schema
			}
			return nil, fmt.Errorf("target %s: %w", e.Name, err)
		}
		res.Report.Targets++
		rec := recreationOf(sc)
		a, ok := runs[rec.key()]
		if !ok {
			a = applyMigration(ctx, o, rec)
			runs[rec.key()] = a
		}
		res.add(e.Name, prod, sc, ops, a, o)
	}
	if res.Report.Targets == 0 {
		return nil, fmt.Errorf("%w (set %s, targets %q, schema %q)", ErrNoTargets, set, o.Targets, o.Schema)
	}
	if o.LLM != nil {
		res.Comment = o.LLM.comment(ctx, res, o)
	}
	res.Report.Sort()
	return res, nil
}

func scratchName(dsn string) string {
	if dsn == "" {
		return "go-mysql-server"
	}
	return "the scratch server"
}

// pickSchema returns the schema named name, or the only user schema.
func pickSchema(s *snapshot.Snapshot, name string) (*snapshot.Schema, error) {
	if name != "" {
		if sc := s.FindSchema(name); sc != nil {
			return sc, nil
		}
		return nil, fmt.Errorf("no schema %q in its snapshot", name)
	}
	if len(s.Schemas) != 1 {
		names := make([]string, len(s.Schemas))
		for i, sc := range s.Schemas {
			names[i] = sc.Name
		}
		return nil, fmt.Errorf("%d schemas (%s): name one with --schema", len(s.Schemas), strings.Join(names, ", "))
	}
	return s.Schemas[0], nil
}

// applied is the outcome of one recreation + migration on a scratch server.
type applied struct {
	before, after *snapshot.Snapshot
	// problems make the review incomplete: objects not recreated,
	// statements that failed, a scratch server that failed.
	problems []string
	// notes are limits that do not fail it (routines not recreated).
	notes []string
}

// applyMigration recreates rec on a fresh scratch database, crawls it,
// applies the migration statement by statement, and crawls it again.
func applyMigration(ctx context.Context, o Options, rec recreation) *applied {
	a := &applied{notes: rec.notRecreated}
	fail := func(format string, args ...any) *applied {
		a.problems = append(a.problems, fmt.Sprintf(format, args...))
		return a
	}
	sc, err := openScratch(ctx, o.ScratchDSN)
	if err != nil {
		return fail("%v", err)
	}
	defer sc.stop()
	db, err := sc.open("")
	if err != nil {
		return fail("opening %s: %v", sc.name, err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fail("connecting to %s: %v", sc.name, err)
	}
	defer conn.Close()
	var exists int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", rec.schema).Scan(&exists); err != nil {
		return fail("asking %s for its databases: %v", sc.name, err)
	}
	if exists > 0 {
		return fail("schema %s on %s: %v", rec.schema, sc.name, ErrScratchInUse)
	}
	defer func() {
		// A fresh context: the review's may have ended, the database must go.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+quoteIdent(rec.schema)); err != nil {
			o.Logger.Warn("dropping the review's scratch database", "schema", rec.schema, "server", sc.name, "err", err)
		}
	}()
	failed, err := rec.apply(ctx, conn)
	if err != nil {
		return fail("recreating schema %s on %s: %v", rec.schema, sc.name, err)
	}
	for _, f := range failed {
		a.problems = append(a.problems, fmt.Sprintf("not recreated on %s: %s%s", sc.name, f, scratchHint(o)))
	}
	// The crawl's own pool, on the schema: go-mysql-server answers
	// information_schema.TRIGGERS only with a database selected.
	cdb, err := sc.open(rec.schema)
	if err != nil {
		return fail("opening %s: %v", sc.name, err)
	}
	defer cdb.Close()
	crawl := func() (*snapshot.Snapshot, error) {
		return collector.Introspect(ctx, cdb, collector.Options{
			IncludeSchema:   func(n string) bool { return n == rec.schema },
			ExplicitSchemas: []string{rec.schema},
		})
	}
	if a.before, err = crawl(); err != nil {
		return fail("crawling the recreated schema %s: %v", rec.schema, err)
	}
	for _, st := range o.Migration {
		if _, err := conn.ExecContext(ctx, st.Text); err != nil {
			a.problems = append(a.problems, fmt.Sprintf("statement %d (%s) failed on %s: %v%s", st.Index, st, sc.name, err, scratchHint(o)))
			continue
		}
		if gap := gmsGap(Parse(st)); o.ScratchDSN == "" && gap != "" {
			a.problems = append(a.problems, fmt.Sprintf("statement %d (%s): go-mysql-server %s, so the change set is not what the server would do%s", st.Index, st, gap, scratchHint(o)))
		}
	}
	if a.after, err = crawl(); err != nil {
		return fail("crawling schema %s after the migration: %v", rec.schema, err)
	}
	return a
}

func scratchHint(o Options) string {
	if o.ScratchDSN != "" {
		return ""
	}
	return " (go-mysql-server may lack the feature: review with --scratch-dsn on a MySQL 8 or MariaDB server)"
}

// add puts one target's findings into the result.
func (r *Result) add(target string, prod *snapshot.Snapshot, sc *snapshot.Schema, ops []Op, a *applied, o Options) {
	for _, p := range a.problems {
		r.Report.Warnings = append(r.Report.Warnings, target+": "+p)
		r.Failed++
	}
	for _, n := range a.notes {
		r.Report.Warnings = append(r.Report.Warnings, target+": not reviewed: "+n)
	}
	if a.before != nil && a.after != nil {
		before, after := *a.before, *a.after
		before.Target, after.Target = prod.Target, prod.Target
		for _, f := range drift.Compare(&before, &after, drift.Options{}) {
			f.Expected, f.Reason = true, "in the migration"
			r.Report.Changes = append(r.Report.Changes, f)
		}
		r.Report.State = append(r.Report.State, newGuardrails(&before, &after, o.Guardrails)...)
		r.Report.State = append(r.Report.State, newAnomalies(&before, &after)...)
	}
	r.Report.State = append(r.Report.State, risks(target, prod, sc, ops)...)
}

// newGuardrails are the violations after the migration that were not there
// before it.
func newGuardrails(before, after *snapshot.Snapshot, o guardrail.Options) []drift.Finding {
	key := func(f drift.Finding) string { return f.Rule + "\x00" + f.Object + "\x00" + f.Group }
	was := map[string]bool{}
	for _, f := range guardrail.Check(before, o) {
		was[key(f)] = true
	}
	var out []drift.Finding
	for _, f := range guardrail.Check(after, o) {
		if !was[key(f)] && isSchemaRule(f) {
			out = append(out, f)
		}
	}
	return out
}

// newAnomalies are the schema anomalies (package anomaly) after the
// migration that were not there before it, except those a guardrail
// already reports.
func newAnomalies(before, after *snapshot.Snapshot) []drift.Finding {
	key := func(a anomaly.Anomaly) string {
		return a.Kind.ID + "\x00" + a.Schema + "\x00" + a.Table + "\x00" + a.Column
	}
	was := map[string]bool{}
	for _, a := range anomaly.Find(before) {
		was[key(a)] = true
	}
	var out []drift.Finding
	for _, a := range anomaly.Find(after) {
		if was[key(a)] || a.Kind.FromGuardrail() {
			continue
		}
		f := drift.Finding{Target: after.Target.Name, Kind: drift.KindAnomaly, Change: drift.Differs, Rule: a.Kind.ID,
			ObjectType: "table", Object: a.Schema + "." + a.Table, Severity: drift.SeverityLow,
			Message: after.Target.Name + ": " + a.Detail + " (" + a.Kind.Why + ")"}
		if a.Column != "" {
			f.ObjectType, f.Object = "column", f.Object+"."+a.Column
		}
		out = append(out, f)
	}
	return out
}

// isSchemaRule: server-level rules (binlog format, TLS…) describe the
// scratch server, not the target: only schema objects count.
func isSchemaRule(f drift.Finding) bool {
	return slices.Contains([]string{"table", "column", "constraint", "index", "schema", "view"}, f.ObjectType)
}

// gmsGap says what go-mysql-server (v0.20) accepts without doing it, for
// the statements of that kind; "" for the others.
func gmsGap(op Op) string {
	for _, c := range op.Clauses {
		switch c.Kind {
		case Partitioning, AddPartition, DropPartition:
			return "accepts partitioning clauses and ignores them"
		case ConvertCharset:
			return "changes only the table default on CONVERT TO CHARACTER SET, not the columns"
		}
	}
	if op.Kind == OpCreateTable && strings.Contains(strings.ToUpper(op.Statement.Text), "PARTITION BY") {
		return "accepts partitioning clauses and ignores them"
	}
	return ""
}

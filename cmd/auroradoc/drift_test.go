package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Targets of the drift test store.
const (
	tOrders  = "eu-west-1/orders-prd" // changes between set 1 and set 2
	tBilling = "eu-west-1/billing-prd"
	tLegacy  = "legacy" // failed in set 2, nothing carried forward
	tStale   = "stale"  // failed in set 2, set 1's snapshot carried forward
)

// auroraFixture is the fixture snapshot as an Aurora cluster named name,
// whose cluster parameter group sets max_connections as running.
func auroraFixture(t *testing.T, name string) *snapshot.Snapshot {
	t.Helper()
	s := testsnap.Fixture(t)
	region, id, _ := strings.Cut(name, "/")
	s.Target = snapshot.Target{Name: name, Kind: "aurora", Region: region, ClusterID: id, Host: id + ".cluster-ro.example", Port: 3306}
	s.TakenAt = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	s.Cluster = &snapshot.Cluster{
		ID: id, Region: region, Engine: "aurora-mysql", EngineVersion: "8.0.mysql_aurora.3.06.0", Status: "available", Port: 3306,
		Tags: map[string]string{"env": "prd"},
		Members: []*snapshot.Member{{ID: id + "-1", Role: "writer", Status: "available", ParameterGroup: id + "-instance",
			ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"}},
		ParameterGroup: &snapshot.ParameterGroup{Name: id + "-cluster", Parameters: []*snapshot.Parameter{
			{Name: "max_connections", Value: "151", HasValue: true, Source: "user", ApplyType: "dynamic", ApplyMethod: "immediate", IsModifiable: true},
		}},
		InstanceParameterGroups: []*snapshot.ParameterGroup{{Name: id + "-instance"}},
	}
	return s
}

func staticFixture(t *testing.T, name string) *snapshot.Snapshot {
	t.Helper()
	s := testsnap.Fixture(t)
	s.Target.Name = name
	return s
}

func findTable(t *testing.T, s *snapshot.Snapshot, schemaName, table string) (*snapshot.Schema, int) {
	t.Helper()
	sc := s.FindSchema(schemaName)
	if sc == nil {
		t.Fatalf("no schema %s", schemaName)
	}
	for i, tb := range sc.Tbls.Tables {
		if tb.Name == table {
			return sc, i
		}
	}
	t.Fatalf("no table %s.%s", schemaName, table)
	return nil, 0
}

// changeOrders applies set 2's changes to the orders cluster: a parameter
// (and the variable it sets), a variable, a volatile variable, a column
// type (an ALTER TABLE) and a dropped index.
func changeOrders(t *testing.T, s *snapshot.Snapshot) {
	t.Helper()
	s.TakenAt = s.TakenAt.Add(24 * time.Hour)
	s.Cluster.ParameterGroup.Parameters[0].Value = "2000"
	s.Variables["max_connections"] = "2000"
	s.Variables["long_query_time"] = "2.000000"
	s.Variables["gtid_binlog_pos"] = "0-1-4242" // volatile: never drift
	sc, i := findTable(t, s, "shop", "customer")
	tb := sc.Tbls.Tables[i]
	for _, c := range tb.Columns {
		if c.Name == "display_name" {
			c.Type = "varchar(200)"
		}
	}
	tb.Indexes = slices.DeleteFunc(tb.Indexes, func(ix *schema.Index) bool { return ix.Name == "idx_customer_status_created" })
	def := strings.Replace(tb.Def, "`display_name` varchar(100)", "`display_name` varchar(200)", 1)
	def = strings.Replace(def, "  KEY `idx_customer_status_created` (`status`,`created_at`),\n", "", 1)
	if def == tb.Def {
		t.Fatal("DDL of shop.customer unchanged")
	}
	tb.Def = def
}

type storeBuilder struct {
	t   *testing.T
	dir string
	st  *snapshot.Store
	ids []string
}

func newStoreBuilder(t *testing.T) *storeBuilder {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "store")
	st, err := snapshot.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return &storeBuilder{t: t, dir: dir, st: st}
}

// target is one target of a set: a snapshot, or a failure, optionally
// with a snapshot carried forward from an earlier set.
type target struct {
	snap      *snapshot.Snapshot
	name, err string
	staleFrom string // with snap: carried forward from this set
	filtered  bool   // skipped: the configuration excludes it
}

// set writes a complete set at day n (2026-11-2n).
func (b *storeBuilder) set(day int, targets ...target) string {
	b.t.Helper()
	ctx := context.Background()
	w, err := b.st.NewSet(ctx, time.Date(2026, 11, day, 3, 0, 0, 0, time.UTC))
	if err != nil {
		b.t.Fatal(err)
	}
	m := &snapshot.Manifest{Tool: "test"}
	for _, tg := range targets {
		e := &snapshot.Entry{Name: tg.name, Status: snapshot.StatusOK}
		if tg.snap != nil {
			e.Name = tg.snap.Target.Name
			if e.File, e.SHA256, err = w.Put(ctx, tg.snap); err != nil {
				b.t.Fatal(err)
			}
		}
		if tg.err != "" {
			e.Status, e.Error = snapshot.StatusFailed, tg.err
		}
		if tg.filtered {
			e.Status, e.Reason, e.Filtered = snapshot.StatusSkipped, "excluded by the configuration", true
		}
		if tg.staleFrom != "" {
			e.StaleFrom = tg.staleFrom
			at := tg.snap.TakenAt
			e.StaleSince = &at
		}
		m.Targets = append(m.Targets, e)
	}
	if err := w.Finish(ctx, m); err != nil {
		b.t.Fatal(err)
	}
	b.ids = append(b.ids, w.ID())
	return w.ID()
}

// driftStore builds three sets:
//
//	set 1: orders, billing, legacy, stale
//	set 2: orders changed; billing unchanged; legacy failed (nothing
//	       carried); stale failed, set 1's snapshot carried forward
//	set 3: as set 2 but legacy back, unchanged since set 1
func driftStore(t *testing.T) *storeBuilder {
	t.Helper()
	b := newStoreBuilder(t)
	orders2 := auroraFixture(t, tOrders)
	changeOrders(t, orders2)
	s1 := b.set(21,
		target{snap: auroraFixture(t, tOrders)}, target{snap: auroraFixture(t, tBilling)},
		target{snap: staticFixture(t, tLegacy)}, target{snap: staticFixture(t, tStale)})
	b.set(22,
		target{snap: orders2}, target{snap: auroraFixture(t, tBilling)},
		target{name: tLegacy, err: "connecting: dial tcp 10.0.0.7:3306: i/o timeout"},
		target{snap: staticFixture(t, tStale), err: "connecting: i/o timeout", staleFrom: s1})
	orders3 := auroraFixture(t, tOrders)
	changeOrders(t, orders3)
	b.set(23,
		target{snap: orders3}, target{snap: auroraFixture(t, tBilling)},
		target{snap: staticFixture(t, tLegacy)}, target{snap: staticFixture(t, tStale)})
	return b
}

// jsonReport is the json format as a test reads it.
type jsonReport struct {
	From, To string
	Summary  struct {
		Targets, Unexpected, Expected, Ignored, State int
	}
	Changes  []drift.Finding
	State    []drift.Finding
	Warnings []string
}

func driftJSON(t *testing.T, args ...string) (int, jsonReport, string) {
	t.Helper()
	code, out, errOut := runCLI(t, nil, append([]string{"drift", "--format", "json"}, args...)...)
	var r jsonReport
	if code < 2 {
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("exit %d, stdout is not a json report: %v\n%s\nstderr:\n%s", code, err, out, errOut)
		}
	}
	return code, r, errOut
}

// key is what the tests compare of a finding.
func key(f drift.Finding) string {
	s := fmt.Sprintf("%s %s %s %s %s", f.Target, f.Kind, f.Change, f.ObjectType, f.Object)
	if f.Group != "" {
		s += " (" + f.Group + ")"
	}
	if f.Field != "" {
		s += " " + f.Field
	}
	if f.From != "" || f.To != "" {
		s += ": " + f.From + " → " + f.To
	}
	if f.Expected {
		s += " [expected: " + f.Reason + "]"
	}
	if f.Ignored {
		s += " [ignored: " + f.Reason + "]"
	}
	return s
}

func keys(fs []drift.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = key(f)
	}
	return out
}

// ordersChanges are the changes of set 2 (exactly these: the volatile
// gtid_binlog_pos change is not among them).
var ordersChanges = []string{
	"eu-west-1/orders-prd parameter changed cluster parameter max_connections (orders-prd-cluster) value: 151 → 2000",
	"eu-west-1/orders-prd variable changed variable long_query_time value: 10.000000 → 2.000000",
	"eu-west-1/orders-prd variable changed variable max_connections value: 151 → 2000",
	"eu-west-1/orders-prd schema changed table shop.customer definition",
	"eu-west-1/orders-prd schema changed column shop.customer.display_name type: varchar(100) → varchar(200)",
	"eu-west-1/orders-prd schema removed index shop.customer.idx_customer_status_created: KEY idx_customer_status_created (status, created_at) USING BTREE → ",
}

func assertKeys(t *testing.T, what string, got []drift.Finding, want []string) {
	t.Helper()
	if g := keys(got); !slices.Equal(g, want) {
		t.Errorf("%s:\n got %s\nwant %s", what, strings.Join(g, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestDriftNightOverNight(t *testing.T) {
	b := driftStore(t)
	code, r, errOut := driftJSON(t, "--store", b.dir, "--from", b.ids[0], "--to", b.ids[1])
	if code != 1 {
		t.Fatalf("exit %d, want 1 (unexpected drift); stderr:\n%s", code, errOut)
	}
	if r.From != b.ids[0] || r.To != b.ids[1] || r.Summary.Targets != 4 || r.Summary.Unexpected != len(ordersChanges) {
		t.Errorf("from %s to %s, summary %+v", r.From, r.To, r.Summary)
	}
	assertKeys(t, "changes", r.Changes, ordersChanges)
	for _, f := range r.Changes {
		if f.Object == "shop.customer" {
			for _, line := range []string{
				"-  `display_name` varchar(100) NOT NULL", "+  `display_name` varchar(200) NOT NULL",
				"-  KEY `idx_customer_status_created` (`status`,`created_at`),",
			} {
				if !strings.Contains(f.Detail, line) {
					t.Errorf("DDL diff lacks %q:\n%s", line, f.Detail)
				}
			}
		}
	}
	wantWarnings := []string{
		"legacy: not compared: failed (connecting: dial tcp 10.0.0.7:3306: i/o timeout) in set " + b.ids[1] + " and no earlier snapshot was carried forward",
		"stale: failed (connecting: i/o timeout) in set " + b.ids[1] + "; compared through its stale snapshot carried forward from set " + b.ids[0] + ", taken 2026-11-21T05:55:13Z",
	}
	if !slices.Equal(r.Warnings, wantWarnings) {
		t.Errorf("warnings:\n got %q\nwant %q", r.Warnings, wantWarnings)
	}
	// State: guardrails on every compared-to snapshot (legacy has none in
	// set 2), nothing configured ≠ running (the parameter was applied).
	perTarget := map[string]int{}
	for _, f := range r.State {
		if f.Kind == drift.KindConfigured {
			t.Errorf("unexpected configured-vs-running finding %s", key(f))
		}
		if f.Kind == drift.KindGuardrail && f.Rule == "secure-transport-not-required" {
			perTarget[f.Target]++
			if f.Severity != drift.SeverityHigh {
				t.Errorf("%s: severity %s", key(f), f.Severity)
			}
		}
	}
	if want := map[string]int{tOrders: 1, tBilling: 1, tStale: 1}; !maps.Equal(perTarget, want) {
		t.Errorf("secure-transport guardrail findings per target %v, want %v", perTarget, want)
	}
}

// TestDriftDefaultSets: without --from/--to, the latest set against the one
// before. Set 3 repeats set 2 (legacy is back, unchanged since set 1, but
// had no snapshot in set 2): no change, exit 0, warnings for legacy and
// for stale's carried snapshot in set 2.
func TestDriftDefaultSets(t *testing.T) {
	b := driftStore(t)
	code, r, errOut := driftJSON(t, "--store", b.dir)
	if code != 0 {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, errOut)
	}
	if r.From != b.ids[1] || r.To != b.ids[2] {
		t.Errorf("compared %s → %s, want %s → %s", r.From, r.To, b.ids[1], b.ids[2])
	}
	assertKeys(t, "changes", r.Changes, nil)
	if len(r.Warnings) != 2 || !strings.HasPrefix(r.Warnings[0], "legacy: not compared: failed") || !strings.HasPrefix(r.Warnings[1], "stale: failed") {
		t.Errorf("warnings %q", r.Warnings)
	}
	if len(r.State) == 0 {
		t.Error("no state findings: guardrails did not run")
	}
}

func TestDriftFailOn(t *testing.T) {
	b := driftStore(t)
	for sev, want := range map[string]int{"": 0, "critical": 0, "high": 1, "HIGH": 1, "info": 1} {
		args := []string{"drift", "--store", b.dir, "--format", "text"}
		if sev != "" {
			args = append(args, "--fail-on", sev)
		}
		if code, out, errOut := runCLI(t, nil, args...); code != want {
			t.Errorf("--fail-on %q: exit %d, want %d\n%s%s", sev, code, want, out, errOut)
		}
	}
}

// TestDriftPolicy: declared changes are expected (exit 0), volatile
// patterns hide changes, ignored findings stay in json, marked.
func TestDriftPolicy(t *testing.T) {
	b := driftStore(t)
	pol := writeFile(t, t.TempDir(), "policy.yaml", `volatile: [long_query_time]
declared:
  - select: {targets: ["eu-west-1/orders-*"]}
    kind: parameter
    object: max_connections
    reason: "PR #42 raises max_connections"
  - {kind: variable, object: max_connections, reason: "PR #42 raises max_connections"}
  - {kind: schema, object: "shop.customer*", reason: "PR #43 widens display_name"}
ignore:
  - {kind: guardrail, rule: audit-log-off, reason: "no audit plugin on Aurora 3 yet"}
expect:
  - name: utc
    select: {targets: ["eu-west-1/*"]}
    variables: {time_zone: UTC}
`)
	code, r, errOut := driftJSON(t, "--store", b.dir, "--from", b.ids[0], "--to", b.ids[1], "--policy", pol)
	if code != 0 {
		t.Fatalf("exit %d, want 0 (every change declared); stderr:\n%s", code, errOut)
	}
	assertKeys(t, "changes", r.Changes, []string{
		"eu-west-1/orders-prd parameter changed cluster parameter max_connections (orders-prd-cluster) value: 151 → 2000 [expected: PR #42 raises max_connections]",
		"eu-west-1/orders-prd variable changed variable max_connections value: 151 → 2000 [expected: PR #42 raises max_connections]",
		"eu-west-1/orders-prd schema changed table shop.customer definition [expected: PR #43 widens display_name]",
		"eu-west-1/orders-prd schema changed column shop.customer.display_name type: varchar(100) → varchar(200) [expected: PR #43 widens display_name]",
		"eu-west-1/orders-prd schema removed index shop.customer.idx_customer_status_created: KEY idx_customer_status_created (status, created_at) USING BTREE →  [expected: PR #43 widens display_name]",
	})
	ignored := 0
	for _, f := range r.State {
		if f.Rule == "audit-log-off" {
			if !f.Ignored || f.Reason != "no audit plugin on Aurora 3 yet" {
				t.Errorf("audit-log-off not ignored: %+v", f)
			}
			ignored++
		}
	}
	var expected []string
	for _, f := range r.State {
		if f.Kind == drift.KindBaseline {
			expected = append(expected, key(f)+" rule "+f.Rule)
		}
	}
	if want := []string{
		"eu-west-1/billing-prd baseline differs variable time_zone value: UTC → SYSTEM rule utc",
		"eu-west-1/orders-prd baseline differs variable time_zone value: UTC → SYSTEM rule utc",
	}; !slices.Equal(expected, want) {
		t.Errorf("expected-value findings:\n got %q\nwant %q", expected, want)
	}
	if ignored != 3 {
		t.Errorf("%d ignored audit-log-off findings in json, want 3 (orders, billing, stale)", ignored)
	}
	// The text report leaves ignored findings out and marks declared ones.
	_, out, _ := runCLI(t, nil, "drift", "--store", b.dir, "--from", b.ids[0], "--to", b.ids[1], "--policy", pol)
	if strings.Contains(out, "audit") || !strings.Contains(out, "expected: PR #43 widens display_name") {
		t.Errorf("text report:\n%s", out)
	}
	// Without the policy the same comparison fails.
	if code, _, _ := driftJSON(t, "--store", b.dir, "--from", b.ids[0], "--to", b.ids[1]); code != 1 {
		t.Errorf("without policy: exit %d, want 1", code)
	}
}

func TestDriftPolicyErrors(t *testing.T) {
	b := driftStore(t)
	dir := t.TempDir()
	pol := writeFile(t, dir, "policy.yaml", "volatile: [x]\ndeclard:\n  - {kind: schema, reason: r}\n")
	out := filepath.Join(dir, "report.md")
	code, stdout, errOut := runCLI(t, nil, "drift", "--store", b.dir, "--policy", pol, "--format", "markdown", "--out", out)
	if code != exitUsage {
		t.Fatalf("exit %d, want 2", code)
	}
	if want := pol + `:2:1: declard: unknown key (did you mean "declared"?)`; !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
	assertNothingWritten(t, stdout, out)
	if code, _, errOut := runCLI(t, nil, "drift", "--store", b.dir, "--policy", filepath.Join(dir, "missing.yaml")); code != exitUsage || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("missing policy: exit %d, stderr %s", code, errOut)
	}
}

func assertNothingWritten(t *testing.T, stdout, out string) {
	t.Helper()
	if stdout != "" {
		t.Errorf("stdout not empty:\n%s", stdout)
	}
	ents, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() != "policy.yaml" {
			t.Errorf("%s left in the output directory", e.Name())
		}
	}
}

// TestDriftCorruptStore: a corrupt snapshot or manifest is exit 2, names
// the set and target, and writes no report.
func TestDriftCorruptStore(t *testing.T) {
	t.Run("snapshot", func(t *testing.T) {
		b := driftStore(t)
		p := filepath.Join(b.dir, b.ids[1], "targets", "eu-west-1", "orders-prd.json.gz")
		if err := os.WriteFile(p, []byte("\x1f\x8bnot gzip at all"), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "report.json")
		code, stdout, errOut := runCLI(t, nil, "drift", "--store", b.dir, "--from", b.ids[0], "--to", b.ids[1], "--out", out)
		if code != exitUsage {
			t.Fatalf("exit %d, want 2", code)
		}
		for _, want := range []string{tOrders, b.ids[1]} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr does not name %s:\n%s", want, errOut)
			}
		}
		assertNothingWritten(t, stdout, out)
	})
	t.Run("missing snapshot", func(t *testing.T) {
		b := driftStore(t)
		if err := os.Remove(filepath.Join(b.dir, b.ids[0], "targets", "eu-west-1", "billing-prd.json.gz")); err != nil {
			t.Fatal(err)
		}
		code, _, errOut := runCLI(t, nil, "drift", "--store", b.dir, "--from", b.ids[0], "--to", b.ids[1])
		if code != exitUsage || !strings.Contains(errOut, tBilling) || !strings.Contains(errOut, b.ids[0]) {
			t.Errorf("exit %d, stderr:\n%s", code, errOut)
		}
	})
	t.Run("manifest", func(t *testing.T) {
		b := driftStore(t)
		if err := os.WriteFile(filepath.Join(b.dir, b.ids[2], "manifest.json"), []byte("{not json"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, errOut := runCLI(t, nil, "drift", "--store", b.dir)
		if code != exitUsage || !strings.Contains(errOut, "manifest of set "+b.ids[2]) || stdout != "" {
			t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, errOut)
		}
	})
}

func TestDriftStoreWithOneSet(t *testing.T) {
	b := newStoreBuilder(t)
	id := b.set(21, target{snap: auroraFixture(t, tOrders)})
	code, stdout, errOut := runCLI(t, nil, "drift", "--store", b.dir)
	if code != exitUsage || stdout != "" || !strings.Contains(errOut, "one snapshot set ("+id+")") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, errOut)
	}
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.MkdirAll(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, nil, "drift", "--store", empty); code != exitUsage || !strings.Contains(errOut, "no snapshot sets") {
		t.Errorf("empty store: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestDriftUsageErrors(t *testing.T) {
	b := driftStore(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "yaml"}, `unknown format "yaml"`},
		{[]string{"--fail-on", "severe"}, `unknown severity "severe"`},
		{[]string{"--baseline", "b.json", "--from", b.ids[0]}, "exclude each other"},
		{[]string{"--to", "2026-01-01T000000Z"}, "manifest of set 2026-01-01T000000Z"},
		{[]string{"--to", b.ids[0]}, "no snapshot set before " + b.ids[0]},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		code, stdout, errOut := runCLI(t, nil, append([]string{"drift", "--store", b.dir}, c.args...)...)
		if code != exitUsage || stdout != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr:\n%s", c.args, code, stdout, errOut)
		}
	}
	if code, _, errOut := runCLI(t, nil, "drift"); code != exitUsage || !strings.Contains(errOut, "--store is required") {
		t.Errorf("no --store: exit %d, %s", code, errOut)
	}
	code, out, _ := runCLI(t, nil, "drift", "--help")
	if code != 0 || !strings.Contains(out, "--fail-on") || !strings.Contains(out, "Exit codes") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// TestDriftFormats: every format writes, --out writes the file and not
// stdout, and the same comparison writes the same bytes twice.
func TestDriftFormats(t *testing.T) {
	b := driftStore(t)
	dir := t.TempDir()
	for _, format := range []string{"text", "markdown", "json", "github"} {
		out := filepath.Join(dir, "report."+format)
		args := []string{"drift", "--store", b.dir, "--from", b.ids[0], "--to", b.ids[1], "--format", format}
		code, stdout, errOut := runCLI(t, nil, append(args, "--out", out)...)
		if code != 1 || stdout != "" {
			t.Fatalf("%s: exit %d, stdout %q, stderr %s", format, code, stdout, errOut)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		_, again, _ := runCLI(t, nil, args...)
		if again != string(data) {
			t.Errorf("%s: --out and stdout differ, or the output is not deterministic", format)
		}
		if !strings.Contains(again, "idx_customer_status_created") {
			t.Errorf("%s report lacks the dropped index:\n%s", format, again)
		}
	}
}

// TestDriftFleetGroupBy: three clusters, one with a different
// long_query_time. Grouped by env, the outlier (env=dev) has no peers;
// as one group it is reported.
func TestDriftFleetGroupBy(t *testing.T) {
	b := newStoreBuilder(t)
	mk := func() []target {
		a, bb, c := auroraFixture(t, "eu-west-1/a"), auroraFixture(t, "eu-west-1/b"), auroraFixture(t, "eu-west-1/c")
		c.Variables["long_query_time"] = "2.000000"
		c.Cluster.Tags["env"] = "dev"
		return []target{{snap: a}, {snap: bb}, {snap: c}}
	}
	b.set(21, mk()...)
	b.set(22, mk()...)
	fleet := func(args ...string) []string {
		code, r, errOut := driftJSON(t, append([]string{"--store", b.dir}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d; %s", code, errOut)
		}
		var out []string
		for _, f := range r.State {
			if f.Kind == drift.KindFleet {
				out = append(out, f.Target+" "+f.Object+" "+f.From+" "+f.To)
			}
		}
		return out
	}
	if got := fleet(); len(got) != 0 {
		t.Errorf("--group-by env (default): fleet findings %q, want none", got)
	}
	got := fleet("--group-by", "")
	if len(got) != 1 || !strings.HasPrefix(got[0], "eu-west-1/c long_query_time ") {
		t.Errorf("one group: fleet findings %q, want one for c's long_query_time", got)
	}
}

// TestDriftBaseline: a baseline written from a set compares equal to it,
// is plain deterministic JSON without what moves on its own, and shows
// the changes of a later set.
func TestDriftBaseline(t *testing.T) {
	b := driftStore(t)
	dir := t.TempDir()
	base := filepath.Join(dir, "baseline.json")
	code, out, errOut := runCLI(t, nil, "baseline", "--store", b.dir, "--set", b.ids[0], "--out", base)
	if code != 0 || !strings.HasSuffix(out, ": 4 targets\n") {
		t.Fatalf("baseline: exit %d\n%s%s", code, out, errOut)
	}
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Format        string              `json:"format"`
		FormatVersion int                 `json:"format_version"`
		Targets       []snapshot.Snapshot `json:"targets"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("baseline is not plain JSON: %v", err)
	}
	var names []string
	for _, s := range doc.Targets {
		names = append(names, s.Target.Name)
		if !s.TakenAt.IsZero() || s.Warnings != nil {
			t.Errorf("%s: taken_at %v, warnings %q kept", s.Target.Name, s.TakenAt, s.Warnings)
		}
		if _, ok := s.Variables["gtid_binlog_pos"]; ok {
			t.Errorf("%s: volatile variable kept", s.Target.Name)
		}
		if s.Variables["max_connections"] == "" {
			t.Errorf("%s: max_connections missing", s.Target.Name)
		}
		for _, sc := range s.Schemas {
			for _, tb := range sc.Tables {
				if tb.DataLength != 0 || tb.IndexLength != 0 || tb.Rows != 0 {
					t.Errorf("%s: %s.%s keeps its size", s.Target.Name, sc.Name, tb.Name)
				}
			}
		}
	}
	if want := []string{tBilling, tOrders, tLegacy, tStale}; doc.Format != "auroradoc-baseline" || doc.FormatVersion != 1 || !slices.Equal(names, want) {
		t.Errorf("format %q %d, targets %q, want %q", doc.Format, doc.FormatVersion, names, want)
	}

	// A set that differs from set 1 only in what moves on its own (taken
	// at, sizes, volatile variables) writes the same baseline bytes.
	noisy := newStoreBuilder(t)
	var tgs []target
	for _, name := range []string{tOrders, tBilling} {
		s := auroraFixture(t, name)
		s.TakenAt = s.TakenAt.Add(72 * time.Hour)
		s.Variables["gtid_binlog_pos"] = "0-1-99"
		s.Schemas[0].Tables[0].DataLength += 1 << 30
		s.Schemas[0].Tables[0].Rows += 12345
		s.Warnings = []string{"a table was dropped while being read"}
		tgs = append(tgs, target{snap: s})
	}
	tgs = append(tgs, target{snap: staticFixture(t, tLegacy)}, target{snap: staticFixture(t, tStale)})
	noisy.set(25, tgs...)
	base2 := filepath.Join(dir, "baseline2.json")
	if code, _, errOut := runCLI(t, nil, "baseline", "--store", noisy.dir, "--out", base2); code != 0 {
		t.Fatalf("baseline of the noisy set: exit %d, %s", code, errOut)
	}
	if data2, _ := os.ReadFile(base2); string(data2) != string(data) {
		t.Error("baselines of sets differing only in volatile data differ")
	}

	// No change against the set it was written from, nor the noisy one.
	for _, c := range []struct{ store, set string }{{b.dir, b.ids[0]}, {noisy.dir, ""}} {
		args := []string{"--store", c.store, "--baseline", base}
		if c.set != "" {
			args = append(args, "--to", c.set)
		}
		code, r, errOut := driftJSON(t, args...)
		if code != 0 || len(r.Changes) != 0 || r.From != "baseline "+base {
			t.Errorf("%s against its baseline: exit %d, from %q, changes %q; %s", c.store, code, r.From, keys(r.Changes), errOut)
		}
	}
	// Set 2 against the baseline: orders' changes, legacy not compared.
	code, r, errOut := driftJSON(t, "--store", b.dir, "--baseline", base, "--to", b.ids[1])
	if code != 1 {
		t.Fatalf("set 2 against the baseline: exit %d, want 1; %s", code, errOut)
	}
	assertKeys(t, "changes against the baseline", r.Changes, ordersChanges)
	if len(r.Warnings) != 2 || !strings.HasPrefix(r.Warnings[0], "legacy: not compared") {
		t.Errorf("warnings %q", r.Warnings)
	}

	// Set 2's baseline leaves legacy out, saying so, and is what a PR
	// declaring set 2's changes commits: then set 2 passes.
	base3 := filepath.Join(dir, "baseline3.json")
	code, _, errOut = runCLI(t, nil, "baseline", "--store", b.dir, "--set", b.ids[1], "--out", base3)
	if code != 0 || !strings.Contains(errOut, "target legacy has no snapshot in set "+b.ids[1]) {
		t.Errorf("baseline of set 2: exit %d, stderr %s", code, errOut)
	}
	if code, r, errOut := driftJSON(t, "--store", b.dir, "--baseline", base3, "--to", b.ids[1]); code != 0 || len(r.Changes) != 0 {
		t.Errorf("set 2 against its own baseline: exit %d, changes %q; %s", code, keys(r.Changes), errOut)
	}
}

func TestDriftBaselineErrors(t *testing.T) {
	b := driftStore(t)
	dir := t.TempDir()
	for name, content := range map[string]string{
		"garbage.json":  "{not json",
		"other.json":    `{"format": "something-else", "format_version": 1, "targets": []}`,
		"future.json":   `{"format": "auroradoc-baseline", "format_version": 9, "targets": []}`,
		"extra.json":    `{"format": "auroradoc-baseline", "format_version": 1, "targets": [], "bogus": 1}`,
		"nameless.json": `{"format": "auroradoc-baseline", "format_version": 1, "targets": [{"format_version": 1}]}`,
	} {
		p := writeFile(t, dir, name, content)
		code, stdout, errOut := runCLI(t, nil, "drift", "--store", b.dir, "--baseline", p)
		if code != exitUsage || stdout != "" || !strings.Contains(errOut, p) {
			t.Errorf("%s: exit %d, stdout %q, stderr %s", name, code, stdout, errOut)
		}
	}
	// A corrupt target inside a valid baseline names the target.
	p := writeFile(t, dir, "corrupt.json", `{"format": "auroradoc-baseline", "format_version": 1, "targets": [{"format_version": 7, "target": {"name": "eu-west-1/orders-prd"}}]}`)
	if code, _, errOut := runCLI(t, nil, "drift", "--store", b.dir, "--baseline", p); code != exitUsage || !strings.Contains(errOut, "target eu-west-1/orders-prd") {
		t.Errorf("corrupt target: exit %d, stderr %s", code, errOut)
	}
	// baseline: required flags, a failing write leaves nothing behind.
	if code, _, errOut := runCLI(t, nil, "baseline", "--store", b.dir); code != exitUsage || !strings.Contains(errOut, "--out is required") {
		t.Errorf("no --out: exit %d, %s", code, errOut)
	}
	if err := os.Remove(filepath.Join(b.dir, b.ids[2], "targets", "stale.json.gz")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "baseline.json")
	code, stdout, errOut := runCLI(t, nil, "baseline", "--store", b.dir, "--out", out)
	if code != exitUsage || !strings.Contains(errOut, "stale") || !strings.Contains(errOut, b.ids[2]) {
		t.Errorf("missing snapshot: exit %d, stderr %s", code, errOut)
	}
	assertNothingWritten(t, stdout, out)
	code, out2, _ := runCLI(t, nil, "baseline", "--help")
	if code != 0 || !strings.Contains(out2, `"format": "auroradoc-baseline"`) {
		t.Errorf("baseline --help does not document the format:\n%s", out2)
	}
}

// TestDriftFilteredTarget: a target the configuration now excludes left the
// fleet on purpose: it is removed (a change, no warning), and it is not in
// a baseline.
func TestDriftFilteredTarget(t *testing.T) {
	b := newStoreBuilder(t)
	b.set(21, target{snap: auroraFixture(t, tOrders)}, target{snap: auroraFixture(t, tBilling)})
	b.set(22, target{snap: auroraFixture(t, tOrders)}, target{name: tBilling, filtered: true})
	code, r, errOut := driftJSON(t, "--store", b.dir)
	if code != 1 || len(r.Warnings) != 0 {
		t.Errorf("exit %d, warnings %q; %s", code, r.Warnings, errOut)
	}
	assertKeys(t, "changes", r.Changes, []string{"eu-west-1/billing-prd target removed target eu-west-1/billing-prd"})
	out := filepath.Join(t.TempDir(), "baseline.json")
	code, stdout, errOut := runCLI(t, nil, "baseline", "--store", b.dir, "--out", out)
	if code != 0 || errOut != "" || !strings.HasSuffix(stdout, ": 1 target\n") {
		t.Errorf("baseline: exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}
}

// TestBaselineVolatileAsDrift: the baseline leaves out exactly the
// variables drift never compares, policy patterns matched
// case-insensitively as drift matches them.
func TestBaselineVolatileAsDrift(t *testing.T) {
	pol, err := policy.Parse("policy.yaml", []byte("volatile: [Long_Query_Time, \"WSREP_*\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := &snapshot.Snapshot{Variables: map[string]string{
		"long_query_time": "10", "wsrep_on": "OFF", "server_uuid": "u", "max_connections": "151",
	}}
	got := assess.NormalizeForBaseline(s, assess.DriftOptions(pol).VolatileMatcher()).Variables
	if want := map[string]string{"max_connections": "151"}; !maps.Equal(got, want) {
		t.Errorf("baseline variables %v, want %v", got, want)
	}
}

package assess_test

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/drift/report"
	dt "github.com/auroradoc/auroradoc/internal/drifttest"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/snapshot"
)

// assessSets runs an assessment of set to against set from (assess.Sets'
// defaults for ""), grouped by the default tag unless o says otherwise.
func assessSets(t *testing.T, b *dt.Store, from, to string, o assess.Options) (*report.Report, error) {
	t.Helper()
	ctx := context.Background()
	fm, tm, err := assess.Sets(ctx, b.St, from, to)
	if err != nil {
		return nil, err
	}
	return assess.Run(ctx, assess.Input{Store: b.St, From: fm, To: tm}, o)
}

func mustAssess(t *testing.T, b *dt.Store, from, to string, o assess.Options) *report.Report {
	t.Helper()
	r, err := assessSets(t, b, from, to, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var defaults = assess.Options{GroupBy: assess.DefaultGroupBy}

func TestNightOverNight(t *testing.T) {
	b := dt.DriftStore(t)
	r := mustAssess(t, b, b.IDs[0], b.IDs[1], defaults)
	if code := r.ExitCode(nil); code != 1 {
		t.Fatalf("exit code %d, want 1 (unexpected drift)", code)
	}
	if s := r.Summary(); r.From != b.IDs[0] || r.To != b.IDs[1] || s.Targets != 4 || s.Unexpected != len(dt.OrdersChanges) {
		t.Errorf("from %s to %s, summary %+v", r.From, r.To, s)
	}
	dt.AssertKeys(t, "changes", r.Changes, dt.OrdersChanges)
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
		"legacy: not compared: failed (connecting: dial tcp 10.0.0.7:3306: i/o timeout) in set " + b.IDs[1] + " and no earlier snapshot was carried forward",
		"stale: failed (connecting: i/o timeout) in set " + b.IDs[1] + "; compared through its stale snapshot carried forward from set " + b.IDs[0] + ", taken 2026-11-21T05:55:13Z",
	}
	if !slices.Equal(r.Warnings, wantWarnings) {
		t.Errorf("warnings:\n got %q\nwant %q", r.Warnings, wantWarnings)
	}
	// State: guardrails on every compared-to snapshot (legacy has none in
	// set 2), nothing configured ≠ running (the parameter was applied).
	perTarget := map[string]int{}
	for _, f := range r.State {
		if f.Kind == drift.KindConfigured {
			t.Errorf("unexpected configured-vs-running finding %s", dt.Key(f))
		}
		if f.Kind == drift.KindGuardrail && f.Rule == "secure-transport-not-required" {
			perTarget[f.Target]++
			if f.Severity != drift.SeverityHigh {
				t.Errorf("%s: severity %s", dt.Key(f), f.Severity)
			}
		}
	}
	if want := map[string]int{dt.Orders: 1, dt.Billing: 1, dt.Stale: 1}; !maps.Equal(perTarget, want) {
		t.Errorf("secure-transport guardrail findings per target %v, want %v", perTarget, want)
	}
}

// TestDefaultSets: without from and to, the latest set against the one
// before. Set 3 repeats set 2 (legacy is back, unchanged since set 1, but
// had no snapshot in set 2): no change, exit code 0, warnings for legacy
// and for stale's carried snapshot in set 2.
func TestDefaultSets(t *testing.T) {
	b := dt.DriftStore(t)
	r := mustAssess(t, b, "", "", defaults)
	if code := r.ExitCode(nil); code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}
	if r.From != b.IDs[1] || r.To != b.IDs[2] {
		t.Errorf("compared %s → %s, want %s → %s", r.From, r.To, b.IDs[1], b.IDs[2])
	}
	dt.AssertKeys(t, "changes", r.Changes, nil)
	if len(r.Warnings) != 2 || !strings.HasPrefix(r.Warnings[0], "legacy: not compared: failed") || !strings.HasPrefix(r.Warnings[1], "stale: failed") {
		t.Errorf("warnings %q", r.Warnings)
	}
	if len(r.State) == 0 {
		t.Error("no state findings: guardrails did not run")
	}
	// An explicit to defaults from to the set before it.
	if r := mustAssess(t, b, "", b.IDs[1], defaults); r.From != b.IDs[0] || r.To != b.IDs[1] {
		t.Errorf("to %s alone compared %s → %s", b.IDs[1], r.From, r.To)
	}
}

func TestSetsErrors(t *testing.T) {
	b := dt.DriftStore(t)
	ctx := context.Background()
	for _, c := range []struct{ from, to, want string }{
		{"", "2026-01-01T000000Z", "manifest of set 2026-01-01T000000Z"},
		{"", b.IDs[0], "no snapshot set before " + b.IDs[0]},
		{"2026-01-01T000000Z", "", "manifest of set 2026-01-01T000000Z"},
	} {
		if _, _, err := assess.Sets(ctx, b.St, c.from, c.to); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Sets(%q, %q): %v, want %q", c.from, c.to, err, c.want)
		}
	}
	if m, err := assess.Set(ctx, b.St, ""); err != nil || m.Set != b.IDs[2] {
		t.Errorf("Set(\"\"): %v, %v", m, err)
	}
}

func TestRunNeedsSets(t *testing.T) {
	b := dt.DriftStore(t)
	ctx := context.Background()
	if _, err := assess.Run(ctx, assess.Input{Store: b.St}, defaults); err == nil {
		t.Error("no To: no error")
	}
	to, err := assess.Set(ctx, b.St, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := assess.Run(ctx, assess.Input{Store: b.St, To: to}, defaults); err == nil {
		t.Error("neither From nor Baseline: no error")
	}
}

func TestFailOn(t *testing.T) {
	b := dt.DriftStore(t)
	r := mustAssess(t, b, "", "", defaults)
	sev := func(s drift.Severity) *drift.Severity { return &s }
	for _, c := range []struct {
		failOn *drift.Severity
		want   int
	}{
		{nil, 0}, {sev(drift.SeverityCritical), 0}, {sev(drift.SeverityHigh), 1}, {sev(drift.SeverityMedium), 1},
		{sev(drift.SeverityLow), 1}, {sev(drift.SeverityInfo), 1},
	} {
		if code := r.ExitCode(c.failOn); code != c.want {
			name := "nil"
			if c.failOn != nil {
				name = c.failOn.String()
			}
			t.Errorf("fail on %s: exit code %d, want %d", name, code, c.want)
		}
	}
}

const testPolicy = `volatile: [long_query_time]
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
`

// TestPolicy: declared changes are expected (exit code 0), volatile
// patterns hide changes, ignored findings stay in the report, marked.
func TestPolicy(t *testing.T) {
	b := dt.DriftStore(t)
	p := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(p, []byte(testPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, err := policy.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := policy.Parse("policy.yaml", []byte(testPolicy))
	if err != nil {
		t.Fatal(err)
	}
	for name, pol := range map[string]*policy.Policy{"Load": loaded, "Parse": parsed} {
		t.Run(name, func(t *testing.T) {
			r := mustAssess(t, b, b.IDs[0], b.IDs[1], assess.Options{Policy: pol, GroupBy: assess.DefaultGroupBy})
			if code := r.ExitCode(nil); code != 0 {
				t.Fatalf("exit code %d, want 0 (every change declared)", code)
			}
			dt.AssertKeys(t, "changes", r.Changes, []string{
				"eu-west-1/orders-prd parameter changed cluster parameter max_connections (orders-prd-cluster) value: 151 → 2000 [expected: PR #42 raises max_connections]",
				"eu-west-1/orders-prd variable changed variable max_connections value: 151 → 2000 [expected: PR #42 raises max_connections]",
				"eu-west-1/orders-prd schema changed column shop.customer.display_name type: varchar(100) → varchar(200) [expected: PR #43 widens display_name]",
				"eu-west-1/orders-prd schema removed index shop.customer.idx_customer_status_created: KEY idx_customer_status_created (status, created_at) USING BTREE →  [expected: PR #43 widens display_name]",
			})
			ignored := 0
			var expected []string
			for _, f := range r.State {
				if f.Rule == "audit-log-off" {
					if !f.Ignored || f.Reason != "no audit plugin on Aurora 3 yet" {
						t.Errorf("audit-log-off not ignored: %+v", f)
					}
					ignored++
				}
				if f.Kind == drift.KindBaseline {
					expected = append(expected, dt.Key(f)+" rule "+f.Rule)
				}
			}
			if want := []string{
				"eu-west-1/billing-prd baseline differs variable time_zone value: UTC → SYSTEM rule utc",
				"eu-west-1/orders-prd baseline differs variable time_zone value: UTC → SYSTEM rule utc",
			}; !slices.Equal(expected, want) {
				t.Errorf("expected-value findings:\n got %q\nwant %q", expected, want)
			}
			if ignored != 3 {
				t.Errorf("%d ignored audit-log-off findings, want 3 (orders, billing, stale)", ignored)
			}
			// The text report leaves ignored findings out and marks
			// declared ones.
			var text bytes.Buffer
			if err := report.Write(&text, r, "text"); err != nil {
				t.Fatal(err)
			}
			if out := text.String(); strings.Contains(out, "audit") || !strings.Contains(out, "expected: PR #43 widens display_name") {
				t.Errorf("text report:\n%s", out)
			}
		})
	}
	// Without the policy the same comparison fails.
	if code := mustAssess(t, b, b.IDs[0], b.IDs[1], defaults).ExitCode(nil); code != 1 {
		t.Errorf("without policy: exit code %d, want 1", code)
	}
}

// TestFleetGroupBy: three clusters, one with a different long_query_time.
// Grouped by env, the outlier (env=dev) has no peers; as one group it is
// reported.
func TestFleetGroupBy(t *testing.T) {
	b := dt.NewStore(t)
	mk := func() []dt.Target {
		a, bb, c := dt.Aurora(t, "eu-west-1/a"), dt.Aurora(t, "eu-west-1/b"), dt.Aurora(t, "eu-west-1/c")
		c.Variables["long_query_time"] = "2.000000"
		c.Cluster.Tags["env"] = "dev"
		return []dt.Target{{Snap: a}, {Snap: bb}, {Snap: c}}
	}
	b.Set(21, mk()...)
	b.Set(22, mk()...)
	fleet := func(groupBy string) []string {
		r := mustAssess(t, b, "", "", assess.Options{GroupBy: groupBy})
		if code := r.ExitCode(nil); code != 0 {
			t.Fatalf("group by %q: exit code %d", groupBy, code)
		}
		var out []string
		for _, f := range r.State {
			if f.Kind == drift.KindFleet {
				out = append(out, f.Target+" "+f.Object+" "+f.From+" "+f.To)
			}
		}
		return out
	}
	if got := fleet(assess.DefaultGroupBy); len(got) != 0 {
		t.Errorf("group by env (default): fleet findings %q, want none", got)
	}
	got := fleet("")
	if len(got) != 1 || !strings.HasPrefix(got[0], "eu-west-1/c long_query_time ") {
		t.Errorf("one group: fleet findings %q, want one for c's long_query_time", got)
	}
}

// TestFilteredTarget: a target the configuration now excludes left the
// fleet on purpose: it is removed (a change, no warning), and it is not in
// a baseline.
func TestFilteredTarget(t *testing.T) {
	b := dt.NewStore(t)
	b.Set(21, dt.Target{Snap: dt.Aurora(t, dt.Orders)}, dt.Target{Snap: dt.Aurora(t, dt.Billing)})
	b.Set(22, dt.Target{Snap: dt.Aurora(t, dt.Orders)}, dt.Target{Name: dt.Billing, Filtered: true})
	r := mustAssess(t, b, "", "", defaults)
	if code := r.ExitCode(nil); code != 1 || len(r.Warnings) != 0 {
		t.Errorf("exit code %d, warnings %q", code, r.Warnings)
	}
	dt.AssertKeys(t, "changes", r.Changes, []string{"eu-west-1/billing-prd target removed target eu-west-1/billing-prd"})
	data, n, warnings := writeBaseline(t, b, "")
	if n != 1 || len(warnings) != 0 || strings.Contains(string(data), dt.Billing) {
		t.Errorf("baseline: %d targets, warnings %q:\n%s", n, warnings, data)
	}
}

// TestDamagedSnapshotCostsOnlyItsTarget: a damaged snapshot (bytes that do
// not match the manifest, a file the manifest lists but that is missing)
// is listed in the report's Damaged, naming target and set, and fails the
// gate; every other target is still assessed. (It used to fail the whole
// assessment.) A damaged manifest of a set to compare is still an error,
// marked ErrDamaged.
func TestDamagedSnapshotCostsOnlyItsTarget(t *testing.T) {
	t.Run("snapshot in the newer set", func(t *testing.T) {
		b := dt.DriftStore(t)
		p := filepath.Join(b.Dir, b.IDs[1], "targets", "eu-west-1", "orders-prd.json.gz")
		if err := os.WriteFile(p, []byte("\x1f\x8bnot gzip at all"), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := assessSets(t, b, b.IDs[0], b.IDs[1], defaults)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Damaged) != 1 || !strings.Contains(r.Damaged[0], dt.Orders) || !strings.Contains(r.Damaged[0], b.IDs[1]) || !strings.Contains(r.Damaged[0], "damaged") {
			t.Errorf("damaged %q, want orders in set 2", r.Damaged)
		}
		dt.AssertKeys(t, "changes", r.Changes, nil)
		billing := 0
		for _, f := range r.State {
			if f.Target == dt.Orders {
				t.Errorf("state finding about the damaged target: %s", dt.Key(f))
			}
			if f.Target == dt.Billing {
				billing++
			}
		}
		if billing == 0 {
			t.Error("billing was not assessed")
		}
		if r.ExitCode(nil) != 1 {
			t.Error("a damaged snapshot does not fail the gate")
		}
	})
	t.Run("missing snapshot in the older set", func(t *testing.T) {
		b := dt.DriftStore(t)
		if err := os.Remove(filepath.Join(b.Dir, b.IDs[0], "targets", "eu-west-1", "billing-prd.json.gz")); err != nil {
			t.Fatal(err)
		}
		r, err := assessSets(t, b, b.IDs[0], b.IDs[1], defaults)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Damaged) != 1 || !strings.Contains(r.Damaged[0], dt.Billing) || !strings.Contains(r.Damaged[0], b.IDs[0]) || !strings.Contains(r.Damaged[0], "missing") {
			t.Errorf("damaged %q, want billing in set 1, missing", r.Damaged)
		}
		dt.AssertKeys(t, "changes", r.Changes, dt.OrdersChanges)
	})
	t.Run("manifest", func(t *testing.T) {
		b := dt.DriftStore(t)
		if err := os.WriteFile(filepath.Join(b.Dir, b.IDs[2], "manifest.json"), []byte("{not json"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := assess.Sets(context.Background(), b.St, "", "")
		if err == nil || !strings.Contains(err.Error(), "manifest of set "+b.IDs[2]) || !errors.Is(err, snapshot.ErrDamaged) {
			t.Errorf("error %v", err)
		}
	})
}

func TestStoreWithOneSet(t *testing.T) {
	b := dt.NewStore(t)
	id := b.Set(21, dt.Target{Snap: dt.Aurora(t, dt.Orders)})
	ctx := context.Background()
	if _, _, err := assess.Sets(ctx, b.St, "", ""); err == nil || !strings.Contains(err.Error(), "one snapshot set ("+id+")") {
		t.Errorf("one set: %v", err)
	}
	empty := dt.NewStore(t)
	_, _, err := assess.Sets(ctx, empty.St, "", "")
	if !errors.Is(err, snapshot.ErrNoSets) || !strings.Contains(err.Error(), "no snapshot sets") {
		t.Errorf("empty store: %v", err)
	}
}

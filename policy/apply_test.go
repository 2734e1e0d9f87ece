package policy

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/snapshot"
)

func mustParse(t *testing.T, src string) *Policy {
	t.Helper()
	p, err := Parse("policy.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// outcome is what Apply decided for one finding.
type outcome struct {
	Severity          drift.Severity
	Expected, Ignored bool
	Reason            string
}

func outcomes(fs []drift.Finding) []outcome {
	out := make([]outcome, len(fs))
	for i, f := range fs {
		out[i] = outcome{f.Severity, f.Expected, f.Ignored, f.Reason}
	}
	return out
}

var applyPolicy = `
declared:
  - select: {targets: ["eu-west-1/*"], tags: {env: prd}}
    kind: schema
    object: "shop.orders*"
    change: added
    reason: "PR #123 adds orders.note"
    until: 2026-12-31
  - {kind: parameter, object: max_connections, field: value, to: "2000", reason: "CHG-7 raises max_connections"}
  - {select: {cluster_id: "^billing-", regions: [us-east-1]}, object: "*", reason: "billing migration night"}
ignore:
  - {kind: size, object: "logs.*", reason: "log tables grow"}
  - {kind: guardrail, rule: "no-primary-*", object: "etl.*", reason: "bulk-loaded staging"}
  - {kind: schema, object: "shop.orders_tmp", reason: "scratch table", until: 2026-06-30}
severity:
  - {kind: parameter, object: "innodb_*", severity: critical}
  - {kind: parameter, severity: low}
  - {select: {tags: {env: "*"}}, kind: schema, severity: high}
`

var applySubjects = map[string]Subject{
	"eu-west-1/orders-prd":  {Name: "eu-west-1/orders-prd", Region: "eu-west-1", ClusterID: "orders-prd", Tags: map[string]string{"env": "prd"}},
	"eu-west-1/orders-stg":  {Name: "eu-west-1/orders-stg", Region: "eu-west-1", ClusterID: "orders-stg", Tags: map[string]string{"env": "stg"}},
	"us-east-1/billing-prd": {Name: "us-east-1/billing-prd", Region: "us-east-1", ClusterID: "billing-prd"},
}

func TestApply(t *testing.T) {
	p := mustParse(t, applyPolicy)
	in := []drift.Finding{
		// 0: declared[0]: target glob, tag, kind, object glob, change
		{Target: "eu-west-1/orders-prd", Kind: drift.KindSchema, Change: drift.Added, Object: "shop.orders.note", Severity: drift.SeverityMedium},
		// 1: same change on staging: tag env=stg does not match declared[0]; severity[2] (any env tag) does
		{Target: "eu-west-1/orders-stg", Kind: drift.KindSchema, Change: drift.Added, Object: "shop.orders.note", Severity: drift.SeverityMedium},
		// 2: removed, not added: not declared
		{Target: "eu-west-1/orders-prd", Kind: drift.KindSchema, Change: drift.Removed, Object: "shop.orders.note", Severity: drift.SeverityMedium},
		// 3: declared[1] wants to: 2000
		{Target: "eu-west-1/orders-stg", Kind: drift.KindParameter, Change: drift.Changed, Object: "max_connections", Field: "value", From: "1000", To: "2000"},
		// 4: … and 3000 is not declared
		{Target: "eu-west-1/orders-stg", Kind: drift.KindParameter, Change: drift.Changed, Object: "max_connections", Field: "value", From: "1000", To: "3000"},
		// 5: innodb_* is critical (first match), not low
		{Target: "eu-west-1/orders-stg", Kind: drift.KindParameter, Change: drift.Changed, Object: "innodb_buffer_pool_size", Field: "value"},
		// 6: ignore[0]
		{Target: "static-db", Kind: drift.KindSize, Change: drift.Changed, Object: "logs.access", Severity: drift.SeverityLow},
		// 7: ignore[1] by rule glob
		{Target: "static-db", Kind: drift.KindGuardrail, Change: drift.Differs, Object: "etl.load_1", Rule: "no-primary-key", Severity: drift.SeverityMedium},
		// 8: another guardrail on the same table: not ignored
		{Target: "static-db", Kind: drift.KindGuardrail, Change: drift.Differs, Object: "etl.load_1", Rule: "not-innodb", Severity: drift.SeverityMedium},
		// 9: cluster_id regex and region; declared[2] matches everything there
		{Target: "us-east-1/billing-prd", Kind: drift.KindVariable, Change: drift.Changed, Object: "time_zone"},
		// 10: ignore wins over declared: both match, ignore's reason
		{Target: "eu-west-1/orders-prd", Kind: drift.KindSchema, Change: drift.Added, Object: "shop.orders_tmp", Severity: drift.SeverityMedium},
		// 11: a target without a subject matches by name only: tags never match
		{Target: "eu-west-1/orders-new", Kind: drift.KindSchema, Change: drift.Added, Object: "shop.orders.x", Severity: drift.SeverityMedium},
	}
	before := append([]drift.Finding(nil), in...)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	got := p.Apply(in, applySubjects, now)
	want := []outcome{
		{drift.SeverityHigh, true, false, "PR #123 adds orders.note"},
		{drift.SeverityHigh, false, false, ""},
		{drift.SeverityHigh, false, false, ""},
		{drift.SeverityLow, true, false, "CHG-7 raises max_connections"},
		{drift.SeverityLow, false, false, ""},
		{drift.SeverityCritical, false, false, ""},
		{drift.SeverityLow, false, true, "log tables grow"},
		{drift.SeverityMedium, false, true, "bulk-loaded staging"},
		{drift.SeverityMedium, false, false, ""},
		{drift.SeverityInfo, true, false, "billing migration night"},
		{drift.SeverityHigh, false, true, "scratch table"},
		{drift.SeverityMedium, false, false, ""},
	}
	if diff := cmp.Diff(want, outcomes(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, in); diff != "" {
		t.Errorf("Apply changed its input:\n%s", diff)
	}
	if got[0].Target != in[0].Target || got[0].Object != in[0].Object || got[0].Kind != in[0].Kind {
		t.Error("Apply changed more than severity, expected, ignored and reason")
	}
}

func TestApplyExpiry(t *testing.T) {
	p := mustParse(t, applyPolicy)
	f := []drift.Finding{
		{Target: "eu-west-1/orders-prd", Kind: drift.KindSchema, Change: drift.Added, Object: "shop.orders.note"},
		{Target: "eu-west-1/orders-prd", Kind: drift.KindSchema, Change: drift.Added, Object: "shop.orders_tmp"},
	}
	tests := []struct {
		now               string
		declared, ignored bool
		warnings          []string
	}{
		{"2026-06-30T23:59:59Z", true, true, nil},
		// ignore[2] (until 2026-06-30) lapsed: shop.orders_tmp falls through to declared[0]
		{"2026-07-01T00:00:00Z", true, false, []string{
			`policy.yaml:14:5: ignore[2]: expired on 2026-06-30 ("scratch table") and no longer matches: remove it or move until: later`,
		}},
		{"2026-12-31T23:59:59Z", true, false, []string{
			`policy.yaml:14:5: ignore[2]: expired on 2026-06-30 ("scratch table") and no longer matches: remove it or move until: later`,
		}},
		{"2027-01-01T00:00:00Z", false, false, []string{
			`policy.yaml:3:5: declared[0]: expired on 2026-12-31 ("PR #123 adds orders.note") and no longer matches: remove it or move until: later`,
			`policy.yaml:14:5: ignore[2]: expired on 2026-06-30 ("scratch table") and no longer matches: remove it or move until: later`,
		}},
	}
	for _, tt := range tests {
		now, err := time.Parse(time.RFC3339, tt.now)
		if err != nil {
			t.Fatal(err)
		}
		got := p.Apply(f, applySubjects, now)
		if got[0].Expected != tt.declared {
			t.Errorf("%s: declared[0] in force = %v, want %v", tt.now, got[0].Expected, tt.declared)
		}
		// shop.orders_tmp: ignored while ignore[2] holds, then declared while declared[0] holds.
		if wantExpected := !tt.ignored && tt.declared; got[1].Ignored != tt.ignored || got[1].Expected != wantExpected {
			t.Errorf("%s: shop.orders_tmp ignored %v expected %v, want %v %v", tt.now, got[1].Ignored, got[1].Expected, tt.ignored, wantExpected)
		}
		if diff := cmp.Diff(tt.warnings, p.Warnings(now)); diff != "" {
			t.Errorf("%s: warnings (-want +got):\n%s", tt.now, diff)
		}
	}
}

func TestNilPolicy(t *testing.T) {
	var p *Policy
	in := []drift.Finding{{Target: "a", Kind: drift.KindSchema, Object: "x", Severity: drift.SeverityHigh}}
	got := p.Apply(in, nil, time.Now())
	if diff := cmp.Diff(in, got); diff != "" {
		t.Errorf("nil policy changed findings:\n%s", diff)
	}
	got[0].Reason = "changed"
	if in[0].Reason != "" {
		t.Error("Apply returned the input slice, not a copy")
	}
	s := &snapshot.Snapshot{Target: snapshot.Target{Name: "a"}, Variables: map[string]string{"x": "y"}}
	if p.Check(s) != nil || p.Warnings(time.Now()) != nil || p.Volatile() != nil || p.Source() != "" {
		t.Error("nil policy is not empty")
	}
	if g := p.Guardrails(); g.Disable != nil || g.Severity != nil {
		t.Errorf("nil policy guardrails: %+v", g)
	}
}

func TestSubjectOf(t *testing.T) {
	s := &snapshot.Snapshot{
		Target:  snapshot.Target{Name: "eu-west-1/orders-prd", Kind: "aurora"},
		Cluster: &snapshot.Cluster{ID: "orders-prd", Region: "eu-west-1", Tags: map[string]string{"env": "prd"}},
	}
	want := Subject{Name: "eu-west-1/orders-prd", Region: "eu-west-1", ClusterID: "orders-prd", Tags: map[string]string{"env": "prd"}}
	got := SubjectOf(s)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got.Tags["env"] = "dev"
	if s.Cluster.Tags["env"] != "prd" {
		t.Error("SubjectOf shares the cluster's tag map")
	}
	static := &snapshot.Snapshot{Target: snapshot.Target{Name: "legacy", Kind: "static"}}
	if diff := cmp.Diff(map[string]Subject{"legacy": {Name: "legacy"}, "eu-west-1/orders-prd": want}, Subjects(static, s, nil)); diff != "" {
		t.Errorf("Subjects (-want +got):\n%s", diff)
	}
}

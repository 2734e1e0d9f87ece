package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/golden"
)

const ddlDiff = `--- shop.orders (2026-11-20T030000Z)
+++ shop.orders (2026-11-21T030000Z)
@@ -3,4 +3,4 @@
   ` + "`id`" + ` bigint NOT NULL,
-  ` + "`note`" + ` varchar(100) DEFAULT NULL,
+  ` + "`note`" + ` varchar(255) DEFAULT NULL,
   PRIMARY KEY (` + "`id`" + `)
` + "```" + `
`

// sample is a report with every kind, a DDL diff, expected and ignored
// findings and hostile identifiers.
func sample() *Report {
	return &Report{
		From:    "2026-11-20T030000Z",
		To:      "2026-11-21T030000Z",
		Targets: 3,
		Changes: []drift.Finding{
			{Target: "orders-prd", Kind: drift.KindSchema, Change: drift.Changed, ObjectType: "table", Object: "shop.orders", Field: "definition", Detail: ddlDiff, Severity: drift.SeverityMedium, Message: "orders-prd: table shop.orders changed"},
			{Target: "orders-prd", Kind: drift.KindParameter, Change: drift.Changed, ObjectType: "cluster parameter", Object: "max_connections", Group: "orders-prd-cluster", Field: "value", From: "1000", To: "2000", Severity: drift.SeverityHigh, Message: "orders-prd: cluster parameter max_connections changed"},
			{Target: "orders-prd", Kind: drift.KindVariable, Change: drift.Changed, ObjectType: "variable", Object: "sql_mode", Field: "value", From: "STRICT_TRANS_TABLES", To: "", Severity: drift.SeverityMedium, Message: "orders-prd: variable sql_mode changed", Expected: true, Reason: "declared: PR #123"},
			{Target: "orders-prd", Kind: drift.KindSchema, Change: drift.Removed, ObjectType: "index", Object: "shop.orders.idx_created", From: "KEY idx_created (created_at) USING BTREE", Severity: drift.SeverityMedium, Message: "orders-prd: index shop.orders.idx_created removed"},
			{Target: "orders-prd", Kind: drift.KindSchema, Change: drift.Added, ObjectType: "column", Object: "shop.orders.note2", Severity: drift.SeverityLow, Message: "orders-prd: column added"},
			{Target: "orders-prd", Kind: drift.KindSize, Change: drift.Changed, ObjectType: "table", Object: "shop.orders", Field: "bytes", From: "100000000", To: "300000000", Severity: drift.SeverityInfo, Message: "orders-prd: table shop.orders grew", Ignored: true, Reason: "ignore: sizes"},
			{Target: "billing-dev", Kind: drift.KindVersion, Change: drift.Changed, ObjectType: "engine", Object: "mysql", Field: "version", From: "8.0.mysql_aurora.3.05.2", To: "8.0.mysql_aurora.3.08.0", Severity: drift.SeverityMedium, Message: "billing-dev: engine upgraded"},
			{Target: "billing-dev", Kind: drift.KindTarget, Change: drift.Added, ObjectType: "target", Object: "billing-dev", Severity: drift.SeverityInfo, Message: "billing-dev appeared"},
			{Target: "hostile", Kind: drift.KindSchema, Change: drift.Added, ObjectType: "table", Object: "hostile db.<script>alert(1)</script>", Severity: drift.SeverityLow, Message: "hostile: table added"},
			{Target: "hostile", Kind: drift.KindSchema, Change: drift.Changed, ObjectType: "column", Object: "hostile db.a|b.`tick`", Field: "comment", From: "**bold** [x](http://evil) @everyone $x$", To: "line\nbreak\x1b[31m red", Severity: drift.SeverityLow, Message: "hostile: column changed"},
		},
		State: []drift.Finding{
			{Target: "orders-prd", Kind: drift.KindConfigured, Change: drift.Differs, ObjectType: "cluster parameter", Object: "innodb_lock_wait_timeout", Group: "orders-prd-cluster", Field: "value", From: "50", To: "120", Severity: drift.SeverityMedium, Message: "configured 50, running 120"},
			{Target: "orders-prd", Kind: drift.KindGuardrail, Change: drift.Differs, ObjectType: "variable", Object: "require_secure_transport", Rule: "tls-required", From: "OFF", Severity: drift.SeverityHigh, Message: "require_secure_transport is OFF: clients may connect without TLS"},
			{Target: "billing-dev", Kind: drift.KindFleet, Change: drift.Differs, ObjectType: "variable", Object: "long_query_time", Field: "value", From: "10", To: "2", Severity: drift.SeverityLow, Message: "long_query_time is 10, most of env=dev have 2"},
			{Target: "billing-dev", Kind: drift.KindBaseline, Change: drift.Differs, ObjectType: "variable", Object: "time_zone", Rule: "expect.variables.time_zone", From: "SYSTEM", To: "UTC", Severity: drift.SeverityMedium, Message: "time_zone is SYSTEM, the policy expects UTC", Expected: true, Reason: "declared: PR #7"},
			{Target: "hostile", Kind: drift.KindGuardrail, Change: drift.Differs, ObjectType: "table", Object: "hostile db.<img src=x onerror=alert(1)>", Rule: "primary-key", Severity: drift.SeverityInfo, Message: "table `hostile db`.`<img src=x onerror=alert(1)>` has no primary key | <b>", Ignored: true},
		},
		Warnings: []string{
			"legacy: failed in 2026-11-21T030000Z (connecting: i/o timeout) and no earlier snapshot: not compared",
			"billing-dev: snapshot in 2026-11-21T030000Z is stale (carried from 2026-11-19T030000Z)",
		},
	}
}

func write(t *testing.T, r *Report, format string) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r, format); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDriftReportGolden(t *testing.T) {
	ext := map[string]string{"text": "txt", "markdown": "md", "json": "json", "github": "github.txt"}
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			got := write(t, sample(), format)
			golden.Assert(t, filepath.Join("testdata", "report."+ext[format]), []byte(got))
		})
	}
}

// TestDeterministic: the same findings in any order write the same bytes,
// and Write leaves the report alone.
func TestDriftReportDeterministic(t *testing.T) {
	for _, format := range Formats() {
		want := write(t, sample(), format)
		for seed := range uint64(20) {
			r := sample()
			rng := rand.New(rand.NewPCG(seed, 1))
			rng.Shuffle(len(r.Changes), func(i, j int) { r.Changes[i], r.Changes[j] = r.Changes[j], r.Changes[i] })
			rng.Shuffle(len(r.State), func(i, j int) { r.State[i], r.State[j] = r.State[j], r.State[i] })
			rng.Shuffle(len(r.Warnings), func(i, j int) { r.Warnings[i], r.Warnings[j] = r.Warnings[j], r.Warnings[i] })
			before := slices.Clone(r.Changes)
			if got := write(t, r, format); got != want {
				t.Fatalf("%s: seed %d writes different output", format, seed)
			}
			if !slices.Equal(before, r.Changes) {
				t.Fatalf("%s: Write reordered the caller's findings", format)
			}
		}
	}
}

func TestDriftReportUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, sample(), "yaml")
	if err == nil || !strings.Contains(err.Error(), `"yaml"`) || !strings.Contains(err.Error(), "markdown") {
		t.Fatalf("err = %v", err)
	}
}

func TestDriftReportExitCode(t *testing.T) {
	high, crit := drift.SeverityHigh, drift.SeverityCritical
	r := sample()
	if got := r.ExitCode(nil); got != 1 {
		t.Errorf("unexpected changes: exit %d, want 1", got)
	}
	// Only expected and ignored changes left: 0, whatever the state.
	r.Changes = slices.DeleteFunc(r.Changes, unexpected)
	if got := r.ExitCode(nil); got != 0 {
		t.Errorf("expected/ignored changes only: exit %d, want 0", got)
	}
	// The unexpected guardrail finding is high: fails at --fail-on high,
	// not at critical.
	if got := r.ExitCode(&high); got != 1 {
		t.Errorf("--fail-on high: exit %d, want 1", got)
	}
	if got := r.ExitCode(&crit); got != 0 {
		t.Errorf("--fail-on critical: exit %d, want 0", got)
	}
	// Ignored and expected state findings never fail.
	info := drift.SeverityInfo
	r.State = slices.DeleteFunc(r.State, unexpected)
	if got := r.ExitCode(&info); got != 0 {
		t.Errorf("only expected/ignored state at --fail-on info: exit %d, want 0", got)
	}
	if got := (&Report{}).ExitCode(&info); got != 0 {
		t.Errorf("empty report: exit %d", got)
	}
}

func TestDriftReportSummary(t *testing.T) {
	s := sample().Summary()
	want := Summary{Targets: 3, Unexpected: 8, Expected: 1, Ignored: 1, State: 3,
		StateBySeverity: map[string]int{"high": 1, "medium": 1, "low": 1}, StateExpected: 1, StateIgnored: 1, Warnings: 2}
	gb, _ := json.Marshal(s)
	wb, _ := json.Marshal(want)
	if string(gb) != string(wb) {
		t.Errorf("summary\n got %s\nwant %s", gb, wb)
	}
}

// TestIgnoredOnlyInJSON: ignored findings are left out of the human
// formats and kept, marked, in json.
func TestDriftReportIgnoredOnlyInJSON(t *testing.T) {
	for _, format := range []string{"text", "markdown", "github"} {
		if out := write(t, sample(), format); strings.Contains(out, "100000000") || strings.Contains(out, "primary-key") {
			t.Errorf("%s shows an ignored finding:\n%s", format, out)
		}
	}
	var doc struct {
		Changes []drift.Finding `json:"changes"`
		State   []drift.Finding `json:"state"`
	}
	if err := json.Unmarshal([]byte(write(t, sample(), "json")), &doc); err != nil {
		t.Fatal(err)
	}
	var ignored []string
	for _, f := range append(doc.Changes, doc.State...) {
		if f.Ignored {
			ignored = append(ignored, f.Object)
		}
	}
	if want := []string{"shop.orders", "hostile db.<img src=x onerror=alert(1)>"}; !slices.Equal(ignored, want) {
		t.Errorf("ignored in json: %q, want %q", ignored, want)
	}
	if len(doc.Changes) != 10 || len(doc.State) != 5 {
		t.Errorf("json has %d changes, %d state findings; want 10, 5", len(doc.Changes), len(doc.State))
	}
}

func TestDriftReportJSONNeverNull(t *testing.T) {
	out := write(t, &Report{From: "a", To: "b"}, "json")
	for _, k := range []string{`"changes": []`, `"state": []`, `"warnings": []`} {
		if !strings.Contains(out, k) {
			t.Errorf("empty report json lacks %s:\n%s", k, out)
		}
	}
}

// TestTextHasNoControlCharacters: a hostile value cannot send escape
// sequences or fake lines to the terminal.
func TestDriftReportTextHasNoControlCharacters(t *testing.T) {
	for _, format := range []string{"text", "github", "markdown"} {
		out := write(t, sample(), format)
		if strings.ContainsAny(out, "\x1b\r") {
			t.Errorf("%s output carries a control character", format)
		}
		if strings.Contains(out, "\nbreak") {
			t.Errorf("%s: a newline inside a value starts a new line", format)
		}
	}
}

// TestDriftReportDamaged: a damaged snapshot fails the gate even without
// any change, and every format says which one.
func TestDriftReportDamaged(t *testing.T) {
	r := &Report{From: "a", To: "b", Targets: 2, Damaged: []string{"eu-west-1/orders-prd in set b: damaged: its bytes do not match the manifest's sha256"}}
	if got := r.ExitCode(nil); got != 1 {
		t.Errorf("exit %d with a damaged snapshot, want 1", got)
	}
	if s := r.Summary(); s.Damaged != 1 {
		t.Errorf("summary %+v", s)
	}
	for _, format := range Formats() {
		var b bytes.Buffer
		if err := Write(&b, r, format); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "orders-prd in set b") {
			t.Errorf("%s report does not name the damaged snapshot:\n%s", format, b.String())
		}
	}
	if got := (&Report{}).ExitCode(nil); got != 0 {
		t.Errorf("empty report: exit %d", got)
	}
}

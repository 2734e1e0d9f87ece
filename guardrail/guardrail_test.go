package guardrail

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

// fired lists the findings as "rule object" lines, in order.
func fired(fs []drift.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Object)
	}
	return out
}

// only returns the findings of one rule.
func only(fs []drift.Finding, rule string) []drift.Finding {
	var out []drift.Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestRulesSortedFreshAndDocumented(t *testing.T) {
	rules := Rules()
	if len(rules) < 10 {
		t.Fatalf("%d rules, want at least 10", len(rules))
	}
	ids := IDs()
	for i, r := range rules {
		if i > 0 && rules[i-1].ID >= r.ID {
			t.Errorf("rules not sorted by id: %q before %q", rules[i-1].ID, r.ID)
		}
		if r.ID != ids[i] {
			t.Errorf("IDs()[%d] = %q, Rules()[%d].ID = %q", i, ids[i], i, r.ID)
		}
		if r.Rationale == "" || strings.Contains(r.Rationale, "\n") {
			t.Errorf("rule %s: rationale must be one non-empty line, got %q", r.ID, r.Rationale)
		}
		if !Known(r.ID) {
			t.Errorf("Known(%q) = false", r.ID)
		}
	}
	rules[0].ID, rules[0].Severity = "changed", drift.SeverityCritical
	if again := Rules(); again[0].ID == "changed" || again[0].Severity == drift.SeverityCritical {
		t.Error("Rules() returned a slice shared with an earlier call")
	}
	if Known("no-such-rule") {
		t.Error(`Known("no-such-rule") = true`)
	}
}

// The fixture MariaDB runs with require_secure_transport OFF, no audit
// plugin, latin1, local_infile ON and performance_schema OFF; its tables
// all have primary keys, indexed foreign keys, InnoDB and utf8mb4; its
// sql_mode is strict and the binary log is off.
func TestFixture(t *testing.T) {
	s := testsnap.Fixture(t)
	got := Check(s, Options{})
	want := []string{
		"audit-log-off server_audit_logging",
		"char-set-not-utf8mb4 character_set_server",
		"local-infile-on local_infile",
		"performance-schema-off performance_schema",
		"secure-transport-not-required require_secure_transport",
	}
	if diff := cmp.Diff(want, fired(got)); diff != "" {
		t.Fatalf("rules fired on the fixture (-want +got):\n%s", diff)
	}
	wantST := drift.Finding{
		Target: "fixture-mariadb", Kind: drift.KindGuardrail, Change: drift.Differs,
		ObjectType: "variable", Object: "require_secure_transport", Field: "value", From: "ON", To: "OFF",
		Rule: SecureTransportNotRequired, Severity: drift.SeverityHigh,
		Message: "fixture-mariadb: variable require_secure_transport is OFF — " +
			"clients may connect without TLS and send passwords and data in clear text",
	}
	if diff := cmp.Diff(wantST, got[4]); diff != "" {
		t.Errorf("secure transport finding (-want +got):\n%s", diff)
	}
	if got[0].To != "" || !strings.Contains(got[0].Message, "no audit plugin is loaded") {
		t.Errorf("audit finding on a server without the plugin: %+v", got[0])
	}
	if got[1].To != "latin1" || got[1].From != "utf8mb4" {
		t.Errorf("charset finding: from %q to %q, want utf8mb4 → latin1", got[1].From, got[1].To)
	}
	if diff := cmp.Diff(got, Check(s, Options{})); diff != "" {
		t.Errorf("Check is not deterministic:\n%s", diff)
	}
}

func TestOptions(t *testing.T) {
	s := testsnap.Fixture(t)
	got := Check(s, Options{
		Disable:  []string{AuditLogOff, PerformanceSchemaOff, "unknown-is-ignored"},
		Severity: map[string]drift.Severity{LocalInfileOn: drift.SeverityCritical},
	})
	want := []string{
		"char-set-not-utf8mb4 character_set_server",
		"local-infile-on local_infile",
		"secure-transport-not-required require_secure_transport",
	}
	if diff := cmp.Diff(want, fired(got)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if got[0].Severity != drift.SeverityLow || got[1].Severity != drift.SeverityCritical {
		t.Errorf("severities %s, %s; want low (default), critical (override)", got[0].Severity, got[1].Severity)
	}
	if Check(nil, Options{}) != nil {
		t.Error("Check(nil) returned findings")
	}
}

// TestSettingRules flips one variable of the fixture at a time.
func TestSettingRules(t *testing.T) {
	tests := []struct {
		rule   string
		vars   map[string]string // set ("" deletes)
		fires  bool
		wantTo string
	}{
		{SecureTransportNotRequired, map[string]string{"require_secure_transport": "ON"}, false, ""},
		{SecureTransportNotRequired, map[string]string{"require_secure_transport": ""}, true, ""},
		{AuditLogOff, map[string]string{"server_audit_logging": "ON"}, false, ""},
		{AuditLogOff, map[string]string{"server_audit_logging": "OFF"}, true, "OFF"},
		{CharSetNotUTF8MB4, map[string]string{"character_set_server": "utf8mb4"}, false, ""},
		{CharSetNotUTF8MB4, map[string]string{"character_set_server": "utf8mb3"}, true, "utf8mb3"},
		{CharSetNotUTF8MB4, map[string]string{"character_set_server": ""}, false, ""},
		{LocalInfileOn, map[string]string{"local_infile": "OFF"}, false, ""},
		{SQLModeNotStrict, map[string]string{"sql_mode": "NO_ENGINE_SUBSTITUTION"}, true, "NO_ENGINE_SUBSTITUTION"},
		{SQLModeNotStrict, map[string]string{"sql_mode": "STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION"}, false, ""},
		{SQLModeNotStrict, map[string]string{"sql_mode": "strict_trans_tables"}, false, ""},
		{BinlogFormatNotRow, map[string]string{"log_bin": "ON", "binlog_format": "MIXED"}, true, "MIXED"},
		{BinlogFormatNotRow, map[string]string{"log_bin": "ON", "binlog_format": "ROW"}, false, ""},
		{BinlogFormatNotRow, map[string]string{"log_bin": "OFF", "binlog_format": "STATEMENT"}, false, ""},
		{PerformanceSchemaOff, map[string]string{"performance_schema": "ON"}, false, ""},
	}
	for _, tt := range tests {
		s := testsnap.Fixture(t)
		for k, v := range tt.vars {
			if v == "" {
				delete(s.Variables, k)
			} else {
				s.Variables[k] = v
			}
		}
		got := only(Check(s, Options{}), tt.rule)
		if !tt.fires {
			if len(got) != 0 {
				t.Errorf("%s with %v: fired %+v", tt.rule, tt.vars, got)
			}
			continue
		}
		if len(got) != 1 {
			t.Errorf("%s with %v: %d findings, want 1", tt.rule, tt.vars, len(got))
			continue
		}
		if got[0].To != tt.wantTo || got[0].ObjectType != "variable" {
			t.Errorf("%s with %v: %s to %q, want variable to %q", tt.rule, tt.vars, got[0].ObjectType, got[0].To, tt.wantTo)
		}
	}
}

// aurora returns a snapshot of an Aurora cluster with no variables, whose
// cluster parameter group sets params (name, value pairs).
func aurora(params ...string) *snapshot.Snapshot {
	g := &snapshot.ParameterGroup{Name: "orders-cluster-params"}
	for i := 0; i+1 < len(params); i += 2 {
		g.Parameters = append(g.Parameters, &snapshot.Parameter{Name: params[i], Value: params[i+1], HasValue: true, Source: "user"})
	}
	return &snapshot.Snapshot{
		Target:  snapshot.Target{Name: "eu-west-1/orders-prd", Kind: "aurora", Region: "eu-west-1", ClusterID: "orders-prd"},
		Cluster: &snapshot.Cluster{ID: "orders-prd", Region: "eu-west-1", ParameterGroup: g},
	}
}

// TestParameterFallback: without a running value, the Aurora cluster
// parameter decides.
func TestParameterFallback(t *testing.T) {
	s := aurora("require_secure_transport", "0", "server_audit_logging", "1", "character_set_server", "utf8mb4",
		"binlog_format", "MIXED", "performance_schema", "1", "local_infile", "0", "sql_mode", "STRICT_TRANS_TABLES")
	got := Check(s, Options{})
	want := []string{"binlog-format-not-row binlog_format", "secure-transport-not-required require_secure_transport"}
	if diff := cmp.Diff(want, fired(got)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if f := got[1]; f.ObjectType != "cluster parameter" || f.Group != "orders-cluster-params" || f.To != "0" ||
		f.Message != "eu-west-1/orders-prd: cluster parameter require_secure_transport (orders-cluster-params) is 0 — "+
			"clients may connect without TLS and send passwords and data in clear text" {
		t.Errorf("parameter finding: %+v", f)
	}

	// Aurora's binlog_format OFF means no binary log; audit logging 0 is off.
	s = aurora("require_secure_transport", "ON", "server_audit_logging", "0", "binlog_format", "OFF")
	want = []string{"audit-log-off server_audit_logging"}
	if diff := cmp.Diff(want, fired(Check(s, Options{}))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	// Running value beats the parameter group (a reboot may be pending).
	s = aurora("require_secure_transport", "0", "server_audit_logging", "1")
	s.Variables = map[string]string{"require_secure_transport": "ON"}
	if got := only(Check(s, Options{}), SecureTransportNotRequired); len(got) != 0 {
		t.Errorf("running ON, parameter 0: fired %+v", got)
	}
}

// table returns the tbls table and storage facts of schema.table in s.
func table(t *testing.T, s *snapshot.Snapshot, sc, name string) (*schema.Table, *snapshot.TableInfo) {
	t.Helper()
	schemaOf := s.FindSchema(sc)
	if schemaOf == nil {
		t.Fatalf("no schema %q", sc)
	}
	var info *snapshot.TableInfo
	for _, ti := range schemaOf.Tables {
		if ti.Name == name {
			info = ti
		}
	}
	for _, tb := range schemaOf.Tbls.Tables {
		if tb.Name == name {
			return tb, info
		}
	}
	t.Fatalf("no table %s.%s", sc, name)
	return nil, nil
}

// tableRules is every rule about tables and columns; on the fixture none
// of them fires.
var tableRules = []string{NoPrimaryKey, NotInnoDB, ForeignKeyWithoutIndex, UTF8MB3Column}

func tableFindings(s *snapshot.Snapshot) []string {
	var out []string
	for _, f := range Check(s, Options{}) {
		if slices.Contains(tableRules, f.Rule) {
			out = append(out, f.Rule+" "+f.ObjectType+" "+f.Object+" "+f.To)
		}
	}
	return out
}

func TestNoPrimaryKey(t *testing.T) {
	s := testsnap.Fixture(t)
	tb, _ := table(t, s, "hostile db", "order")
	tb.Constraints, tb.Indexes = nil, nil
	tb2, _ := table(t, s, "shop", "customer_audit")
	tb2.Constraints = slices.DeleteFunc(tb2.Constraints, func(c *schema.Constraint) bool { return c.Type == "PRIMARY KEY" })
	// An index named PRIMARY alone still counts (some drivers give no constraint).
	want := []string{"no-primary-key table hostile db.order "}
	if diff := cmp.Diff(want, tableFindings(s)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Views have no primary key and are never reported; here they are
	// the only tables left in shop without one.
	v, _ := table(t, s, "shop", "v_order_summary")
	if len(v.Constraints) != 0 || len(v.Indexes) != 0 {
		t.Fatal("fixture view has keys; the test no longer shows views are skipped")
	}
}

func TestNotInnoDB(t *testing.T) {
	s := testsnap.Fixture(t)
	_, info := table(t, s, "shop", "store")
	info.Engine = "MyISAM"
	_, info = table(t, s, "hostile db", "⚡ rides")
	info.Engine = "Aria"
	_, info = table(t, s, "shop", "vehicle")
	info.Engine = "" // unknown: not judged
	sc := s.FindSchema("shop")
	sc.Tables = slices.DeleteFunc(sc.Tables, func(ti *snapshot.TableInfo) bool { return ti.Name == "category" }) // no facts
	want := []string{"not-innodb table hostile db.⚡ rides Aria", "not-innodb table shop.store MyISAM"}
	if diff := cmp.Diff(want, tableFindings(s)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestForeignKeyWithoutIndex(t *testing.T) {
	s := testsnap.Fixture(t)
	dropIndex := func(sc, tbl, idx string) {
		tb, _ := table(t, s, sc, tbl)
		n := len(tb.Indexes)
		tb.Indexes = slices.DeleteFunc(tb.Indexes, func(ix *schema.Index) bool { return ix.Name == idx })
		if len(tb.Indexes) != n-1 {
			t.Fatalf("no index %s on %s.%s", idx, sc, tbl)
		}
	}
	dropIndex("shop", "ride", "idx_ride_vehicle")      // fk_ride_vehicle (vehicle_id) loses its index
	dropIndex("hostile db", "weird`name", "idx ride")  // fk weird→rides too
	dropIndex("shop", "shipment", "idx_shipment_item") // (order_id, line_no) …
	tb, _ := table(t, s, "shop", "shipment")           // … and an index in the other order does not help
	tb.Indexes = append(tb.Indexes, &schema.Index{Name: "idx_wrong_order", Columns: []string{"line_no", "order_id"}})
	// order_item's fk_item_order (order_id) is covered by the PRIMARY KEY (order_id, line_no) prefix: not reported.
	want := []string{
		"fk-without-index constraint hostile db.weird`name.fk weird→rides ",
		"fk-without-index constraint shop.ride.fk_ride_vehicle ",
		"fk-without-index constraint shop.shipment.fk_shipment_item ",
	}
	if diff := cmp.Diff(want, tableFindings(s)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestUTF8MB3Columns(t *testing.T) {
	s := testsnap.Fixture(t)
	// A column override in the DDL; the same words inside a COMMENT do not count.
	tb, _ := table(t, s, "hostile db", "weird`name")
	tb.Def = strings.Replace(tb.Def, "`back``tick` varchar(20) DEFAULT NULL COMMENT 'column with a ` backtick'",
		"`back``tick` varchar(20) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci DEFAULT NULL COMMENT 'column with a ` backtick'", 1)
	tb2, _ := table(t, s, "hostile db", "table with spaces")
	tb2.Def = strings.Replace(tb2.Def, "COMMENT 'first\\nsecond\\n\\nfourth'", "COMMENT 'was CHARACTER SET utf8mb3, it''s `x` COLLATE utf8_bin'", 1)
	// A utf8mb3 table default: every character column but the utf8mb4
	// override; ints, dates and blobs have no charset.
	tb3, _ := table(t, s, "shop", "customer_profile")
	tb3.Def = strings.Replace(tb3.Def, "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci", "DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci", 1)
	tb3.Def = strings.Replace(tb3.Def, "`bio` text", "`bio` text CHARACTER SET utf8mb4", 1)
	// No readable DDL: the table collation from information_schema stands for every column.
	tb4, info := table(t, s, "billing", "exchange_rate")
	tb4.Def = ""
	info.Collation = "utf8_general_ci"
	// Views are skipped even when their columns are text.
	if !strings.Contains(tb3.Def, "CHARSET=utf8mb3") || !strings.Contains(tb.Def, "utf8mb3_general_ci") ||
		!strings.Contains(tb2.Def, "was CHARACTER SET") {
		t.Fatal("fixture DDL changed; the replacements above no longer apply")
	}
	want := []string{
		"utf8mb3-column column billing.exchange_rate.currency utf8",
		"utf8mb3-column column hostile db.weird`name.back`tick utf8mb3",
		"utf8mb3-column column shop.customer_profile.full_name utf8mb3",
	}
	if diff := cmp.Diff(want, tableFindings(s)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseCreateTable(t *testing.T) {
	ct := parseCreateTable("CREATE TABLE `a``b` (\n" +
		"  `x``y` varchar(3) COLLATE utf8mb3_bin NOT NULL,\n" +
		"  `c` char(1) CHARACTER SET latin1 DEFAULT 'CHARACTER SET utf8',\n" +
		"  `d` text DEFAULT 'it\\'s COLLATE utf8_bin' COMMENT 'x',\n" +
		"  `e` enum('a','b') CHARSET ascii\n" +
		") ENGINE=InnoDB DEFAULT CHARSET=utf8 COMMENT='CHARSET=latin1'")
	want := createTable{charset: "utf8", columns: map[string]string{"x`y": "utf8mb3", "c": "latin1", "e": "ascii"}}
	if diff := cmp.Diff(want, ct, cmp.AllowUnexported(createTable{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := parseCreateTable("CREATE VIEW v AS select 1 CHARACTER SET x"); got.charset != "" || len(got.columns) != 0 {
		t.Errorf("a view yielded %+v", got)
	}
}

// TestHostileSchema: every rule on hostile names at once, all firing.
func TestHostileSchema(t *testing.T) {
	s := testsnap.Fixture(t)
	sc := s.FindSchema("hostile db")
	for _, ti := range sc.Tables {
		if ti.Type == "BASE TABLE" {
			ti.Engine, ti.Collation = "MEMORY", "utf8mb3_general_ci"
		}
	}
	for _, tb := range sc.Tbls.Tables {
		tb.Def = "" // fall back to the table collation
		tb.Indexes = nil
		tb.Constraints = slices.DeleteFunc(tb.Constraints, func(c *schema.Constraint) bool { return c.Type == "PRIMARY KEY" })
	}
	got := tableFindings(s)
	for _, want := range []string{
		"no-primary-key table hostile db.table with spaces ",
		"not-innodb table hostile db.weird`name MEMORY",
		"fk-without-index constraint hostile db.select.fk select→order ",
		"utf8mb3-column column hostile db.order.<b>bold</b> utf8mb3",
		"utf8mb3-column column hostile db.select.it's utf8mb3",
		"utf8mb3-column column hostile db.table with spaces.it's \"both\" utf8mb3",
		"utf8mb3-column column hostile db.⚡ rides.note utf8mb3",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	for _, g := range got {
		if strings.Contains(g, "view \"of\"") {
			t.Errorf("a view was reported: %s", g)
		}
	}
	// 5 base tables × (no PK + not InnoDB) + 2 FKs + 9 character columns.
	if len(got) != 5+5+2+9 {
		t.Errorf("%d table findings, want 21:\n%s", len(got), strings.Join(got, "\n"))
	}
}

// TestDocsListEveryRule keeps docs/guardrails.md's table in step with the
// rules and their default severities.
func TestDocsListEveryRule(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "guardrails.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Rules() {
		row := "| `" + r.ID + "` | " + r.Severity.String() + " | " + r.Rationale + " |"
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/guardrails.md has no row starting %q", row)
		}
	}
}

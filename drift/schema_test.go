package drift

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/golden"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

func column(t *testing.T, tb *schema.Table, name string) *schema.Column {
	t.Helper()
	for _, c := range tb.Columns {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no column %q in %q", name, tb.Name)
	return nil
}

// replaceDef changes a table's DDL, failing when old is not in it.
func replaceDef(t *testing.T, tb *schema.Table, old, new string) {
	t.Helper()
	if !strings.Contains(tb.Def, old) {
		t.Fatalf("%s's DDL has no %q", tb.Name, old)
	}
	tb.Def = strings.Replace(tb.Def, old, new, 1)
}

func TestCompareSchemaColumnTypeAndIndex(t *testing.T) {
	from, to := fixturePair(t)
	const target = "fixture-mariadb"
	cust := testsnap.Table(t, to, "shop", "customer")
	column(t, cust, "display_name").Type = "varchar(150)"
	replaceDef(t, cust, "`display_name` varchar(100)", "`display_name` varchar(150)")
	cust.Indexes = append(cust.Indexes, &schema.Index{
		Name: "idx_customer_display_name", Def: "KEY idx_customer_display_name (display_name) USING BTREE",
		Table: &cust.Name, Columns: []string{"display_name"},
	})
	replaceDef(t, cust, "(`status`,`created_at`),\n", "(`status`,`created_at`),\n  KEY `idx_customer_display_name` (`display_name`),\n")

	// One change is reported once: the DDL diff is the detail of the
	// first structured finding of the table, not a finding of its own.
	got := Compare(from, to, Options{})
	var detail string
	for i := range got {
		if got[i].Detail != "" {
			detail, got[i].Detail = got[i].Detail, "(checked against the golden file)"
		}
	}
	checkFindings(t, got, []Finding{
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "column", Object: "shop.customer.display_name",
			Field: "type", From: "varchar(100)", To: "varchar(150)", Severity: SeverityLow, Detail: "(checked against the golden file)",
			Message: target + ": column shop.customer.display_name type changed varchar(100) → varchar(150)"},
		{Target: target, Kind: KindSchema, Change: Added, ObjectType: "index", Object: "shop.customer.idx_customer_display_name",
			To: "KEY idx_customer_display_name (display_name) USING BTREE", Severity: SeverityLow,
			Message: target + ": index shop.customer.idx_customer_display_name added"},
	})
	golden.Assert(t, filepath.Join("testdata", "customer.diff"), []byte(detail))
}

func TestCompareSchemaHostileIdentifiers(t *testing.T) {
	from, to := fixturePair(t)
	const target = "fixture-mariadb"
	const db = "hostile db"

	weird := testsnap.Table(t, to, db, "weird`name")
	column(t, weird, "back`tick").Type = "varchar(40)"
	replaceDef(t, weird, "`back``tick` varchar(20)", "`back``tick` varchar(40)")

	order := testsnap.Table(t, to, db, "order")
	order.Comment = "line one\nline 2 <b>"
	order.Triggers = nil

	sel := testsnap.Table(t, to, db, "select")
	column(t, sel, `"dq"`).Default = sql.NullString{String: "'<script>'", Valid: true}
	column(t, sel, "it's").Nullable = false
	column(t, sel, "it's").Comment = "x | y"

	view := testsnap.Table(t, to, db, "view \"of\" weird`name")
	replaceDef(t, view, " AS `rider | name`", " AS `rider | name`,`r`.`note` AS `note`")

	sc := to.FindSchema(db)
	sc.Tbls.Tables = append(sc.Tbls.Tables, &schema.Table{Name: "a.b<script>", Type: "BASE TABLE", Def: "CREATE TABLE `a.b<script>` (x int)"})
	sc.Tbls.Functions[0].Arguments = "p \"x\" bigint"

	trg := "CREATE TRIGGER `trg \"order\" <b>`"
	for _, tr := range testsnap.Table(t, from, db, "order").Triggers {
		trg = tr.Def
	}
	got := Compare(from, to, Options{})
	details := map[string]string{}
	for i := range got {
		if got[i].Detail != "" {
			obj := got[i].Object
			if got[i].ObjectType == "column" {
				obj = obj[:strings.LastIndex(obj, ".")] // the table's DDL diff rides on its first finding
			}
			details[obj] = got[i].Detail
			got[i].Detail = ""
		}
	}
	checkFindings(t, got, []Finding{
		{Target: target, Kind: KindSchema, Change: Added, ObjectType: "table", Object: "hostile db.a.b<script>", Severity: SeverityLow,
			Message: target + ": table hostile db.a.b<script> added"},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "table", Object: "hostile db.order", Field: "comment",
			From: "line one\nline two | with `backticks` and {{ .Name }}", To: "line one\nline 2 <b>", Severity: SeverityLow,
			Message: target + ": table hostile db.order comment changed line one\\nline two | with `backticks` and {{ .Name }} → line one\\nline 2 <b>"},
		{Target: target, Kind: KindSchema, Change: Removed, ObjectType: "trigger", Object: `hostile db.order.trg "order" <b>`, From: trg, Severity: SeverityLow,
			Message: target + `: trigger hostile db.order.trg "order" <b> removed`},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "column", Object: `hostile db.select."dq"`, Field: "default",
			From: "NULL", To: "'<script>'", Severity: SeverityLow,
			Message: target + `: column hostile db.select."dq" default changed NULL → '<script>'`},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "column", Object: "hostile db.select.it's", Field: "comment",
			From: "single 'quoted' column, backslash C:\\temp\\x", To: "x | y", Severity: SeverityLow,
			Message: target + ": column hostile db.select.it's comment changed single 'quoted' column, backslash C:\\temp\\x → x | y"},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "column", Object: "hostile db.select.it's", Field: "nullable",
			From: "true", To: "false", Severity: SeverityLow,
			Message: target + ": column hostile db.select.it's nullable changed NULL → NOT NULL"},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "view", Object: "hostile db.view \"of\" weird`name", Field: "definition", Severity: SeverityLow,
			Message: target + ": view hostile db.view \"of\" weird`name definition changed (+1 −1 lines)"},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "column", Object: "hostile db.weird`name.back`tick", Field: "type",
			From: "varchar(20)", To: "varchar(40)", Severity: SeverityLow,
			Message: target + ": column hostile db.weird`name.back`tick type changed varchar(20) → varchar(40)"},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "routine", Object: "hostile db.fn | pipe", Field: "arguments",
			From: `p "x" int`, To: `p "x" bigint`, Severity: SeverityLow,
			Message: target + `: function hostile db.fn | pipe arguments changed p "x" int → p "x" bigint`},
	})
	wantWeird := "--- a/hostile db.weird`name\n+++ b/hostile db.weird`name\n@@ -1,6 +1,6 @@\n" +
		" CREATE TABLE `weird``name` (\n" +
		"   `id` int(11) NOT NULL AUTO_INCREMENT,\n" +
		"-  `back``tick` varchar(20) DEFAULT NULL COMMENT 'column with a ` backtick',\n" +
		"+  `back``tick` varchar(40) DEFAULT NULL COMMENT 'column with a ` backtick',\n" +
		"   `ride id` int(11) DEFAULT NULL COMMENT 'nullable FK to ⚡ rides',\n" +
		"   PRIMARY KEY (`id`),\n" +
		"   KEY `idx ride` (`ride id`),\n"
	if got := details["hostile db.weird`name"]; got != wantWeird {
		t.Errorf("weird`name diff:\n%s\nwant:\n%s", got, wantWeird)
	}
	if d := details["hostile db.view \"of\" weird`name"]; !strings.HasPrefix(d, "--- a/hostile db.view \"of\" weird`name\n+++ b/hostile db.view \"of\" weird`name\n@@ -1 +1 @@\n-CREATE VIEW") {
		t.Errorf("view diff:\n%s", d)
	}
}

func TestCompareSchemaAddedRemoved(t *testing.T) {
	const target = "fixture-mariadb"
	tests := []struct {
		name   string
		change func(t *testing.T, s *snapshot.Snapshot)
		want   []Finding
	}{
		{
			name: "schema removed and added",
			change: func(t *testing.T, s *snapshot.Snapshot) {
				s.Schemas[0] = &snapshot.Schema{Name: "audit", Tbls: &schema.Schema{Name: "audit"}} // billing gone
			},
			want: []Finding{
				{Target: target, Kind: KindSchema, Change: Added, ObjectType: "schema", Object: "audit", Severity: SeverityLow,
					Message: target + ": schema audit added (0 tables)"},
				{Target: target, Kind: KindSchema, Change: Removed, ObjectType: "schema", Object: "billing", Severity: SeverityHigh,
					Message: target + ": schema billing removed (had 5 tables)"},
			},
		},
		{
			name: "table, view and column removed, column added, collation changed",
			change: func(t *testing.T, s *snapshot.Snapshot) {
				sc := s.FindSchema("billing")
				sc.Collation = "utf8mb4_0900_ai_ci"
				var keep []*schema.Table
				for _, tb := range sc.Tbls.Tables {
					if tb.Name != "exchange_rate" && tb.Name != "v_customer_balance" {
						keep = append(keep, tb)
					}
				}
				sc.Tbls.Tables = keep
				inv := testsnap.Table(t, s, "billing", "invoice")
				removed := inv.Columns[len(inv.Columns)-1]
				inv.Columns = append(inv.Columns[:len(inv.Columns)-1], &schema.Column{Name: "note", Type: "text", Nullable: true})
				t.Logf("removed column %s %s", removed.Name, removed.Type)
			},
			want: []Finding{
				{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "schema", Object: "billing", Field: "collation",
					From: "utf8mb4_unicode_ci", To: "utf8mb4_0900_ai_ci", Severity: SeverityLow,
					Message: target + ": schema billing collation changed utf8mb4_unicode_ci → utf8mb4_0900_ai_ci"},
				{Target: target, Kind: KindSchema, Change: Removed, ObjectType: "table", Object: "billing.exchange_rate", Severity: SeverityMedium,
					Message: target + ": table billing.exchange_rate removed"},
				{Target: target, Kind: KindSchema, Change: Removed, ObjectType: "view", Object: "billing.v_customer_balance", Severity: SeverityMedium,
					Message: target + ": view billing.v_customer_balance removed"},
				{Target: target, Kind: KindSchema, Change: Added, ObjectType: "column", Object: "billing.invoice.note", To: "text", Severity: SeverityLow,
					Message: target + ": column billing.invoice.note added: text"},
				{Target: target, Kind: KindSchema, Change: Removed, ObjectType: "column", Object: "billing.invoice.updated_at", From: "timestamp", Severity: SeverityMedium,
					Message: target + ": column billing.invoice.updated_at removed, was timestamp"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := fixturePair(t)
			tt.change(t, to)
			checkFindings(t, Compare(from, to, Options{}), tt.want)
		})
	}
}

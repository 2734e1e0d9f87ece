package collector

import (
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
)

// TestHostileSchema checks that identifiers with backticks, quotes, spaces,
// pipes and emoji, and comments with HTML, Markdown and newlines, are read
// exactly (tbls' driver cannot read this schema at all; see
// assertTblsEquivalent).
func TestHostileSchema(t *testing.T) {
	m := mariaWithFixtures(t)
	snap := introspectDSN(t, m.DSN("root", m.RootPassword, ""), Options{ShowCreateBatch: 2})
	checkHostile(t, snap, true)
}

func TestHostileSchemaMySQL8(t *testing.T) {
	srv := gmsWithFixtures(t)
	snap := introspectDSN(t, srv.DSN("root", "root", ""), Options{})
	// go-mysql-server v0.20.0 reports no TABLE_COMMENT in
	// information_schema.TABLES, so table comments are not checked there.
	checkHostile(t, snap, false)
}

func checkHostile(t *testing.T, snap *snapshot.Snapshot, tableComments bool) {
	t.Helper()
	sc := snap.FindSchema("hostile db")
	if sc == nil {
		t.Fatal(`schema "hostile db" not read`)
	}
	s := sc.Tbls
	for _, name := range []string{"order", "select", "weird`name", "table with spaces"} {
		tb, err := s.FindTableByName(name)
		if err != nil {
			t.Errorf("table %q missing", name)
			continue
		}
		if tb.Def == "" || !strings.HasPrefix(tb.Def, "CREATE TABLE ") {
			t.Errorf("table %q: DDL not read: %q", name, tb.Def)
		}
	}
	if tb, err := s.FindTableByName("weird`name"); err == nil {
		if !strings.Contains(tb.Def, "`weird``name`") {
			t.Errorf("DDL of weird`name does not carry the quoted name:\n%s", tb.Def)
		}
		c, err := tb.FindColumnByName("back`tick")
		if err != nil || c.Comment != "column with a ` backtick" {
			t.Errorf("column back`tick: %v %+v", err, c)
		}
	}
	if tb, err := s.FindTableByName("order"); err == nil {
		if tableComments && tb.Comment != "line one\nline two | with `backticks` and {{ .Name }}" {
			t.Errorf("order comment not exact: %q", tb.Comment)
		}
		c, err := tb.FindColumnByName("id")
		if err != nil || c.Comment != "<script>alert(1)</script>" {
			t.Errorf("order.id comment: %v %+v", err, c)
		}
		if len(tb.Triggers) != 1 || tb.Triggers[0].Name != `trg "order" <b>` {
			t.Errorf("order triggers: %+v", tb.Triggers)
		}
	}
	var fkNames []string
	for _, r := range s.Relations {
		fkNames = append(fkNames, r.Table.Name+"→"+r.ParentTable.Name)
		if r.ParentTable.External {
			t.Errorf("relation %s: parent in the same schema read as external", r.Def)
		}
	}
	joined := strings.Join(fkNames, ",")
	if !strings.Contains(joined, "select→order") {
		t.Errorf("relations: %v", fkNames)
	}
	for _, tb := range s.Tables {
		if tb.Type == "VIEW" && tb.Def == "" {
			t.Errorf("view %q has no definition", tb.Name)
		}
	}
	if len(sc.Tables) != len(s.Tables) {
		t.Errorf("%d size rows for %d tables", len(sc.Tables), len(s.Tables))
	}
}

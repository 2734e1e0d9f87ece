package drift

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/k1LoW/tbls/schema"
)

// benchSnapshot builds a snapshot of an Aurora cluster with one schema of
// nTables tables (shaped like internal/fixtures.Synthetic's, built as tbls
// values directly since Synthetic only writes SQL), nParams cluster
// parameters and nVars variables. The same arguments give equal,
// independent snapshots.
func benchSnapshot(nTables, nParams, nVars int) *snapshot.Snapshot {
	s := auroraSnap("us-east-1/bench-prd")
	g := s.Cluster.ParameterGroup
	g.Parameters = nil
	for i := range nParams {
		p := param(fmt.Sprintf("param_%03d", i), fmt.Sprint(i*7))
		if i%3 == 0 {
			p.Source = "engine-default"
		}
		g.Parameters = append(g.Parameters, p)
	}
	s.Variables = map[string]string{}
	for i := range nVars {
		name := fmt.Sprintf("param_%03d", i) // the first nParams have a parameter
		s.Variables[name] = fmt.Sprint(i * 7)
	}
	s.Variables["gtid_executed"] = "x:1-100"

	sc := &snapshot.Schema{Name: "app", CharacterSet: "utf8mb4", Collation: "utf8mb4_unicode_ci", Tbls: &schema.Schema{Name: "app"}}
	types := []string{"bigint unsigned", "int", "varchar(64)", "varchar(191)", "decimal(12,2)", "datetime(3)", "tinyint(1)", "text", "json"}
	for i := range nTables {
		name := fmt.Sprintf("table_%03d", i)
		tb := &schema.Table{Name: name, Type: "BASE TABLE", Comment: "テーブル " + name}
		var ddl strings.Builder
		fmt.Fprintf(&ddl, "CREATE TABLE `%s` (\n", name)
		for c := range 5 + i%11 {
			col := &schema.Column{Name: fmt.Sprintf("col_%02d", c), Type: types[(i+c)%len(types)], Nullable: c%2 == 0, Comment: "列 " + fmt.Sprint(c)}
			if c == 0 {
				col.Name, col.Type, col.ExtraDef, col.Nullable = "id", "bigint unsigned", "auto_increment", false
			} else if c%3 == 0 {
				col.Default = sql.NullString{String: "0", Valid: true}
			}
			tb.Columns = append(tb.Columns, col)
			fmt.Fprintf(&ddl, "  `%s` %s COMMENT '%s',\n", col.Name, col.Type, col.Comment)
		}
		tb.Indexes = append(tb.Indexes, &schema.Index{Name: "PRIMARY", Def: "PRIMARY KEY (id) USING BTREE", Table: &tb.Name, Columns: []string{"id"}})
		tb.Constraints = append(tb.Constraints, &schema.Constraint{Name: "PRIMARY", Type: "PRIMARY KEY", Def: "PRIMARY KEY (id)", Table: &tb.Name})
		for k := 1; k <= 1+i%3; k++ {
			ix := fmt.Sprintf("ix_col_%02d", k)
			tb.Indexes = append(tb.Indexes, &schema.Index{Name: ix, Def: fmt.Sprintf("KEY %s (col_%02d) USING BTREE", ix, k), Table: &tb.Name, Columns: []string{fmt.Sprintf("col_%02d", k)}})
			fmt.Fprintf(&ddl, "  KEY `%s` (`col_%02d`),\n", ix, k)
		}
		ddl.WriteString("  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci")
		tb.Def = ddl.String()
		sc.Tbls.Tables = append(sc.Tbls.Tables, tb)
		sc.Tables = append(sc.Tables, &snapshot.TableInfo{Name: name, Type: "BASE TABLE", DataLength: int64(i+1) << 24, IndexLength: int64(i+1) << 22})
	}
	s.Schemas = []*snapshot.Schema{sc}
	return s
}

// BenchmarkCompare compares two snapshots of a 300-table schema with 400
// cluster parameters and 600 variables, 1% of the tables changed (a
// column type and the DDL line that declares it).
func BenchmarkCompare(b *testing.B) {
	const nTables = 300
	from, to := benchSnapshot(nTables, 400, 600), benchSnapshot(nTables, 400, 600)
	changed := 0
	for i, tb := range to.Schemas[0].Tbls.Tables {
		if i%100 != 50 {
			continue
		}
		col := tb.Columns[1]
		old := "`" + col.Name + "` " + col.Type + " "
		col.Type = "varchar(255)"
		tb.Def = strings.Replace(tb.Def, old, "`"+col.Name+"` varchar(255) ", 1)
		changed++
	}
	to.Variables["gtid_executed"] = "x:1-200"
	want := changed // a column finding per table (its DDL diff rides on it)
	if got := Compare(from, to, Options{}); len(got) != want {
		b.Fatalf("got %d findings, want %d: %+v", len(got), want, got)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Compare(from, to, Options{})
	}
}

// BenchmarkFleet compares 60 clusters in 3 groups, 400 parameters and 600
// variables each.
func BenchmarkFleet(b *testing.B) {
	var snaps []*snapshot.Snapshot
	for i := range 60 {
		s := benchSnapshot(0, 400, 600)
		s.Target.Name = fmt.Sprintf("us-east-1/c-%02d", i)
		s.Cluster.Tags = map[string]string{"env": []string{"prd", "stg", "dev"}[i%3]}
		if i%7 == 0 {
			s.Variables["param_500"] = "changed"
		}
		snaps = append(snaps, s)
	}
	if got := Fleet(snaps, FleetOptions{GroupByTag: "env"}); len(got) != 9 {
		b.Fatalf("got %d findings, want 9", len(got))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Fleet(snaps, FleetOptions{GroupByTag: "env"})
	}
}

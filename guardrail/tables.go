package guardrail

import (
	"slices"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// baseTable is one base table of a snapshot, with its storage facts when
// the snapshot has them.
type baseTable struct {
	schema string
	table  *schema.Table
	info   *snapshot.TableInfo // nil when not recorded
}

// object names the table as findings do: "schema.table".
func (t baseTable) object() string { return t.schema + "." + t.table.Name }

// baseTables returns the base tables of every user schema of s, in
// snapshot order. Views, sequences and system schemas are left out;
// MariaDB's system-versioned tables are base tables.
func baseTables(s *snapshot.Snapshot) []baseTable {
	var out []baseTable
	for _, sc := range s.Schemas {
		if sc == nil || sc.Tbls == nil || isSystemSchema(sc.Name) {
			continue
		}
		infos := map[string]*snapshot.TableInfo{}
		for _, ti := range sc.Tables {
			if ti != nil {
				infos[ti.Name] = ti
			}
		}
		for _, t := range sc.Tbls.Tables {
			if t == nil {
				continue
			}
			switch strings.ToUpper(t.Type) {
			case "BASE TABLE", "SYSTEM VERSIONED":
				out = append(out, baseTable{schema: sc.Name, table: t, info: infos[t.Name]})
			}
		}
	}
	return out
}

// isSystemSchema reports whether name is one of the server's own schemas,
// which table rules skip.
func isSystemSchema(name string) bool {
	switch strings.ToLower(name) {
	case "information_schema", "mysql", "performance_schema", "sys":
		return true
	}
	return false
}

// checkPrimaryKeys looks for a PRIMARY KEY constraint or an index named
// PRIMARY. A unique NOT NULL key, which InnoDB would cluster by, does not
// count: online schema change tools and row-based replication want the
// primary key.
func checkPrimaryKeys(s *snapshot.Snapshot) []violation {
	var out []violation
	for _, t := range baseTables(s) {
		if !hasPrimaryKey(t.table) {
			out = append(out, violation{objectType: "table", object: t.object(),
				what: "table " + t.object() + " has no primary key"})
		}
	}
	return out
}

func hasPrimaryKey(t *schema.Table) bool {
	for _, c := range t.Constraints {
		if c != nil && strings.EqualFold(c.Type, "PRIMARY KEY") {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix != nil && strings.EqualFold(ix.Name, "PRIMARY") {
			return true
		}
	}
	return false
}

// checkEngines reports base tables whose engine is known and not InnoDB.
func checkEngines(s *snapshot.Snapshot) []violation {
	var out []violation
	for _, t := range baseTables(s) {
		if t.info == nil || t.info.Engine == "" || strings.EqualFold(t.info.Engine, "InnoDB") {
			continue
		}
		out = append(out, violation{objectType: "table", object: t.object(), field: "engine",
			want: "InnoDB", got: t.info.Engine,
			what: "table " + t.object() + " uses the " + t.info.Engine + " engine"})
	}
	return out
}

// checkForeignKeyIndexes reports foreign keys whose columns are not, in
// order, the leading columns of some index of the child table.
func checkForeignKeyIndexes(s *snapshot.Snapshot) []violation {
	var out []violation
	for _, t := range baseTables(s) {
		for _, c := range t.table.Constraints {
			if c == nil || !strings.EqualFold(c.Type, "FOREIGN KEY") || len(c.Columns) == 0 {
				continue
			}
			if !indexedPrefix(t.table, c.Columns) {
				obj := t.object() + "." + c.Name
				out = append(out, violation{objectType: "constraint", object: obj,
					what: "foreign key " + obj + " (" + strings.Join(c.Columns, ", ") + ") has no index starting with its columns"})
			}
		}
	}
	return out
}

// indexedPrefix reports whether cols are a left prefix of some index of t.
func indexedPrefix(t *schema.Table, cols []string) bool {
	for _, ix := range t.Indexes {
		if ix == nil || len(ix.Columns) < len(cols) {
			continue
		}
		if slices.EqualFunc(ix.Columns[:len(cols)], cols, strings.EqualFold) {
			return true
		}
	}
	return false
}

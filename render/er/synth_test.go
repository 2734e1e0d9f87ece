package er

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/k1LoW/tbls/schema"
)

// synthSchema builds a tbls schema of n tables shaped like an
// application's, linked as snapshot.Read leaves them: names made of a noun
// and a suffix ("trip_event"), most tables with an id primary key, some
// junction tables with a composite one, 3–12 more columns, and 0–3 foreign
// keys to earlier tables, preferring tables of the same noun, sometimes a
// hub table (the first few), sometimes itself. About one table in twenty
// has no relation at all. The result depends only on the arguments.
func synthSchema(name string, n int, seed uint64) *schema.Schema {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	nouns := strings.Fields(`user account vehicle trip station order invoice
		payment coupon product review driver route zone fare device session
		ticket shift battery parking campaign partner contract`)
	suffixes := []string{"", "log", "history", "setting", "detail", "event",
		"snapshot", "summary", "status", "assignment", "item", "note"}
	types := []string{"int(11)", "bigint(20)", "varchar(64)", "varchar(191)",
		"decimal(12,2)", "tinyint(1)", "date", "datetime(3)", "text", "json",
		"enum('draft','active','suspended','deleted')"}
	colNames := strings.Fields(`name code label status amount price fee email
		title score quantity region lat lng started_at ended_at valid_from
		valid_to is_active note created_at updated_at`)

	s := &schema.Schema{Name: name, Driver: &schema.Driver{Name: "mysql"}}
	used := map[string]bool{}
	byNoun := map[string][]*schema.Table{}
	var withID []*schema.Table
	for i := range n {
		noun := nouns[rng.IntN(len(nouns))]
		if i < len(nouns) {
			noun = nouns[i] // every noun gets its root table first
		}
		tname := noun
		if i >= len(nouns) {
			if suf := suffixes[rng.IntN(len(suffixes))]; suf != "" {
				tname += "_" + suf
			}
		}
		for k := 2; used[tname]; k++ {
			tname = fmt.Sprintf("%s_%d", strings.TrimRight(tname, "0123456789_"), k)
		}
		used[tname] = true
		t := &schema.Table{Name: tname, Type: "BASE TABLE", Comment: "synthetic table " + tname}
		junction := i >= len(nouns) && rng.IntN(10) == 0
		if !junction {
			t.Columns = append(t.Columns, &schema.Column{Name: "id", Type: "bigint(20) unsigned", PK: true, ExtraDef: "auto_increment"})
			t.Indexes = append(t.Indexes, &schema.Index{Name: "PRIMARY", Def: "PRIMARY KEY (id)", Table: &t.Name, Columns: []string{"id"}})
			t.Constraints = append(t.Constraints, &schema.Constraint{Name: "PRIMARY", Type: "PRIMARY KEY", Def: "PRIMARY KEY (id)", Table: &t.Name, Columns: []string{"id"}})
		}
		seen := map[string]bool{"id": true}
		for range 3 + rng.IntN(10) {
			c := colNames[rng.IntN(len(colNames))]
			if seen[c] {
				continue
			}
			seen[c] = true
			t.Columns = append(t.Columns, &schema.Column{
				Name: c, Type: types[rng.IntN(len(types))], Nullable: rng.IntN(2) == 0,
				Default: sql.NullString{String: "NULL", Valid: rng.IntN(3) == 0},
			})
		}

		// Parents: 0–3 earlier tables with an id.
		nfk := []int{0, 1, 1, 1, 2, 2, 2, 3}[rng.IntN(8)]
		if rng.IntN(20) == 0 || len(withID) == 0 {
			nfk = 0
		}
		if junction && nfk < 2 && len(withID) >= 2 {
			nfk = 2
		}
		var pkCols []string
		for k := 0; k < nfk; k++ {
			var parent *schema.Table
			switch x := rng.IntN(100); {
			case x < 3 && !junction:
				parent = t // self-reference
			case x < 60 && len(byNoun[noun]) > 0:
				parent = byNoun[noun][rng.IntN(len(byNoun[noun]))]
			case x < 80:
				parent = withID[rng.IntN(min(3, len(withID)))]
			default:
				parent = withID[rng.IntN(len(withID))]
			}
			col := strings.TrimRight(parent.Name, "0123456789_") + "_id"
			if parent == t {
				col = "parent_id"
			}
			if seen[col] {
				continue
			}
			seen[col] = true
			fk := &schema.Column{Name: col, Type: "bigint(20) unsigned", Nullable: !junction && rng.IntN(3) == 0, FK: true}
			t.Columns = append(t.Columns, fk)
			if junction {
				fk.PK = true
				pkCols = append(pkCols, col)
			}
			pcol := parent.Columns[0] // id
			r := &schema.Relation{
				Table: t, Columns: []*schema.Column{fk},
				ParentTable: parent, ParentColumns: []*schema.Column{pcol},
				Cardinality:       schema.ZeroOrMore,
				ParentCardinality: schema.ExactlyOne,
				Def:               fmt.Sprintf("FOREIGN KEY (%s) REFERENCES %s (id)", col, parent.Name),
			}
			if fk.Nullable {
				r.ParentCardinality = schema.ZeroOrOne
			}
			fk.ParentRelations = append(fk.ParentRelations, r)
			pcol.ChildRelations = append(pcol.ChildRelations, r)
			s.Relations = append(s.Relations, r)
			t.Constraints = append(t.Constraints, &schema.Constraint{
				Name: "fk_" + tname + "_" + col, Type: schema.TypeFK, Def: r.Def, Table: &t.Name,
				ReferencedTable: &parent.Name, Columns: []string{col}, ReferencedColumns: []string{"id"},
			})
			if parent != t {
				t.ReferencedTables = append(t.ReferencedTables, parent)
			}
		}
		if junction {
			if len(pkCols) == 0 {
				t.Columns = append([]*schema.Column{{Name: "id", Type: "bigint(20) unsigned", PK: true}}, t.Columns...)
				pkCols = []string{"id"}
			}
			def := "PRIMARY KEY (" + strings.Join(pkCols, ", ") + ")"
			t.Indexes = append(t.Indexes, &schema.Index{Name: "PRIMARY", Def: def, Table: &t.Name, Columns: pkCols})
			t.Constraints = append(t.Constraints, &schema.Constraint{Name: "PRIMARY", Type: "PRIMARY KEY", Def: def, Table: &t.Name, Columns: pkCols})
		} else {
			withID = append(withID, t)
			byNoun[noun] = append(byNoun[noun], t)
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}

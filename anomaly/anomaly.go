// Package anomaly lists what looks wrong in the schemas of one snapshot, in
// SchemaSpy's spirit: tables without a primary key, foreign keys without a
// supporting index, "*_id" columns without a foreign key, orphan tables,
// utf8mb3 columns, nullable columns in unique keys, views that failed to
// resolve. Where a guardrail rule already checks something (package
// guardrail), its findings are used, so the two never disagree. It reads
// the snapshot only.
package anomaly

import (
	"cmp"
	"slices"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/guardrail"
	"github.com/auroradoc/auroradoc/render/keys"
	"github.com/auroradoc/auroradoc/render/schemaindex"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Kind is a kind of anomaly.
type Kind struct {
	ID, Title, Why string
}

// Kinds, in the order the pages list them.
var (
	NoPrimaryKey   = Kind{"no-primary-key", "Tables without a primary key", "row-based replication scans them and online schema change tools refuse them"}
	FKWithoutIndex = Kind{"fk-without-index", "Foreign keys without a supporting index", "every update or delete of the parent scans the child table"}
	IDWithoutFK    = Kind{"id-without-fk", "Columns named *_id without a foreign key", "a relationship the database does not know: no diagram line, no integrity check"}
	Orphan         = Kind{"orphan-table", "Tables without any relationship", "in a schema that uses foreign keys, a table with none is often forgotten or unrelated"}
	UTF8MB3        = Kind{"utf8mb3-column", "utf8mb3 columns", "they cannot store 4-byte characters such as emoji; utf8mb3 is deprecated"}
	NotInnoDB      = Kind{"not-innodb", "Tables not using InnoDB", "only InnoDB is transactional and crash-safe"}
	NullableUnique = Kind{"nullable-unique", "Nullable columns in unique keys", "a unique key allows any number of rows with NULL in it"}
	UnresolvedView = Kind{"unresolved-view", "Views that failed to resolve", "the crawl user could not read their columns (see the crawl warnings and docs/grants.md)"}
)

// Kinds lists every kind, in page order.
func Kinds() []Kind {
	return []Kind{NoPrimaryKey, FKWithoutIndex, IDWithoutFK, Orphan, UTF8MB3, NotInnoDB, NullableUnique, UnresolvedView}
}

// Anomaly is one place something looks wrong. Column is set for column
// anomalies; Detail says what exactly, in one line.
type Anomaly struct {
	Kind                  Kind
	Schema, Table, Column string
	Detail                string
}

// guardrailKinds are the anomalies a guardrail rule finds.
var guardrailKinds = map[string]Kind{
	guardrail.NoPrimaryKey:           NoPrimaryKey,
	guardrail.ForeignKeyWithoutIndex: FKWithoutIndex,
	guardrail.UTF8MB3Column:          UTF8MB3,
	guardrail.NotInnoDB:              NotInnoDB,
}

// FromGuardrail reports whether a guardrail rule finds this kind (so a
// report that lists guardrails need not list it again).
func (k Kind) FromGuardrail() bool {
	for _, g := range guardrailKinds {
		if g == k {
			return true
		}
	}
	return false
}

// Find returns the anomalies of s, ordered by kind (Kinds), schema, table
// and column. The same snapshot gives the same list.
func Find(s *snapshot.Snapshot) []Anomaly {
	if s == nil {
		return nil
	}
	var out []Anomaly
	var disable []string
	for _, id := range guardrail.IDs() {
		if _, ok := guardrailKinds[id]; !ok {
			disable = append(disable, id)
		}
	}
	for _, f := range guardrail.Check(s, guardrail.Options{Disable: disable}) {
		k, ok := guardrailKinds[f.Rule]
		if !ok {
			continue
		}
		a := Anomaly{Kind: k, Detail: detail(f.Message, s.Target.Name)}
		a.Schema, a.Table, a.Column = split(s, f.Object)
		if f.ObjectType != "column" {
			a.Column = "" // a constraint's name is not a column
		}
		out = append(out, a)
	}
	for _, sc := range s.Schemas {
		if sc == nil || sc.Tbls == nil {
			continue
		}
		out = append(out, schemaAnomalies(sc)...)
	}
	order := map[string]int{}
	for i, k := range Kinds() {
		order[k.ID] = i
	}
	slices.SortStableFunc(out, func(a, b Anomaly) int {
		return cmp.Or(cmp.Compare(order[a.Kind.ID], order[b.Kind.ID]), cmp.Compare(a.Schema, b.Schema),
			cmp.Compare(a.Table, b.Table), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Detail, b.Detail))
	})
	return out
}

// detail is a guardrail message without the target and the rationale:
// "t: table s.x has no primary key — why" gives "table s.x has no primary
// key".
func detail(msg, target string) string {
	msg = strings.TrimPrefix(msg, target+": ")
	if i := strings.Index(msg, " — "); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

// split resolves a guardrail object "schema.table[.rest]" against the
// snapshot's names (which may hold dots).
func split(s *snapshot.Snapshot, object string) (sc, table, rest string) {
	for _, x := range s.Schemas {
		if x == nil || x.Tbls == nil || !strings.HasPrefix(object, x.Name+".") || len(x.Name) <= len(sc) {
			continue
		}
		after := object[len(x.Name)+1:]
		best := ""
		for _, t := range x.Tbls.Tables {
			if (after == t.Name || strings.HasPrefix(after, t.Name+".")) && len(t.Name) > len(best) {
				best = t.Name
			}
		}
		if best != "" {
			sc, table, rest = x.Name, best, strings.TrimPrefix(strings.TrimPrefix(after, best), ".")
		}
	}
	return sc, table, rest
}

// schemaAnomalies are the checks guardrail has no rule for.
func schemaAnomalies(sc *snapshot.Schema) []Anomaly {
	var out []Anomaly
	ix := schemaindex.New(sc.Tbls)
	related := map[*schema.Table]bool{}
	for _, r := range sc.Tbls.Relations {
		related[r.Table], related[r.ParentTable] = true, true
	}
	for _, t := range sc.Tbls.Tables {
		if t == nil {
			continue
		}
		if strings.EqualFold(t.Type, "VIEW") {
			if len(t.Columns) == 0 {
				out = append(out, Anomaly{Kind: UnresolvedView, Schema: sc.Name, Table: t.Name, Detail: "view " + sc.Name + "." + t.Name + " has no columns the crawl could read"})
			}
			continue
		}
		if !isBase(t) {
			continue
		}
		if len(sc.Tbls.Relations) > 0 && !related[t] {
			out = append(out, Anomaly{Kind: Orphan, Schema: sc.Name, Table: t.Name, Detail: "table " + sc.Name + "." + t.Name + " neither references nor is referenced by another table"})
		}
		pk, fk := keys.Columns(ix, t)
		for _, c := range t.Columns {
			n := strings.ToLower(c.Name)
			if strings.HasSuffix(n, "_id") && n != "_id" && !fk[c.Name] && !(pk[c.Name] && len(pk) == 1) {
				out = append(out, Anomaly{Kind: IDWithoutFK, Schema: sc.Name, Table: t.Name, Column: c.Name,
					Detail: "column " + sc.Name + "." + t.Name + "." + c.Name + " looks like a reference but has no foreign key"})
			}
		}
		nullable := map[string]bool{}
		for _, c := range t.Columns {
			nullable[c.Name] = c.Nullable
		}
		for _, ix := range t.Indexes {
			if ix == nil || !strings.Contains(strings.ToUpper(ix.Def), "UNIQUE") {
				continue
			}
			for _, col := range ix.Columns {
				if nullable[col] {
					out = append(out, Anomaly{Kind: NullableUnique, Schema: sc.Name, Table: t.Name, Column: col,
						Detail: "column " + col + " of unique key " + ix.Name + " allows NULL"})
				}
			}
		}
	}
	return out
}

func isBase(t *schema.Table) bool {
	switch strings.ToUpper(t.Type) {
	case "BASE TABLE", "SYSTEM VERSIONED":
		return true
	}
	return false
}

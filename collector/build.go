package collector

import (
	"fmt"
	"sort"
	"strings"

	"github.com/k1LoW/tbls/ddl"
	"github.com/k1LoW/tbls/dict"
	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/flavor"
)

// raw holds what the bulk queries returned for all schemas of a server.
type raw struct {
	tables      []tableRow
	columns     map[tableKey][]columnRow
	indexes     map[tableKey][]indexRow
	constraints map[tableKey][]constraintRow
	checks      map[checkKey]string
	triggers    map[tableKey][]triggerRow
	views       map[tableKey]string
	referential map[tableKey][]fkActions
	routines    []routineRow
	params      map[paramKey][]string
	ddl         map[tableKey]ddlResult
	privs       privileges
}

// driverInfo is what tbls' MySQL driver reports for the server.
func driverInfo(f flavor.Flavor) *schema.Driver {
	d := dict.New()
	d.Merge(map[string]string{"Functions": "Stored procedures and functions"})
	return &schema.Driver{Name: f.Name(), DatabaseVersion: f.Version, Meta: &schema.DriverMeta{Dict: &d}}
}

// buildSchema assembles the tbls model of one schema from the bulk query
// results, in the same shape tbls' MySQL driver produces, with every list
// in a deterministic order.
func buildSchema(name string, r *raw, f flavor.Flavor, driver *schema.Driver) (*schema.Schema, []string, error) {
	s := &schema.Schema{Name: name, Driver: driver}
	var warnings []string
	tableMap := map[string]*schema.Table{}
	for _, tr := range r.tables {
		if tr.schema != name {
			continue
		}
		k := tableKey{name, tr.name}
		t := &schema.Table{Name: tr.name, Type: tr.typ, Comment: tr.comment}
		if tr.typ == "VIEW" && viewInvalid(tr.comment) {
			t.Comment = "VIEW" // the server's message is kept as TableInfo.Invalid
		}
		if d, ok := r.ddl[k]; ok {
			if d.missing {
				warnings = append(warnings, d.warning)
				continue
			}
			if d.warning != "" {
				warnings = append(warnings, d.warning)
			}
			t.Def = StripAutoIncrement(d.def)
		}
		if tr.typ == "VIEW" {
			if w := unresolvedView(name, tr, len(r.columns[k])); w != "" {
				// The server's error text is not a comment: say it in a
				// warning instead, and keep the comment every view has
				// ("VIEW"), so a view that breaks or cannot be read is not
				// also a comment change in drift.
				warnings = append(warnings, w)
				t.Comment = "VIEW"
			}
			body, ok := r.views[k]
			if !ok || body == "" {
				warnings = append(warnings, fmt.Sprintf("%s.%s: view definition not visible to this user (grant SHOW VIEW)", name, tr.name))
			} else {
				t.Def = fmt.Sprintf("CREATE VIEW %s AS (%s)", tr.name, body)
			}
		}
		for _, c := range r.columns[k] {
			t.Columns = append(t.Columns, buildColumn(c))
		}
		t.Indexes = buildIndexes(k, r.indexes[k])
		t.Constraints = buildConstraints(k, r.constraints[k], r.checks, f)
		for _, tg := range r.triggers[k] {
			t.Triggers = append(t.Triggers, &schema.Trigger{
				Name: tg.name,
				Def: fmt.Sprintf("CREATE TRIGGER %s %s %s ON %s\nFOR EACH %s\n%s",
					tg.name, tg.timing, tg.event, tg.key.table, tg.orientation, tg.statement),
			})
		}
		sort.SliceStable(t.Triggers, func(i, j int) bool { return t.Triggers[i].Name < t.Triggers[j].Name })
		s.Tables = append(s.Tables, t)
		tableMap[t.Name] = t
	}
	sort.SliceStable(s.Tables, func(i, j int) bool { return s.Tables[i].Name < s.Tables[j].Name })

	if err := buildRelations(s, tableMap); err != nil {
		return nil, nil, err
	}
	markPKFK(s)
	buildViewReferences(s)
	s.Functions = buildFunctions(name, r.routines, r.params)
	return s, warnings, nil
}

// unresolvedView returns a warning when the server could not resolve a
// view for the crawl user: information_schema.TABLES then reports the
// error as the view's TABLE_COMMENT ("execute command denied to user …
// for routine …", "View … references invalid table(s) or column(s) or
// function(s) or definer/invoker of view lack rights to use them") and
// COLUMNS has no row for it. A view has no comment of its own (the
// server says "VIEW" or nothing), so any other text is such an error.
func unresolvedView(schemaName string, tr tableRow, columns int) string {
	c := strings.TrimSpace(tr.comment)
	if (c == "" || strings.EqualFold(c, "VIEW")) && columns > 0 {
		return ""
	}
	why := c
	if why == "" || strings.EqualFold(why, "VIEW") {
		why = "the server reported none"
	}
	return fmt.Sprintf("%s.%s: view columns could not be read: %s (the crawl user needs EXECUTE on the functions the view calls and SELECT on its tables, see docs/grants.md)", schemaName, tr.name, why)
}

func buildColumn(c columnRow) *schema.Column {
	extra := c.extra
	if c.genExpr != "" {
		switch extra {
		case "VIRTUAL GENERATED":
			extra = fmt.Sprintf("GENERATED ALWAYS AS %s VIRTUAL", c.genExpr)
		case "STORED GENERATED":
			extra = fmt.Sprintf("GENERATED ALWAYS AS %s STORED", c.genExpr)
		default:
			extra = fmt.Sprintf("%s:%s", extra, c.genExpr)
		}
	}
	return &schema.Column{
		Name:     c.name,
		Type:     c.typ,
		Nullable: c.nullable != "NO",
		Default:  c.def,
		Comment:  c.comment,
		ExtraDef: extra,
	}
}

func buildIndexes(k tableKey, rows []indexRow) []*schema.Index {
	type acc struct {
		row  indexRow
		cols []string
	}
	var order []string
	byName := map[string]*acc{}
	for _, r := range rows {
		a, ok := byName[r.name]
		if !ok {
			a = &acc{row: r}
			byName[r.name] = a
			order = append(order, r.name)
		}
		a.cols = append(a.cols, r.column)
	}
	sort.Strings(order)
	var out []*schema.Index
	for _, name := range order {
		a := byName[name]
		cols := strings.Join(a.cols, ", ")
		var def string
		switch {
		case name == "PRIMARY" && !a.row.nonUnique:
			def = fmt.Sprintf("PRIMARY KEY (%s) USING %s", cols, a.row.typ)
		case !a.row.nonUnique:
			def = fmt.Sprintf("UNIQUE KEY %s (%s) USING %s", name, cols, a.row.typ)
		default:
			def = fmt.Sprintf("KEY %s (%s) USING %s", name, cols, a.row.typ)
		}
		table := k.table
		out = append(out, &schema.Index{Name: name, Def: def, Table: &table, Columns: a.cols})
	}
	return out
}

func buildConstraints(k tableKey, rows []constraintRow, checks map[checkKey]string, f flavor.Flavor) []*schema.Constraint {
	type acc struct {
		row           constraintRow
		cols, refCols []string
	}
	var order []string
	byName := map[string]*acc{}
	for _, r := range rows {
		id := r.typ + "\x00" + r.name
		a, ok := byName[id]
		if !ok {
			a = &acc{row: r}
			byName[id] = a
			order = append(order, id)
		}
		if r.column.Valid {
			a.cols = append(a.cols, r.column.String)
		}
		if r.refColumn.Valid {
			a.refCols = append(a.refCols, r.refColumn.String)
		}
	}
	var out []*schema.Constraint
	for _, id := range order {
		a := byName[id]
		table := k.table
		c := &schema.Constraint{Name: a.row.name, Type: a.row.typ, Table: &table}
		cols := strings.Join(a.cols, ", ")
		switch a.row.typ {
		case "PRIMARY KEY":
			c.Def = fmt.Sprintf("PRIMARY KEY (%s)", cols)
			c.Columns = a.cols
		case "UNIQUE":
			c.Def = fmt.Sprintf("UNIQUE KEY %s (%s)", a.row.name, cols)
			c.Columns = a.cols
		case "FOREIGN KEY":
			ref := a.row.refTable.String
			if a.row.refSchema.String != k.schema {
				ref = a.row.refSchema.String + "." + ref
			}
			c.Def = fmt.Sprintf("FOREIGN KEY (%s) REFERENCES %s (%s)", cols, ref, strings.Join(a.refCols, ", "))
			c.Columns = a.cols
			c.ReferencedTable = &ref
			c.ReferencedColumns = a.refCols
		case "CHECK":
			ck := checkKey{k.schema, "", a.row.name}
			if f.ChecksScopedToTable() {
				ck.table = k.table
			}
			clause, ok := checks[ck]
			if !ok {
				continue // not visible, or not a CHECK this server reports
			}
			c.Def = fmt.Sprintf("CHECK (%s)", clause)
		default:
			continue
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Type < out[j].Type
	})
	return out
}

// buildRelations makes one relation per FOREIGN KEY constraint. A parent
// in another schema becomes an External table named "schema.table" with
// placeholder columns, as tbls does.
func buildRelations(s *schema.Schema, tableMap map[string]*schema.Table) error {
	for _, t := range s.Tables {
		for _, c := range t.Constraints {
			if c.Type != schema.TypeFK {
				continue
			}
			r := &schema.Relation{Table: t, Def: c.Def}
			for _, name := range c.Columns {
				col, err := t.FindColumnByName(name)
				if err != nil {
					return fmt.Errorf("relation %s of %s.%s: %w", c.Name, s.Name, t.Name, err)
				}
				r.Columns = append(r.Columns, col)
				col.ParentRelations = append(col.ParentRelations, r)
			}
			parent, ok := tableMap[*c.ReferencedTable]
			if !ok {
				parent = &schema.Table{Name: *c.ReferencedTable, External: true}
				for _, name := range c.ReferencedColumns {
					r.ParentColumns = append(r.ParentColumns, &schema.Column{Name: name})
				}
			} else {
				for _, name := range c.ReferencedColumns {
					col, err := parent.FindColumnByName(name)
					if err != nil {
						return fmt.Errorf("relation %s of %s.%s: parent %w", c.Name, s.Name, t.Name, err)
					}
					r.ParentColumns = append(r.ParentColumns, col)
					col.ChildRelations = append(col.ChildRelations, r)
				}
			}
			r.ParentTable = parent
			r.Cardinality, r.ParentCardinality = cardinality(r)
			s.Relations = append(s.Relations, r)
		}
	}
	sort.SliceStable(s.Relations, func(i, j int) bool {
		a, b := s.Relations[i], s.Relations[j]
		if a.Table.Name != b.Table.Name {
			return a.Table.Name < b.Table.Name
		}
		return a.Def < b.Def
	})
	return nil
}

// cardinality follows tbls: the child side is zero_or_one when the FK
// columns are exactly a PRIMARY KEY or UNIQUE constraint of the child
// (a 1:1 relation), else zero_or_more; the parent side is exactly_one when
// any FK column is NOT NULL, else zero_or_one.
func cardinality(r *schema.Relation) (child, parent schema.Cardinality) {
	fk := map[string]bool{}
	for _, c := range r.Columns {
		fk[c.Name] = true
	}
	child = schema.ZeroOrMore
	for _, c := range r.Table.Constraints {
		if c.Type != "PRIMARY KEY" && c.Type != "UNIQUE" || len(c.Columns) != len(fk) {
			continue
		}
		all := true
		for _, name := range c.Columns {
			all = all && fk[name]
		}
		if all {
			child = schema.ZeroOrOne
		}
	}
	parent = schema.ZeroOrOne
	for _, c := range r.Columns {
		if !c.Nullable {
			parent = schema.ExactlyOne
		}
	}
	return child, parent
}

// markPKFK sets the PK and FK flags on columns, as tbls does after
// analysis (they are not part of the JSON format).
func markPKFK(s *schema.Schema) {
	for _, t := range s.Tables {
		for _, ix := range t.Indexes {
			if ix.Name != "PRIMARY" {
				continue
			}
			for _, name := range ix.Columns {
				if c, err := t.FindColumnByName(name); err == nil {
					c.PK = true
				}
			}
		}
		for _, c := range t.Columns {
			c.FK = len(c.ParentRelations) > 0 && !c.PK
		}
	}
}

// buildViewReferences lists the tables a view reads from, parsed from its
// definition with tbls' own parser.
func buildViewReferences(s *schema.Schema) {
	for _, t := range s.Tables {
		if t.Type != "VIEW" || t.Def == "" {
			continue
		}
		for _, name := range ddl.ParseReferencedTables(t.Def) {
			rt, err := s.FindTableByName(strings.TrimPrefix(name, s.Name+"."))
			if err != nil {
				rt = &schema.Table{Name: name, External: true}
			}
			t.ReferencedTables = append(t.ReferencedTables, rt)
		}
	}
}

// buildFunctions lists the routines of one schema (tbls lists those of
// every schema of the server in each schema; auroradoc does not).
func buildFunctions(name string, routines []routineRow, params map[paramKey][]string) []*schema.Function {
	var out []*schema.Function
	for _, r := range routines {
		if r.schema != name {
			continue
		}
		out = append(out, &schema.Function{
			Name:       r.name,
			Type:       r.typ,
			ReturnType: r.returnType,
			Arguments:  strings.Join(params[paramKey{r.schema, r.specific, r.typ}], "; "),
		})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].Arguments < out[j].Arguments
	})
	return out
}

package drift

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/k1LoW/tbls/schema"
)

// compareSchemas reports schemas added and removed, and the changes inside
// the schemas both snapshots have.
//
// Object names join identifiers with dots ("schema.table.column") exactly
// as they are; identifiers may themselves hold dots, backticks or markup,
// and escaping is the renderers' business.
//
// The details a snapshot records since format version 2 (foreign key
// actions, column collations, partitioning, view validity, routine
// bodies) are compared only when both snapshots record them: in an older
// snapshot they are unknown, not empty.
func compareSchemas(c *collector, from, to *snapshot.Snapshot) {
	details := from.HasDetails() && to.HasDetails()
	old := make(map[string]*snapshot.Schema, len(from.Schemas))
	for _, s := range from.Schemas {
		old[s.Name] = s
	}
	cur := make(map[string]bool, len(to.Schemas))
	for _, ts := range to.Schemas {
		cur[ts.Name] = true
		fs := old[ts.Name]
		if fs == nil {
			c.addf(Finding{Kind: KindSchema, Change: Added, ObjectType: "schema", Object: ts.Name},
				fmt.Sprintf("schema %s added (%s)", ts.Name, plural(len(tblsTables(ts)), "table")))
			continue
		}
		compareSchema(c, fs, ts, details)
	}
	for _, fs := range from.Schemas {
		if !cur[fs.Name] {
			c.addf(Finding{Kind: KindSchema, Change: Removed, ObjectType: "schema", Object: fs.Name},
				fmt.Sprintf("schema %s removed (had %s)", fs.Name, plural(len(tblsTables(fs)), "table")))
		}
	}
}

func tblsTables(s *snapshot.Schema) []*schema.Table {
	if s.Tbls == nil {
		return nil
	}
	return s.Tbls.Tables
}

func tblsRoutines(s *snapshot.Schema) []*schema.Function {
	if s.Tbls == nil {
		return nil
	}
	return s.Tbls.Functions
}

// compareSchema compares two versions of one schema: its character set
// and collation, its tables and views, and its routines. A table that
// disappeared while another of the same kind appeared with the same
// definition under the new name is reported as renamed.
func compareSchema(c *collector, fs, ts *snapshot.Schema, details bool) {
	for _, a := range []struct{ field, from, to string }{
		{"character_set", fs.CharacterSet, ts.CharacterSet},
		{"collation", fs.Collation, ts.Collation},
	} {
		if a.from != a.to {
			c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "schema", Object: ts.Name, Field: a.field, From: a.from, To: a.to},
				fmt.Sprintf("schema %s %s changed %s → %s", ts.Name, a.field, show(a.from), show(a.to)))
		}
	}

	old := map[string]*schema.Table{}
	for _, t := range tblsTables(fs) {
		if t != nil {
			old[t.Name] = t
		}
	}
	cur := map[string]bool{}
	for _, tt := range tblsTables(ts) {
		if tt != nil {
			cur[tt.Name] = true
		}
	}
	var gone []*schema.Table
	for _, ft := range tblsTables(fs) {
		if ft != nil && !cur[ft.Name] {
			gone = append(gone, ft)
		}
	}
	fi, ti := tableInfos(fs), tableInfos(ts)
	for _, tt := range tblsTables(ts) {
		if tt == nil {
			continue
		}
		obj := ts.Name + "." + tt.Name
		ft := old[tt.Name]
		if ft == nil {
			if i := renamedFrom(gone, tt); i >= 0 {
				was := gone[i]
				gone = slices.Delete(gone, i, i+1)
				c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: tableKind(tt), Object: obj, Field: "name", From: was.Name, To: tt.Name},
					fmt.Sprintf("%s %s.%s renamed to %s", tableKind(tt), ts.Name, was.Name, show(tt.Name)))
				compareTable(c, obj, asRenamed(was, tt.Name), tt, fi[was.Name], ti[tt.Name], details)
				continue
			}
			c.addf(Finding{Kind: KindSchema, Change: Added, ObjectType: tableKind(tt), Object: obj},
				fmt.Sprintf("%s %s added", tableKind(tt), obj))
			continue
		}
		compareTable(c, obj, ft, tt, fi[ft.Name], ti[tt.Name], details)
	}
	for _, ft := range gone {
		obj := fs.Name + "." + ft.Name
		c.addf(Finding{Kind: KindSchema, Change: Removed, ObjectType: tableKind(ft), Object: obj},
			fmt.Sprintf("%s %s removed", tableKind(ft), obj))
	}
	compareRoutines(c, ts.Name, tblsRoutines(fs), tblsRoutines(ts))
	if details {
		compareRoutineDetails(c, ts.Name, fs.Routines, ts.Routines)
	}
}

// tableKind is "view" for views and "table" for everything else.
func tableKind(t *schema.Table) string {
	if strings.Contains(strings.ToUpper(t.Type), "VIEW") {
		return "view"
	}
	return "table"
}

// compareTable compares two versions of one table or view (obj is
// "schema.table"). Tables are compared column by column, index by index,
// constraint by constraint and trigger by trigger (by name), plus their
// comment and table options (fi and ti, nil when a snapshot has none); a
// view by its definition, comment and validity only, since its columns
// follow from the definition and the tables under it.
//
// One change is reported once: a table's DDL diff is the detail of its
// structured findings (carried by the first of them), not a finding of its
// own. Only when the DDL differs and nothing else was found (a change
// auroradoc does not model, such as an index comment) is the diff reported
// as a "definition" finding.
func compareTable(c *collector, obj string, ft, tt *schema.Table, fi, ti *snapshot.TableInfo, details bool) {
	kind := tableKind(tt)
	first := len(c.out)
	if ft.Type != tt.Type {
		c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: kind, Object: obj, Field: "type", From: ft.Type, To: tt.Type},
			fmt.Sprintf("%s %s type changed %s → %s", kind, obj, show(ft.Type), show(tt.Type)))
	}
	if ft.Comment != tt.Comment {
		c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: kind, Object: obj, Field: "comment", From: ft.Comment, To: tt.Comment},
			fmt.Sprintf("%s %s comment changed %s → %s", kind, obj, show(ft.Comment), show(tt.Comment)))
	}
	isTable := kind == "table" && tableKind(ft) == "table"
	if isTable {
		compareColumns(c, obj, ft.Columns, tt.Columns)
		compareNamed(c, "index", obj, indexDefs(ft.Indexes), indexDefs(tt.Indexes))
		compareNamed(c, "constraint", obj, constraintDefs(ft.Constraints), constraintDefs(tt.Constraints))
		compareNamed(c, "trigger", obj, triggerDefs(ft.Triggers), triggerDefs(tt.Triggers))
	}
	if fi != nil && ti != nil {
		if isTable {
			compareTableOptions(c, obj, fi, ti, details)
		}
		if details {
			compareTableDetails(c, obj, kind, fi, ti)
		}
	}
	if ft.Def == tt.Def {
		return
	}
	d := unifiedDiff("a/"+obj, "b/"+obj, ft.Def, tt.Def, 3)
	if isTable {
		for i := first; i < len(c.out); i++ {
			if c.out[i].Detail == "" {
				c.out[i].Detail = d
				return
			}
		}
	}
	add, del := diffStat(d)
	c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: kind, Object: obj, Field: "definition", Detail: d},
		fmt.Sprintf("%s %s definition changed (+%d −%d lines)", kind, obj, add, del))
}

// diffStat counts the added and removed lines of a unified diff.
func diffStat(d string) (add, del int) {
	for _, l := range strings.Split(d, "\n") {
		switch {
		case strings.HasPrefix(l, "+++ "), strings.HasPrefix(l, "--- "):
		case strings.HasPrefix(l, "+"):
			add++
		case strings.HasPrefix(l, "-"):
			del++
		}
	}
	return add, del
}

// compareColumns compares columns by name: type, nullability, default,
// extra definition (auto_increment, on update …, generated) and comment.
func compareColumns(c *collector, table string, from, to []*schema.Column) {
	if slices.EqualFunc(from, to, sameColumn) {
		return // the usual case, without building maps
	}
	old := make(map[string]*schema.Column, len(from))
	for _, col := range from {
		if col != nil {
			old[col.Name] = col
		}
	}
	cur := make(map[string]bool, len(to))
	for _, tc := range to {
		if tc != nil {
			cur[tc.Name] = true
		}
	}
	renamed := columnRenames(from, to, old, cur)
	for _, tc := range to {
		if tc == nil {
			continue
		}
		fc := old[tc.Name]
		if fc == nil {
			obj := table + "." + tc.Name
			if was, ok := renamed[tc.Name]; ok {
				c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "column", Object: obj, Field: "name", From: was, To: tc.Name},
					fmt.Sprintf("column %s.%s renamed to %s", table, was, show(tc.Name)))
				continue
			}
			c.addf(Finding{Kind: KindSchema, Change: Added, ObjectType: "column", Object: obj, To: tc.Type},
				fmt.Sprintf("column %s added: %s", obj, show(tc.Type)))
			continue
		}
		if sameColumn(fc, tc) {
			continue
		}
		obj := table + "." + tc.Name
		changed := func(field, from, to, showFrom, showTo string) {
			c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "column", Object: obj, Field: field, From: from, To: to},
				fmt.Sprintf("column %s %s changed %s → %s", obj, field, showFrom, showTo))
		}
		if fc.Type != tc.Type {
			changed("type", fc.Type, tc.Type, show(fc.Type), show(tc.Type))
		}
		if fc.Nullable != tc.Nullable {
			changed("nullable", strconv.FormatBool(fc.Nullable), strconv.FormatBool(tc.Nullable), nullability(fc.Nullable), nullability(tc.Nullable))
		}
		if fc.Default != tc.Default && !impliedDefault(fc, tc) {
			changed("default", defaultValue(fc.Default), defaultValue(tc.Default), showDefault(fc.Default), showDefault(tc.Default))
		}
		if fc.ExtraDef != tc.ExtraDef {
			changed("extra_def", fc.ExtraDef, tc.ExtraDef, show(fc.ExtraDef), show(tc.ExtraDef))
		}
		if fc.Comment != tc.Comment {
			changed("comment", fc.Comment, tc.Comment, show(fc.Comment), show(tc.Comment))
		}
	}
	wasRenamed := make(map[string]bool, len(renamed))
	for _, was := range renamed {
		wasRenamed[was] = true
	}
	for _, fc := range from {
		if fc != nil && !cur[fc.Name] && !wasRenamed[fc.Name] {
			obj := table + "." + fc.Name
			c.addf(Finding{Kind: KindSchema, Change: Removed, ObjectType: "column", Object: obj, From: fc.Type},
				fmt.Sprintf("column %s removed, was %s", obj, show(fc.Type)))
		}
	}
	columnMoves(c, table, from, to, renamed)
}

// impliedDefault reports whether a default change only follows a
// nullability change: a nullable column without a DEFAULT clause defaults
// to NULL (MariaDB reports it as "NULL"), a NOT NULL one has none.
func impliedDefault(fc, tc *schema.Column) bool {
	if fc.Nullable == tc.Nullable {
		return false
	}
	isNull := func(d sql.NullString) bool { return d.Valid && d.String == "NULL" }
	return (!fc.Default.Valid && isNull(tc.Default)) || (isNull(fc.Default) && !tc.Default.Valid)
}

// sameColumn reports whether two columns have the same name and compared
// attributes.
func sameColumn(a, b *schema.Column) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Name == b.Name && a.Type == b.Type && a.Nullable == b.Nullable && a.Default == b.Default &&
		a.ExtraDef == b.ExtraDef && a.Comment == b.Comment
}

func nullability(null bool) string {
	if null {
		return "NULL"
	}
	return "NOT NULL"
}

func defaultValue(d sql.NullString) string {
	if !d.Valid {
		return ""
	}
	return d.String
}

func showDefault(d sql.NullString) string {
	if !d.Valid {
		return "(none)"
	}
	return show(d.String)
}

// named is an index, constraint or trigger: a name and its definition.
type named struct{ name, def string }

func indexDefs(xs []*schema.Index) []named {
	out := make([]named, 0, len(xs))
	for _, x := range xs {
		if x != nil {
			out = append(out, named{x.Name, x.Def})
		}
	}
	return out
}

func constraintDefs(xs []*schema.Constraint) []named {
	out := make([]named, 0, len(xs))
	for _, x := range xs {
		if x != nil {
			out = append(out, named{x.Name, x.Def})
		}
	}
	return out
}

func triggerDefs(xs []*schema.Trigger) []named {
	out := make([]named, 0, len(xs))
	for _, x := range xs {
		if x != nil {
			out = append(out, named{x.Name, x.Def})
		}
	}
	return out
}

// compareNamed compares indexes, constraints or triggers of one table by
// name and definition; one that vanished while another appeared with the
// same definition under the new name (RENAME INDEX) is reported as renamed. A definition is not shown in the message (a
// trigger's runs over many lines); From and To hold it.
func compareNamed(c *collector, objectType, table string, from, to []named) {
	if slices.Equal(from, to) {
		return
	}
	old := make(map[string]string, len(from))
	for _, x := range from {
		old[x.name] = x.def
	}
	cur := make(map[string]bool, len(to))
	for _, x := range to {
		cur[x.name] = true
	}
	renamed := map[string]bool{} // old names
	for _, x := range to {
		obj := table + "." + x.name
		def, ok := old[x.name]
		switch {
		case !ok:
			if was := namedRenamedFrom(from, cur, renamed, x); was != "" {
				renamed[was] = true
				c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: objectType, Object: obj, Field: "name", From: was, To: x.name},
					fmt.Sprintf("%s %s.%s renamed to %s", objectType, table, was, show(x.name)))
				continue
			}
			c.addf(Finding{Kind: KindSchema, Change: Added, ObjectType: objectType, Object: obj, To: x.def},
				fmt.Sprintf("%s %s added", objectType, obj))
		case def != x.def:
			c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: objectType, Object: obj, Field: "definition", From: def, To: x.def},
				fmt.Sprintf("%s %s definition changed", objectType, obj))
		}
	}
	for _, x := range from {
		if !cur[x.name] && !renamed[x.name] {
			c.addf(Finding{Kind: KindSchema, Change: Removed, ObjectType: objectType, Object: table + "." + x.name, From: x.def},
				fmt.Sprintf("%s %s removed", objectType, table+"."+x.name))
		}
	}
}

// compareRoutines compares stored functions and procedures by type and
// name: their arguments and return type (tbls keeps no body).
func compareRoutines(c *collector, schemaName string, from, to []*schema.Function) {
	type key struct{ typ, name string }
	old := make(map[key]*schema.Function, len(from))
	for _, r := range from {
		if r != nil {
			old[key{r.Type, r.Name}] = r
		}
	}
	cur := make(map[key]bool, len(to))
	for _, tr := range to {
		if tr == nil {
			continue
		}
		k := key{tr.Type, tr.Name}
		cur[k] = true
		obj := schemaName + "." + tr.Name
		label := strings.ToLower(tr.Type)
		if label == "" {
			label = "routine"
		}
		fr := old[k]
		if fr == nil {
			c.addf(Finding{Kind: KindSchema, Change: Added, ObjectType: "routine", Object: obj, To: tr.Arguments},
				fmt.Sprintf("%s %s(%s) added", label, obj, tr.Arguments))
			continue
		}
		for _, a := range []struct{ field, from, to string }{
			{"arguments", fr.Arguments, tr.Arguments},
			{"return_type", fr.ReturnType, tr.ReturnType},
		} {
			if a.from != a.to {
				c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "routine", Object: obj, Field: a.field, From: a.from, To: a.to},
					fmt.Sprintf("%s %s %s changed %s → %s", label, obj, a.field, show(a.from), show(a.to)))
			}
		}
	}
	for _, fr := range from {
		if fr != nil && !cur[key{fr.Type, fr.Name}] {
			label := strings.ToLower(fr.Type)
			if label == "" {
				label = "routine"
			}
			c.addf(Finding{Kind: KindSchema, Change: Removed, ObjectType: "routine", Object: schemaName + "." + fr.Name, From: fr.Arguments},
				fmt.Sprintf("%s %s(%s) removed", label, schemaName+"."+fr.Name, fr.Arguments))
		}
	}
}

// plural writes n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// namedRenamedFrom returns the name of the index, constraint or trigger x
// was renamed from: one of from that is gone, not yet paired, whose
// definition with x's name in place of its own is x's. "" when none.
func namedRenamedFrom(from []named, cur, taken map[string]bool, x named) string {
	for _, f := range from {
		if cur[f.name] || taken[f.name] || f.name == "" {
			continue
		}
		if strings.Replace(f.def, f.name, x.name, 1) == x.def {
			return f.name
		}
	}
	return ""
}

package drift

import (
	"fmt"
	"slices"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// tableInfos indexes a schema's table facts by table name.
func tableInfos(s *snapshot.Schema) map[string]*snapshot.TableInfo {
	out := make(map[string]*snapshot.TableInfo, len(s.Tables))
	for _, t := range s.Tables {
		if t != nil {
			out[t.Name] = t
		}
	}
	return out
}

// quoteIdent quotes a name as SHOW CREATE TABLE does.
func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// renamedDef is def (a table's or view's DDL) with the object's name
// changed from old to name, as a RENAME TABLE would write it.
func renamedDef(def, old, name string) string {
	if r := strings.Replace(def, "CREATE TABLE "+quoteIdent(old)+" (", "CREATE TABLE "+quoteIdent(name)+" (", 1); r != def {
		return r
	}
	return strings.Replace(def, "CREATE VIEW "+old+" AS (", "CREATE VIEW "+name+" AS (", 1)
}

// renamedFrom returns the index in gone of the table or view tt was
// renamed from: one of the same kind whose definition, with the name
// changed, is tt's. -1 when there is none.
func renamedFrom(gone []*schema.Table, tt *schema.Table) int {
	if tt.Def == "" {
		return -1
	}
	for i, ft := range gone {
		if tableKind(ft) == tableKind(tt) && ft.Def != "" && renamedDef(ft.Def, ft.Name, tt.Name) == tt.Def {
			return i
		}
	}
	return -1
}

// asRenamed is a copy of t as it would read under the new name: its DDL
// and its triggers' "ON <table>" changed, so that comparing it with the
// renamed table reports only what else changed.
func asRenamed(t *schema.Table, name string) *schema.Table {
	r := *t
	r.Name = name
	r.Def = renamedDef(t.Def, t.Name, name)
	r.Triggers = make([]*schema.Trigger, 0, len(t.Triggers))
	for _, tg := range t.Triggers {
		if tg == nil {
			continue
		}
		cp := *tg
		cp.Def = strings.Replace(tg.Def, " ON "+t.Name+"\nFOR EACH ", " ON "+name+"\nFOR EACH ", 1)
		r.Triggers = append(r.Triggers, &cp)
	}
	return &r
}

// columnRenames pairs the new columns of a table with the vanished ones
// they were renamed from: same position, same attributes, another name
// (new name → old name).
func columnRenames(from, to []*schema.Column, old map[string]*schema.Column, cur map[string]bool) map[string]string {
	out := map[string]string{}
	for i, tc := range to {
		if tc == nil || old[tc.Name] != nil || i >= len(from) || from[i] == nil || cur[from[i].Name] {
			continue
		}
		fc := *from[i]
		fc.Name = tc.Name
		if sameColumn(&fc, tc) {
			out[tc.Name] = from[i].Name
		}
	}
	return out
}

// columnMoves reports the columns whose place among the other columns
// changed (MODIFY … AFTER, FIRST): the columns both versions have are put
// in their old and new orders, and those outside the longest common
// subsequence of the two moved.
func columnMoves(c *collector, table string, from, to []*schema.Column, renamed map[string]string) {
	newName := make(map[string]string, len(renamed))
	for n, o := range renamed {
		newName[o] = n
	}
	inTo := map[string]bool{}
	for _, tc := range to {
		if tc != nil {
			inTo[tc.Name] = true
		}
	}
	var a []string
	for _, fc := range from {
		if fc == nil {
			continue
		}
		n := fc.Name
		if r, ok := newName[n]; ok {
			n = r
		}
		if inTo[n] {
			a = append(a, n)
		}
	}
	inA := make(map[string]bool, len(a))
	for _, n := range a {
		inA[n] = true
	}
	var b []string
	for _, tc := range to {
		if tc != nil && inA[tc.Name] {
			b = append(b, tc.Name)
		}
	}
	if strings.Join(a, "\x00") == strings.Join(b, "\x00") {
		return
	}
	kept := commonOrder(a, b)
	for i, n := range b {
		if kept[n] {
			continue
		}
		place := "first"
		if i > 0 {
			place = "after " + b[i-1]
		}
		was := "first"
		for j, m := range a {
			if m == n && j > 0 {
				was = "after " + a[j-1]
			}
		}
		obj := table + "." + n
		c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "column", Object: obj, Field: "position", From: was, To: place},
			fmt.Sprintf("column %s moved: %s → %s", obj, show(was), show(place)))
	}
}

// commonOrder returns the members of a longest common subsequence of a and b
// (names are unique in each).
func commonOrder(a, b []string) map[string]bool {
	n, m := len(a), len(b)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	out := map[string]bool{}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out[a[i]] = true
			i++
			j++
		case dp[i+1][j] >= dp[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// otherOptions is CREATE_OPTIONS without what has a finding of its own
// (row_format=…, partitioned).
func otherOptions(opts string) string {
	var out []string
	for _, o := range strings.Fields(opts) {
		if o == "partitioned" || strings.HasPrefix(strings.ToLower(o), "row_format=") {
			continue
		}
		out = append(out, o)
	}
	return strings.Join(out, " ")
}

// rowFormatOption is the row_format=… create option (an explicit ROW_FORMAT), or "".
func rowFormatOption(opts string) string {
	for _, o := range strings.Fields(opts) {
		if strings.HasPrefix(strings.ToLower(o), "row_format=") {
			return strings.ToLower(o)
		}
	}
	return ""
}

// compareTableOptions compares a table's engine, default character set
// and collation, row format, other create options and (details only)
// partitioning. A value missing on one side (an older crawl) is not a
// change. With an engine change, a row format that only follows the
// engine (no explicit ROW_FORMAT) and the engine's own options are part of
// that change, named in its message, not findings of their own.
func compareTableOptions(c *collector, obj string, fi, ti *snapshot.TableInfo, details bool) {
	type opt struct{ field, label, from, to string }
	rowFormat := opt{"row_format", "row format", fi.RowFormat, ti.RowFormat}
	options := opt{"options", "options", otherOptions(fi.CreateOptions), otherOptions(ti.CreateOptions)}
	opts := []opt{{"collation", "character set/collation", fi.Collation, ti.Collation}, rowFormat, options}
	if fi.Engine != "" && ti.Engine != "" && fi.Engine != ti.Engine {
		// What the new engine brings by itself (its row format when none
		// was asked for, its own options such as Aria's transactional=1)
		// is part of the engine change: told in its message, not
		// reported again.
		msg := fmt.Sprintf("table %s engine changed %s → %s", obj, show(fi.Engine), show(ti.Engine))
		opts = opts[:1]
		if rowFormat.from != rowFormat.to {
			if rowFormatOption(fi.CreateOptions) != rowFormatOption(ti.CreateOptions) {
				opts = append(opts, rowFormat)
			} else {
				msg += fmt.Sprintf("; row format %s → %s", show(rowFormat.from), show(rowFormat.to))
			}
		}
		if options.from != options.to {
			msg += fmt.Sprintf("; options %s → %s", show(options.from), show(options.to))
		}
		c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "table", Object: obj, Field: "engine", From: fi.Engine, To: ti.Engine}, msg)
	}
	for _, o := range opts {
		if o.from == o.to || (o.field != "options" && (o.from == "" || o.to == "")) {
			continue
		}
		c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "table", Object: obj, Field: o.field, From: o.from, To: o.to},
			fmt.Sprintf("table %s %s changed %s → %s", obj, o.label, show(o.from), show(o.to)))
	}
	if details && fi.Partitioning != ti.Partitioning {
		var msg string
		switch {
		case fi.Partitioning == "":
			msg = fmt.Sprintf("table %s partitioned: %s", obj, show(ti.Partitioning))
		case ti.Partitioning == "":
			msg = fmt.Sprintf("table %s no longer partitioned (was %s)", obj, show(fi.Partitioning))
		default:
			msg = fmt.Sprintf("table %s partitioning changed %s → %s", obj, show(fi.Partitioning), show(ti.Partitioning))
		}
		c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "table", Object: obj, Field: "partitioning", From: fi.Partitioning, To: ti.Partitioning}, msg)
	}
}

// compareTableDetails compares what format version 2 records: a view's
// validity; a table's column collations and foreign key actions.
func compareTableDetails(c *collector, obj, kind string, fi, ti *snapshot.TableInfo) {
	if kind == "view" {
		switch {
		case fi.Invalid == "" && ti.Invalid != "":
			c.add(Finding{Kind: KindSchema, Change: Changed, ObjectType: "view", Object: obj, Field: "valid", From: "valid", To: "broken",
				Detail: ti.Invalid, Severity: SeverityHigh, Message: c.target + ": view " + obj + " broken: " + ti.Invalid})
		case fi.Invalid != "" && ti.Invalid == "":
			c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "view", Object: obj, Field: "valid", From: "broken", To: "valid"},
				fmt.Sprintf("view %s works again", obj))
		}
		return
	}
	compareColumnCollations(c, obj, fi.Columns, ti.Columns)
	compareForeignKeyActions(c, obj, fi.ForeignKeys, ti.ForeignKeys)
}

// compareColumnCollations reports the columns whose collation changed.
func compareColumnCollations(c *collector, obj string, from, to []*snapshot.ColumnInfo) {
	if slices.EqualFunc(from, to, func(a, b *snapshot.ColumnInfo) bool { return a == b || a != nil && b != nil && *a == *b }) {
		return // the usual case, without a map
	}
	old := make(map[string]*snapshot.ColumnInfo, len(from))
	for _, col := range from {
		if col != nil {
			old[col.Name] = col
		}
	}
	for _, tc := range to {
		if tc == nil {
			continue
		}
		fc := old[tc.Name]
		if fc == nil || fc.Collation == tc.Collation || fc.Collation == "" || tc.Collation == "" {
			continue
		}
		o := obj + "." + tc.Name
		c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "column", Object: o, Field: "collation", From: fc.Collation, To: tc.Collation},
			fmt.Sprintf("column %s character set/collation changed %s → %s", o, charsetCollation(fc), charsetCollation(tc)))
	}
}

// compareForeignKeyActions reports changed ON DELETE / ON UPDATE actions
// of the foreign keys both versions have.
func compareForeignKeyActions(c *collector, obj string, from, to []*snapshot.ForeignKeyInfo) {
	if slices.EqualFunc(from, to, func(a, b *snapshot.ForeignKeyInfo) bool { return a == b || a != nil && b != nil && *a == *b }) {
		return
	}
	fks := make(map[string]*snapshot.ForeignKeyInfo, len(from))
	for _, fk := range from {
		if fk != nil {
			fks[fk.Name] = fk
		}
	}
	for _, tk := range to {
		if tk == nil {
			continue
		}
		fk := fks[tk.Name]
		if fk == nil {
			continue
		}
		o := obj + "." + tk.Name
		for _, a := range []struct{ field, label, from, to string }{
			{"on_delete", "ON DELETE", fk.OnDelete, tk.OnDelete},
			{"on_update", "ON UPDATE", fk.OnUpdate, tk.OnUpdate},
		} {
			if a.from != a.to {
				c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "constraint", Object: o, Field: a.field, From: a.from, To: a.to},
					fmt.Sprintf("constraint %s %s changed %s → %s", o, a.label, show(a.from), show(a.to)))
			}
		}
	}
}

func charsetCollation(c *snapshot.ColumnInfo) string {
	if c.CharacterSet == "" {
		return show(c.Collation)
	}
	return show(c.CharacterSet) + " (" + c.Collation + ")"
}

// compareRoutineDetails compares the bodies (a unified diff in Detail),
// characteristics and comments of the routines both versions have.
// Bodies the crawl user could not see are not compared.
func compareRoutineDetails(c *collector, schemaName string, from, to []*snapshot.RoutineInfo) {
	type key struct{ typ, name string }
	old := make(map[key]*snapshot.RoutineInfo, len(from))
	for _, r := range from {
		if r != nil {
			old[key{r.Type, r.Name}] = r
		}
	}
	for _, tr := range to {
		if tr == nil {
			continue
		}
		fr := old[key{tr.Type, tr.Name}]
		if fr == nil {
			continue
		}
		obj := schemaName + "." + tr.Name
		label := strings.ToLower(tr.Type)
		if !fr.Hidden && !tr.Hidden && fr.Body != tr.Body {
			d := unifiedDiff("a/"+obj, "b/"+obj, fr.Body, tr.Body, 3)
			add, del := diffStat(d)
			c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "routine", Object: obj, Field: "body", Detail: d},
				fmt.Sprintf("%s %s body changed (+%d −%d lines)", label, obj, add, del))
		}
		for _, a := range []struct{ field, from, to string }{
			{"characteristics", fr.Characteristics, tr.Characteristics},
			{"comment", fr.Comment, tr.Comment},
		} {
			if a.from != a.to {
				c.addf(Finding{Kind: KindSchema, Change: Changed, ObjectType: "routine", Object: obj, Field: a.field, From: a.from, To: a.to},
					fmt.Sprintf("%s %s %s changed %s → %s", label, obj, a.field, show(a.from), show(a.to)))
			}
		}
	}
}

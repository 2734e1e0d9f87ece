package markdown

import (
	"encoding/json"
	"fmt"

	"github.com/k1LoW/tbls/config"
	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// prepared is the escaped deep copy of a schema that tbls renders, with
// what the post-processing needs to know about it.
type prepared struct {
	schema *schema.Schema
	name   string // the schema's original name
	tables []*page
	// externals are tables of other schemas that the copy refers to
	// (escaped names, each once).
	externals []string
}

// page is one table of the copy and its original name, comment and file.
type page struct {
	t       *schema.Table
	name    string
	comment string
	file    string
}

// prepare copies s, applies tbls' ModifySchema with cfg (as `tbls doc`
// does) and escapes the copy for tbls' templates.
func prepare(s *schema.Schema, cfg *config.Config) (*prepared, error) {
	c, err := clone(s)
	if err != nil {
		return nil, err
	}
	if err := cfg.ModifySchema(c); err != nil {
		return nil, fmt.Errorf("applying tbls defaults: %w", err)
	}
	p := &prepared{schema: c, name: s.Name}
	files := map[string]string{}
	for _, t := range c.Tables {
		f := TableFile(t.Name)
		if prev, dup := files[f]; dup {
			return nil, fmt.Errorf("tables %q and %q: same file %s", prev, t.Name, f)
		}
		files[f] = t.Name
		p.tables = append(p.tables, &page{t: t, name: t.Name, comment: t.Comment, file: f})
	}

	c.Viewpoints = nil // no viewpoint pages are written
	c.Name = ident(c.Name)
	c.Desc = description(c.Desc)
	c.Labels = labels(c.Labels)
	for _, f := range c.Functions {
		f.Name, f.ReturnType, f.Arguments, f.Type = ident(f.Name), cell(f.ReturnType), cell(f.Arguments), cell(f.Type)
	}
	for _, e := range c.Enums {
		e.Name = ident(e.Name)
		vals := make([]string, len(e.Values))
		for i, v := range e.Values {
			vals[i] = cell(v)
		}
		e.Values = vals
	}

	// Every table object once: the schema's tables, tables referenced by
	// views and the parents of relations, which may be placeholders for
	// tables in other schemas.
	seen := map[*schema.Table]bool{}
	var all []*schema.Table
	add := func(t *schema.Table) {
		if t != nil && !seen[t] {
			seen[t] = true
			all = append(all, t)
		}
	}
	for _, t := range c.Tables {
		add(t)
	}
	for _, t := range c.Tables {
		for _, rt := range t.ReferencedTables {
			add(rt)
		}
	}
	for _, r := range c.Relations {
		add(r.Table)
		add(r.ParentTable)
	}
	ext := map[string]bool{}
	for _, t := range all {
		escapeTable(t)
		if t.External && !ext[t.Name] {
			ext[t.Name] = true
			p.externals = append(p.externals, t.Name)
		}
	}
	return p, nil
}

// clone deep-copies s through tbls' JSON form, as snapshots store it, and
// relinks it like snapshot.Read does (tbls' own Schema.Clone fails on
// relations to tables in other schemas).
func clone(s *schema.Schema) (*schema.Schema, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("copying schema: %w", err)
	}
	c := &schema.Schema{}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("copying schema: %w", err)
	}
	if err := snapshot.Relink(c); err != nil {
		return nil, fmt.Errorf("copying schema: %w", err)
	}
	return c, nil
}

// escapeTable escapes one table of the copy for the places tbls puts its
// fields. The definition is left as is: it is shown in a code block.
func escapeTable(t *schema.Table) {
	t.Name = ident(t.Name)
	t.Comment = cell(t.Comment) // the Description is fixed up after rendering
	t.Type = cell(t.Type)
	t.Def = noNUL(t.Def)
	t.Labels = labels(t.Labels)
	t.Viewpoints = nil
	for _, c := range t.Columns {
		c.Name = identColumn(c.Name)
		c.Type = cellColumn(c.Type)
		c.Default.String = cellColumn(c.Default.String)
		c.ExtraDef = cellColumn(c.ExtraDef)
		c.Comment = cellColumn(c.Comment)
		c.Labels = labels(c.Labels)
	}
	for _, i := range t.Indexes {
		i.Name, i.Def, i.Comment = ident(i.Name), cell(i.Def), cell(i.Comment)
	}
	for _, c := range t.Constraints {
		c.Name, c.Type, c.Def, c.Comment = ident(c.Name), cell(c.Type), cell(c.Def), cell(c.Comment)
	}
	for _, tr := range t.Triggers {
		tr.Name, tr.Def, tr.Comment = ident(tr.Name), cell(tr.Def), cell(tr.Comment)
	}
}

// labels escapes label names. tbls shows them as code spans, in table cells
// and in a Labels paragraph; a "|" is escaped for the cells (in the
// paragraph the backslash shows).
func labels(ls schema.Labels) schema.Labels {
	if ls == nil {
		return nil
	}
	out := make(schema.Labels, len(ls))
	for i, l := range ls {
		cp := *l
		cp.Name = oneLine(cell(l.Name))
		out[i] = &cp
	}
	return out
}

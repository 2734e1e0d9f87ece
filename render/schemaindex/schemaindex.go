// Package schemaindex indexes the tables and relations of one tbls schema
// by table name, once, so that a page, a diagram or the Markdown looking a
// table or its relations up costs the same in a schema of 10,000 tables
// as in one of 10 (a scan of every relation per table made rendering a
// schema grow with the square of its tables).
package schemaindex

import (
	"slices"

	"github.com/k1LoW/tbls/schema"
)

// Index is a read-only view of a schema; the schema must not change while
// the index is used. It is safe for concurrent use.
type Index struct {
	s     *schema.Schema
	local map[string]*schema.Table // non-external tables, the first of a name
	ext   map[string]*schema.Table // external entries of s.Tables, the first of a name
	// touching lists, per table (name, external), the positions in
	// s.Relations of the relations it is the child or the parent of,
	// ascending, each once.
	touching map[key][]int
}

type key struct {
	name     string
	external bool
}

// New indexes s (nil gives an empty index).
func New(s *schema.Schema) *Index {
	if s == nil {
		s = &schema.Schema{}
	}
	ix := &Index{s: s, local: make(map[string]*schema.Table, len(s.Tables)), ext: map[string]*schema.Table{},
		touching: make(map[key][]int, len(s.Tables))}
	for _, t := range s.Tables {
		if t == nil {
			continue
		}
		m := ix.local
		if t.External {
			m = ix.ext
		}
		if _, dup := m[t.Name]; !dup {
			m[t.Name] = t
		}
	}
	for i, r := range s.Relations {
		if r == nil {
			continue
		}
		var ck key
		if r.Table != nil {
			ck = key{r.Table.Name, r.Table.External}
			ix.touching[ck] = append(ix.touching[ck], i)
		}
		if r.ParentTable != nil {
			pk := key{r.ParentTable.Name, r.ParentTable.External}
			if r.Table == nil || pk != ck {
				ix.touching[pk] = append(ix.touching[pk], i)
			}
		}
	}
	return ix
}

// Schema returns the indexed schema.
func (ix *Index) Schema() *schema.Schema { return ix.s }

// Table returns the schema's own (not external) table of that name, or
// nil.
func (ix *Index) Table(name string) *schema.Table { return ix.local[name] }

// Lookup returns the table of that name: the schema's own one, else an
// external entry of the schema's tables, else nil.
func (ix *Index) Lookup(name string) *schema.Table {
	if t := ix.local[name]; t != nil {
		return t
	}
	return ix.ext[name]
}

// Touching returns the relations whose child or parent is the table named
// name (an external table when external is true), in schema order, each
// once (a self-reference too). The caller must not modify the slice.
func (ix *Index) Touching(name string, external bool) []*schema.Relation {
	pos := ix.touching[key{name, external}]
	out := make([]*schema.Relation, len(pos))
	for i, p := range pos {
		out[i] = ix.s.Relations[p]
	}
	return out
}

// Children returns the relations whose child is the schema's own table
// named name (the table holds their foreign-key columns), in schema order.
func (ix *Index) Children(name string) []*schema.Relation {
	var out []*schema.Relation
	for _, p := range ix.touching[key{name, false}] {
		if r := ix.s.Relations[p]; r.Table != nil && !r.Table.External && r.Table.Name == name {
			out = append(out, r)
		}
	}
	return out
}

// Neighbours returns the names of the tables at the other end of a
// relation of the schema's own table name, sorted, each once, without
// name itself.
func (ix *Index) Neighbours(name string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t *schema.Table) {
		if t != nil && t.Name != name && !seen[t.Name] {
			seen[t.Name] = true
			out = append(out, t.Name)
		}
	}
	for _, r := range ix.Touching(name, false) {
		add(r.Table)
		add(r.ParentTable)
	}
	slices.Sort(out)
	return out
}

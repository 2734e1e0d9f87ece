// Package keys reads a tbls table's keys: which columns are primary-key
// and foreign-key columns, which of them a diagram draws, and what each
// foreign key does ON DELETE / ON UPDATE.
package keys

import (
	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/schemaindex"
)

// Columns returns the primary-key and foreign-key columns of t (a table
// of the schema ix indexes) by name. tbls' PK/FK column flags are not part
// of its JSON format, so besides the flags the PRIMARY index, the PRIMARY
// KEY and FOREIGN KEY constraints and the schema's relations count too.
// The relations are looked up in the index: the cost does not grow with
// the schema. Nothing is modified.
func Columns(ix *schemaindex.Index, t *schema.Table) (pk, fk map[string]bool) {
	pk, fk = map[string]bool{}, map[string]bool{}
	for _, c := range t.Columns {
		if c == nil {
			continue
		}
		if c.PK {
			pk[c.Name] = true
		}
		if c.FK || len(c.ParentRelations) > 0 {
			fk[c.Name] = true
		}
	}
	for _, ix := range t.Indexes {
		if ix != nil && ix.Name == "PRIMARY" {
			for _, c := range ix.Columns {
				pk[c] = true
			}
		}
	}
	for _, c := range t.Constraints {
		if c == nil {
			continue
		}
		switch c.Type {
		case "PRIMARY KEY":
			for _, n := range c.Columns {
				pk[n] = true
			}
		case schema.TypeFK:
			for _, n := range c.Columns {
				fk[n] = true
			}
		}
	}
	for _, r := range ix.Children(t.Name) {
		for _, c := range r.Columns {
			if c != nil {
				fk[c.Name] = true
			}
		}
	}
	return pk, fk
}

// MaxDiagramColumns is the number of columns above which a diagram draws a
// table with its key columns only: a table of hundreds of columns would
// otherwise be a box thousands of pixels tall that hides its neighbours.
const MaxDiagramColumns = 30

// Shown returns the columns of t a diagram draws, in table order: all of
// them (except those hidden for ER) up to MaxDiagramColumns, else only the
// primary-key and foreign-key columns. hidden is the number left out.
func Shown(t *schema.Table, pk, fk map[string]bool) (shown []*schema.Column, hidden int) {
	all := make([]*schema.Column, 0, len(t.Columns))
	for _, c := range t.Columns {
		if c != nil && !c.HideForER {
			all = append(all, c)
		}
	}
	if len(all) <= MaxDiagramColumns {
		return all, 0
	}
	for _, c := range all {
		if pk[c.Name] || fk[c.Name] {
			shown = append(shown, c)
		}
	}
	return shown, len(all) - len(shown)
}

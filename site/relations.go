package site

import (
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/keys"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// columnAnchor is the fragment id of a column's row on its table page
// (search results and drift findings jump to it).
func columnAnchor(column string) string { return sitepath.ColumnAnchor(column) }

// fkLinks lists the tables at the other end of a column's relations, each
// once with the columns of all its foreign keys: two foreign keys from c
// to p show "c (a_id, b_id)", not "c c". child picks the far table and
// the far columns of a relation.
func fkLinks(rels []*schema.Relation, far func(*schema.Relation) (*schema.Table, []*schema.Column), hrefOf func(*schema.Table) string) []fkLink {
	var out []fkLink
	pos := map[*schema.Table]int{}
	for _, r := range rels {
		t, cols := far(r)
		if t == nil {
			continue
		}
		i, ok := pos[t]
		if !ok {
			i = len(out)
			pos[t] = i
			out = append(out, fkLink{Text: t.Name, Href: hrefOf(t)})
		}
		for _, c := range cols {
			if c != nil && !containsString(out[i].Columns, c.Name) {
				out[i].Columns = append(out[i].Columns, c.Name)
			}
		}
	}
	return out
}

// fkLink is a linked table with the columns that relate it.
type fkLink struct {
	Text, Href string
	Columns    []string
}

// ColumnList is "a_id, b_id".
func (l fkLink) ColumnList() string { return strings.Join(l.Columns, ", ") }

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// cardinalityText says a relation's cardinality in words: "each
// purchase_order has exactly one customer; a customer has zero or more
// purchase_order".
func cardinalityText(r *schema.Relation) string {
	if r.Table == nil || r.ParentTable == nil {
		return ""
	}
	words := func(c schema.Cardinality, fallback string) string {
		switch c {
		case schema.ZeroOrOne:
			return "zero or one"
		case schema.ExactlyOne:
			return "exactly one"
		case schema.ZeroOrMore:
			return "zero or more"
		case schema.OneOrMore:
			return "one or more"
		}
		return fallback
	}
	return "each " + r.Table.Name + " has " + words(r.ParentCardinality, "one") + " " + r.ParentTable.Name +
		"; a " + r.ParentTable.Name + " has " + words(r.Cardinality, "any number of") + " " + r.Table.Name
}

// rulesOf are the ON DELETE / ON UPDATE rules of a relation for the page,
// or nil when the DDL does not say.
func rulesOf(r *schema.Relation) *fkRules {
	ru, ok := keys.RelationRules(r)
	if !ok {
		return nil
	}
	return &fkRules{Rules: ru}
}

// fkRules is keys.Rules for the templates.
type fkRules struct{ keys.Rules }

package schemaindex

import (
	"slices"
	"testing"

	"github.com/k1LoW/tbls/schema"
)

func names(rs []*schema.Relation) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Def)
	}
	return out
}

func TestIndex(t *testing.T) {
	user := &schema.Table{Name: "user"}
	order := &schema.Table{Name: "order"}
	node := &schema.Table{Name: "node"}
	extUser := &schema.Table{Name: "user", External: true} // another schema's user, listed too
	billing := &schema.Table{Name: "billing.account", External: true}
	s := &schema.Schema{Tables: []*schema.Table{extUser, user, order, node, billing}, Relations: []*schema.Relation{
		{Def: "r1", Table: order, ParentTable: user},
		{Def: "r2", Table: node, ParentTable: node}, // self-reference
		{Def: "r3", Table: order, ParentTable: billing},
		nil,
		{Def: "r4", Table: user, ParentTable: extUser},
		{Def: "r5", Table: order, ParentTable: nil}, // damaged: no parent
	}}
	ix := New(s)
	if ix.Table("user") != user || ix.Table("billing.account") != nil || ix.Table("nope") != nil {
		t.Error("Table must return the schema's own table only")
	}
	if ix.Lookup("user") != user || ix.Lookup("billing.account") != billing || ix.Lookup("nope") != nil {
		t.Error("Lookup must prefer the own table, then the external entry")
	}
	for _, c := range []struct {
		name     string
		external bool
		want     []string
	}{
		{"order", false, []string{"r1", "r3", "r5"}},
		{"user", false, []string{"r1", "r4"}},
		{"user", true, []string{"r4"}},
		{"node", false, []string{"r2"}}, // once
		{"billing.account", true, []string{"r3"}},
		{"nope", false, nil},
	} {
		if got := names(ix.Touching(c.name, c.external)); !slices.Equal(got, c.want) {
			t.Errorf("Touching(%q, %v) = %v, want %v", c.name, c.external, got, c.want)
		}
	}
	if got := names(ix.Children("order")); !slices.Equal(got, []string{"r1", "r3", "r5"}) {
		t.Errorf("Children(order) = %v", got)
	}
	if got := names(ix.Children("user")); !slices.Equal(got, []string{"r4"}) {
		t.Errorf("Children(user) = %v", got)
	}
	if got := ix.Neighbours("order"); !slices.Equal(got, []string{"billing.account", "user"}) {
		t.Errorf("Neighbours(order) = %v", got)
	}
	if got := ix.Neighbours("node"); len(got) != 0 {
		t.Errorf("Neighbours(node) = %v, want none (self only)", got)
	}
	if New(nil).Table("x") != nil || New(nil).Schema() == nil {
		t.Error("a nil schema must give an empty index")
	}
}

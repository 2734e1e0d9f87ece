package keys

import (
	"testing"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/schemaindex"
)

func TestColumns(t *testing.T) {
	parent := &schema.Table{Name: "customer", Columns: []*schema.Column{{Name: "id"}}}
	child := &schema.Table{Name: "order", Columns: []*schema.Column{
		{Name: "id"}, {Name: "tenant"}, {Name: "customer_id"}, {Name: "coupon_id"}, {Name: "flagged", PK: true}, {Name: "note"},
	}}
	child.Indexes = []*schema.Index{{Name: "PRIMARY", Columns: []string{"id"}}}
	child.Constraints = []*schema.Constraint{
		{Name: "pk", Type: "PRIMARY KEY", Columns: []string{"id", "tenant"}},
		{Name: "fk_coupon", Type: schema.TypeFK, Columns: []string{"coupon_id"}},
	}
	s := &schema.Schema{Tables: []*schema.Table{parent, child}, Relations: []*schema.Relation{
		{Table: child, Columns: []*schema.Column{child.Columns[2]}, ParentTable: parent},
		{Table: &schema.Table{Name: "order", External: true}, Columns: []*schema.Column{{Name: "note"}}},
	}}
	pk, fk := Columns(schemaindex.New(s), child)
	for _, c := range []string{"id", "tenant", "flagged"} {
		if !pk[c] {
			t.Errorf("%s should be a PK column", c)
		}
	}
	for _, c := range []string{"customer_id", "coupon_id"} {
		if !fk[c] {
			t.Errorf("%s should be an FK column", c)
		}
	}
	if pk["note"] || fk["note"] || pk["customer_id"] || fk["id"] {
		t.Errorf("wrong flags: pk=%v fk=%v", pk, fk)
	}
	if child.Columns[2].FK || child.Columns[0].PK {
		t.Error("the schema must not be modified")
	}
}

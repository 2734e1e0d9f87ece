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

func TestShown(t *testing.T) {
	small := &schema.Table{Name: "s", Columns: []*schema.Column{{Name: "id"}, {Name: "a", HideForER: true}, nil, {Name: "b"}}}
	shown, hidden := Shown(small, map[string]bool{"id": true}, nil)
	if len(shown) != 2 || shown[0].Name != "id" || shown[1].Name != "b" || hidden != 0 {
		t.Errorf("small table: shown %v, hidden %d; want id, b and 0", shown, hidden)
	}
	wide := &schema.Table{Name: "w"}
	for i := range MaxDiagramColumns + 10 {
		wide.Columns = append(wide.Columns, &schema.Column{Name: "c" + string(rune('a'+i%26)) + string(rune('a'+i/26))})
	}
	pk := map[string]bool{wide.Columns[0].Name: true}
	fk := map[string]bool{wide.Columns[35].Name: true, wide.Columns[3].Name: true}
	shown, hidden = Shown(wide, pk, fk)
	if len(shown) != 3 || shown[0] != wide.Columns[0] || shown[1] != wide.Columns[3] || shown[2] != wide.Columns[35] {
		t.Errorf("wide table: shown %v; want its key columns in table order", shown)
	}
	if hidden != MaxDiagramColumns+10-3 {
		t.Errorf("wide table: hidden %d, want %d", hidden, MaxDiagramColumns+7)
	}
}

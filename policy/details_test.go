package policy

import (
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

// A policy declares and grades the schema findings of snapshot format 2
// by their field: "row format change on shop.product expected", a foreign
// key action change made critical, a routine body change ignored.
func TestPolicySchemaDetailFields(t *testing.T) {
	from, to := testsnap.Fixture(t), testsnap.Fixture(t)
	from.FormatVersion, to.FormatVersion = 2, 2
	info := func(s *snapshot.Snapshot, table string) *snapshot.TableInfo {
		for _, ti := range s.FindSchema("shop").Tables {
			if ti.Name == table {
				return ti
			}
		}
		t.Fatalf("no table %s", table)
		return nil
	}
	info(to, "product").RowFormat = "Compressed"
	info(to, "customer").RowFormat = "Compressed"
	info(from, "purchase_order").ForeignKeys = []*snapshot.ForeignKeyInfo{{Name: "fk_order_customer", OnDelete: "RESTRICT", OnUpdate: "RESTRICT"}}
	info(to, "purchase_order").ForeignKeys = []*snapshot.ForeignKeyInfo{{Name: "fk_order_customer", OnDelete: "CASCADE", OnUpdate: "RESTRICT"}}
	from.FindSchema("shop").Routines = []*snapshot.RoutineInfo{{Name: "add_product", Type: "PROCEDURE", Body: "BEGIN END"}}
	to.FindSchema("shop").Routines = []*snapshot.RoutineInfo{{Name: "add_product", Type: "PROCEDURE", Body: "BEGIN SELECT 1; END"}}

	p := mustParse(t, `
declared:
  - {kind: schema, object: shop.product, field: row_format, reason: "CHG-9 compresses shop.product"}
ignore:
  - {kind: schema, object: "shop.*", field: body, reason: "routine bodies are reviewed in the app repo"}
severity:
  - {kind: schema, field: on_delete, severity: critical}
`)
	got := p.Apply(drift.Compare(from, to, drift.Options{}), Subjects(to), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	want := map[string]outcome{
		"shop.add_product body":                           {drift.SeverityMedium, false, true, "routine bodies are reviewed in the app repo"},
		"shop.customer row_format":                        {drift.SeverityLow, false, false, ""},
		"shop.product row_format":                         {drift.SeverityLow, true, false, "CHG-9 compresses shop.product"},
		"shop.purchase_order.fk_order_customer on_delete": {drift.SeverityCritical, false, false, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d findings, want %d: %+v", len(got), len(want), got)
	}
	for _, f := range got {
		k := f.Object + " " + f.Field
		o := outcomes([]drift.Finding{f})[0]
		if w, ok := want[k]; !ok || o != w {
			t.Errorf("%s: %+v, want %+v", k, o, w)
		}
	}
}

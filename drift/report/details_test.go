package report

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/golden"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

// TestDriftReportSchemaDetails: the findings of snapshot format 2 (FK
// actions, routine bodies, broken views, table options) in every format,
// from a real comparison of the fixture snapshot.
func TestDriftReportSchemaDetails(t *testing.T) {
	from, to := testsnap.Fixture(t), testsnap.Fixture(t)
	from.FormatVersion, to.FormatVersion = 2, 2
	shop := to.FindSchema("shop")
	for _, ti := range shop.Tables {
		switch ti.Name {
		case "v_order_summary":
			ti.Invalid = "View 'shop.v_order_summary' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them"
		case "product":
			ti.RowFormat, ti.CreateOptions = "Compact", "row_format=COMPACT"
		}
	}
	for _, ti := range from.FindSchema("shop").Tables {
		if ti.Name == "purchase_order" {
			ti.ForeignKeys = append(ti.ForeignKeys, newFK("RESTRICT"))
		}
	}
	for _, ti := range shop.Tables {
		if ti.Name == "purchase_order" {
			ti.ForeignKeys = append(ti.ForeignKeys, newFK("CASCADE"))
		}
	}
	from.FindSchema("shop").Routines = routine("RETURN ROUND(p_price * (1 + p_rate), 2)")
	shop.Routines = routine("RETURN ROUND(p_price * (1 + p_rate), 0)")

	changes := drift.Compare(from, to, drift.Options{})
	if len(changes) != 4 {
		t.Fatalf("%d findings, want 4: %+v", len(changes), changes)
	}
	r := &Report{From: "2026-11-20T030000Z", To: "2026-11-21T030000Z", Targets: 1, Changes: changes}
	ext := map[string]string{"text": "txt", "markdown": "md", "json": "json", "github": "github.txt"}
	for _, format := range Formats() {
		got := write(t, r, format)
		for _, want := range []string{"broken", "on_delete", "CASCADE", "body", "RETURN ROUND(p_price * (1 + p_rate), 0)", "row_format"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s report lacks %q", format, want)
			}
		}
		golden.Assert(t, filepath.Join("testdata", "details."+ext[format]), []byte(got))
	}
}

func newFK(onDelete string) *snapshot.ForeignKeyInfo {
	return &snapshot.ForeignKeyInfo{Name: "fk_order_customer", OnDelete: onDelete, OnUpdate: "RESTRICT"}
}

func routine(body string) []*snapshot.RoutineInfo {
	return []*snapshot.RoutineInfo{{Name: "price_with_tax", Type: "FUNCTION", Body: body, Characteristics: "DETERMINISTIC CONTAINS SQL SQL SECURITY DEFINER"}}
}

package er

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/keys"
)

// TestOverviewFitsWidth: parts laid out wider than MaxWidth are cut until
// every diagram fits (or is a single table), and every table is in exactly
// one part.
func TestOverviewFitsWidth(t *testing.T) {
	r := newRenderer(t, Options{Link: tableLink, PartLink: partLink})
	s := synthSchema("fit", 120, 7)
	const maxWidth = 700
	parts, err := r.Overview(context.Background(), s, Fit{MaxTables: 30, MaxWidth: maxWidth})
	if err != nil {
		t.Fatal(err)
	}
	if parts[0].Name != IndexPart {
		t.Fatalf("first part is %q, want the index", parts[0].Name)
	}
	seen := map[string]bool{}
	narrower := 0
	for _, p := range parts {
		if w := svgWidth(p.SVG); w > maxWidth && len(p.Tables) > 1 {
			t.Errorf("part %s (%d tables) is %.0f pt wide, more than %d", p.Name, len(p.Tables), w, maxWidth)
		}
		if len(p.Tables) < 30 {
			narrower++
		}
		for _, tb := range p.Tables {
			if seen[tb] {
				t.Errorf("table %s is in two parts", tb)
			}
			seen[tb] = true
		}
	}
	if len(seen) != 120 {
		t.Errorf("parts hold %d tables, want 120", len(seen))
	}
	// Without a width limit the same schema has fewer, larger parts: the
	// limit did cut.
	loose, err := r.Overview(context.Background(), s, Fit{MaxTables: 30})
	if err != nil {
		t.Fatal(err)
	}
	if len(loose) >= len(parts) {
		t.Errorf("a width limit of %d pt gave %d parts, no limit %d: the limit cut nothing", maxWidth, len(parts), len(loose))
	}
	// A schema that fits whole is one diagram, no index.
	small, err := r.Overview(context.Background(), synthSchema("small", 3, 1), Fit{MaxTables: 30, MaxWidth: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if len(small) != 1 || small[0].Name == IndexPart || len(small[0].Tables) != 3 {
		t.Errorf("a 3-table schema gave %d parts (%s), want one with all tables", len(small), small[0].Name)
	}
}

// TestGridIndex: an overview with more parts than a graph index holds gets
// a grid: every part a linked box, within the width, content at the
// origin, deterministic.
func TestGridIndex(t *testing.T) {
	r := newRenderer(t, Options{Link: tableLink, PartLink: partLink})
	s := synthSchema("grid", 200, 3)
	f := Fit{MaxTables: 8, MaxWidth: 1300}
	parts, err := r.Overview(context.Background(), s, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts)-1 <= maxGraphIndexParts {
		t.Fatalf("%d parts: too few to test the grid", len(parts)-1)
	}
	index := parts[0].SVG
	if !strings.Contains(string(index), "index-grid") {
		t.Fatal("the index of many parts is not a grid")
	}
	if w := svgWidth(index); w > f.MaxWidth {
		t.Errorf("grid is %.0f pt wide, more than %.0f", w, f.MaxWidth)
	}
	doc := parseSVG(t, index)
	for _, p := range parts[1:] {
		if _, ok := doc.tooltipOf(partLink(p.Name)); !ok {
			t.Errorf("grid has no link to part %s", p.Name)
		}
		if !has(doc.texts, p.Name) || !has(doc.texts, tableCount(len(p.Tables))) {
			t.Errorf("grid does not show part %s with %d tables", p.Name, len(p.Tables))
		}
	}
	if !strings.Contains(string(index), "related: ") {
		t.Error("grid names no related parts")
	}
	if !strings.Contains(string(index), `viewBox="0 0 `) {
		t.Error("grid does not start at the origin")
	}
	again, err := r.Overview(context.Background(), s, f)
	if err != nil {
		t.Fatal(err)
	}
	if string(again[0].SVG) != string(index) {
		t.Error("grid index differs between two renders")
	}
}

// TestWideTableKeysOnly: a table with more than keys.MaxDiagramColumns
// columns is drawn with its key columns and a count of the rest.
func TestWideTableKeysOnly(t *testing.T) {
	r := newRenderer(t, Options{})
	parent := &schema.Table{Name: "parent", Columns: []*schema.Column{{Name: "id", PK: true, Type: "int"}}}
	wide := &schema.Table{Name: "wide"}
	for i := range 300 {
		wide.Columns = append(wide.Columns, &schema.Column{Name: fmt.Sprintf("col_%03d", i), Type: "varchar(20)"})
	}
	wide.Columns[0].PK = true
	rel := &schema.Relation{Table: wide, Columns: []*schema.Column{wide.Columns[7]}, ParentTable: parent, ParentColumns: parent.Columns}
	s := &schema.Schema{Name: "w", Tables: []*schema.Table{parent, wide}, Relations: []*schema.Relation{rel}}
	svg, err := r.Schema(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSVG(t, svg)
	for _, want := range []string{"col_000", "col_007", "298 more columns"} {
		if !has(doc.texts, want) {
			t.Errorf("diagram does not show %q", want)
		}
	}
	if has(doc.texts, "col_001") || has(doc.texts, "col_299") {
		t.Error("diagram shows non-key columns of a table wider than the limit")
	}
	if keys.MaxDiagramColumns >= 300 {
		t.Fatal("test table is not wider than the limit")
	}
}

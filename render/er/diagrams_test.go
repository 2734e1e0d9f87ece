package er

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/k1LoW/tbls/schema"
)

// TestExternalTable checks the external node of the billing schema: drawn
// dashed and marked, not linked, and its relations drawn.
func TestExternalTable(t *testing.T) {
	ctx := context.Background()
	r := newRenderer(t, Options{Link: tableLink})
	svg, err := r.Schema(ctx, fixture(t, "billing"))
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSVG(t, svg)
	for _, want := range []string{"invoice", "invoice_line", "payment", "shop.customer", "external"} {
		if !has(doc.texts, want) {
			t.Errorf("no text %q", want)
		}
	}
	if !bytes.Contains(svg, []byte(`stroke-dasharray`)) {
		t.Error("external table not dashed")
	}
	if _, ok := doc.tooltipOf(tableLink("shop.customer")); ok {
		t.Error("external table has a link")
	}
	if _, ok := doc.tooltipOf(tableLink("invoice")); !ok {
		t.Error("local table has no link")
	}
}

// TestCardinalityArrows checks the crow's-foot marks.
func TestCardinalityArrows(t *testing.T) {
	for c, want := range map[schema.Cardinality]string{
		schema.ZeroOrOne: "teeodot", schema.ExactlyOne: "teetee",
		schema.ZeroOrMore: "crowodot", schema.OneOrMore: "crowtee",
		schema.UnknownCardinality: "crow",
	} {
		if got := arrow(c, "crow"); got != want {
			t.Errorf("arrow(%q) = %q, want %q", c, got, want)
		}
	}
	r := newRenderer(t, Options{})
	dot, err := r.schemaDOT(fixture(t, "shop"))
	if err != nil {
		t.Fatal(err)
	}
	// customer_profile: zero or one profile per customer, exactly one customer per profile.
	if want := `<customer> -> <customer_profile> [arrowtail="teetee", arrowhead="teeodot"`; !strings.Contains(string(dot), want) {
		t.Errorf("DOT lacks %s:\n%s", want, dot)
	}
}

// TestKeyMarks checks that PK and FK marks come from the index,
// constraints and relations, as the snapshot JSON has no column flags.
func TestKeyMarks(t *testing.T) {
	m, err := newModel(fixture(t, "shop"))
	if err != nil {
		t.Fatal(err)
	}
	pk, fk := m.keyFlags(m.byName["order_item"])
	if !pk["order_id"] || !pk["line_no"] || pk["product_id"] {
		t.Errorf("order_item PK columns: %v", pk)
	}
	if !fk["order_id"] || !fk["product_id"] || fk["line_no"] {
		t.Errorf("order_item FK columns: %v", fk)
	}
}

// TestDeterministic renders twice with fresh Renderers, and once from a
// schema with tables and relations in another order: same bytes.
func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	render := func(s *schema.Schema) [][]byte {
		r := newRenderer(t, Options{Link: tableLink, PartLink: partLink})
		var out [][]byte
		svg, err := r.Schema(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, svg)
		parts, err := r.Overview(ctx, s, Fit{MaxTables: 15})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range parts {
			out = append(out, []byte(p.Name+"\n"+strings.Join(p.Tables, "\n")), p.SVG)
		}
		return out
	}
	want := render(synthSchema("synth", 60, 1))
	again := render(synthSchema("synth", 60, 1))
	shuffled := synthSchema("synth", 60, 1)
	rng := rand.New(rand.NewPCG(7, 7))
	rng.Shuffle(len(shuffled.Tables), func(i, j int) { shuffled.Tables[i], shuffled.Tables[j] = shuffled.Tables[j], shuffled.Tables[i] })
	rng.Shuffle(len(shuffled.Relations), func(i, j int) {
		shuffled.Relations[i], shuffled.Relations[j] = shuffled.Relations[j], shuffled.Relations[i]
	})
	reordered := render(shuffled)
	for name, got := range map[string][][]byte{"second run": again, "reordered input": reordered} {
		if len(got) != len(want) {
			t.Errorf("%s: %d outputs, want %d", name, len(got), len(want))
			continue
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("%s: output %d differs", name, i)
			}
		}
	}
}

// TestErrors checks the refusals.
func TestErrors(t *testing.T) {
	ctx := context.Background()
	r := newRenderer(t, Options{})
	s := fixture(t, "shop")
	if _, err := r.Overview(ctx, s, Fit{MaxTables: 0}); err == nil {
		t.Error("maxTables 0 accepted")
	}
	if _, err := r.Schema(ctx, nil); err == nil {
		t.Error("nil schema accepted")
	}
	if _, err := r.Overview(ctx, nil, Fit{MaxTables: 10}); err == nil {
		t.Error("nil schema accepted")
	}
	orphan := &schema.Schema{Name: "o", Relations: []*schema.Relation{{Table: &schema.Table{Name: "ghost"}, ParentTable: &schema.Table{Name: "p"}, Def: "FK"}}}
	if _, err := r.Schema(ctx, orphan); err == nil || !strings.Contains(err.Error(), `"ghost"`) {
		t.Errorf("relation from a table outside the schema: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := r.Schema(cancelled, s); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
	// Bad DOT fails cleanly and leaves Graphviz usable.
	good := []byte("digraph { a -> b }")
	before, err := r.render(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.render(ctx, []byte("digraph { a -> }")); err == nil || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("bad DOT: %v", err)
	}
	after, err := r.render(ctx, good)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("after a syntax error: %v, same output %v", err, bytes.Equal(before, after))
	}
}

// TestClose checks use after Close.
func TestClose(t *testing.T) {
	r, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := r.Schema(context.Background(), fixture(t, "shop")); !errors.Is(err, ErrClosed) {
		t.Errorf("Schema after Close: %v", err)
	}
}

// TestEmptySchema renders a schema without tables.
func TestEmptySchema(t *testing.T) {
	ctx := context.Background()
	r := newRenderer(t, Options{})
	s := &schema.Schema{Name: "empty"}
	svg, err := r.Schema(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, svg)
	parts, err := r.Overview(ctx, s, Fit{MaxTables: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 1 || parts[0].Name != IndexPart {
		t.Fatalf("parts of an empty schema: %+v", parts)
	}
	wellFormed(t, parts[0].SVG)
}

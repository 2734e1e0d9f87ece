package erlite

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/golden"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/render/svgsafe"
)

func fixture(t testing.TB, name string) *schema.Schema {
	t.Helper()
	return testsnap.Schema(t, name).Tbls
}

func tableLink(table string) string { return "tables/" + url.PathEscape(table) + ".html" }

var fixtureSchemas = []string{"shop", "billing", "hostile db"}

// rectBox is a <rect class="box"> of a table group.
type rectBox struct {
	table, kind string
	x, y, w, h  float64
	dashed      bool
}

// doc is what the tests read back from an SVG.
type doc struct {
	texts   []string // character data of <text> elements
	titles  []string
	boxes   []rectBox
	anchors map[string]string   // data-table → href
	xlinks  map[string]string   // data-table → xlink:href
	groups  map[string][]string // kind → data-table names (in order)
	width   float64
	height  float64
	viewBox string
}

// parse decodes the whole document with encoding/xml, failing the test on
// any error, and checks it carries no active content.
func parse(t testing.TB, svg []byte) doc {
	t.Helper()
	d := doc{anchors: map[string]string{}, xlinks: map[string]string{}, groups: map[string][]string{}}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var stack []string
	var tableStack []string
	var kindStack []string
	var cur strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			name := tk.Name.Local
			switch name {
			case "script", "foreignObject", "style", "iframe", "object", "embed", "use", "image":
				t.Errorf("forbidden element <%s>", name)
			}
			attr := map[string]string{}
			for _, a := range tk.Attr {
				key := a.Name.Local
				if a.Name.Space == "http://www.w3.org/1999/xlink" {
					key = "xlink:" + key
				}
				attr[key] = a.Value
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Errorf("event handler attribute %s=%q", a.Name.Local, a.Value)
				}
				if strings.Contains(strings.ToLower(a.Value), "javascript:") {
					t.Errorf("attribute %s holds javascript: %q", a.Name.Local, a.Value)
				}
			}
			table := ""
			if len(tableStack) > 0 {
				table = tableStack[len(tableStack)-1]
			}
			kind := ""
			if len(kindStack) > 0 {
				kind = kindStack[len(kindStack)-1]
			}
			if name == "g" {
				if dt, ok := attr["data-table"]; ok {
					table = dt
					f := strings.Fields(attr["class"])
					if len(f) >= 2 {
						kind = f[1]
					}
					d.groups[kind] = append(d.groups[kind], dt)
				}
			}
			switch name {
			case "svg":
				d.width, _ = strconv.ParseFloat(attr["width"], 64)
				d.height, _ = strconv.ParseFloat(attr["height"], 64)
				d.viewBox = attr["viewBox"]
			case "a":
				d.anchors[table] = attr["href"]
				d.xlinks[table] = attr["xlink:href"]
			case "rect":
				if attr["class"] == "box" {
					var b rectBox
					b.table, b.kind = table, kind
					b.x, _ = strconv.ParseFloat(attr["x"], 64)
					b.y, _ = strconv.ParseFloat(attr["y"], 64)
					b.w, _ = strconv.ParseFloat(attr["width"], 64)
					b.h, _ = strconv.ParseFloat(attr["height"], 64)
					_, b.dashed = attr["stroke-dasharray"]
					d.boxes = append(d.boxes, b)
				}
			}
			stack = append(stack, name)
			tableStack = append(tableStack, table)
			kindStack = append(kindStack, kind)
			cur.Reset()
		case xml.CharData:
			cur.Write(tk)
		case xml.EndElement:
			switch tk.Name.Local {
			case "text":
				d.texts = append(d.texts, cur.String())
			case "title":
				d.titles = append(d.titles, cur.String())
			}
			cur.Reset()
			stack = stack[:len(stack)-1]
			tableStack = tableStack[:len(tableStack)-1]
			kindStack = kindStack[:len(kindStack)-1]
		}
	}
	return d
}

func render(t testing.TB, s *schema.Schema, table string) []byte {
	t.Helper()
	svg, err := Table(s, table, Options{Link: tableLink})
	if err != nil {
		t.Fatal(err)
	}
	return svg
}

// relatives returns the expected parent and child names of table.
func relatives(s *schema.Schema, table string) (parents, children []string, self bool) {
	for _, r := range s.Relations {
		if r.HideForER {
			continue
		}
		switch {
		case r.Table.Name == table && r.ParentTable.Name == table:
			self = true
		case r.Table.Name == table:
			parents = append(parents, r.ParentTable.Name)
		case r.ParentTable.Name == table:
			children = append(children, r.Table.Name)
		}
	}
	slices.Sort(parents)
	slices.Sort(children)
	return slices.Compact(parents), slices.Compact(children), self
}

func overlap(a, b rectBox) bool {
	return a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h
}

// checkLayout: boxes inside the canvas and pairwise disjoint.
func checkLayout(t testing.TB, d doc) {
	t.Helper()
	if d.viewBox != fmt.Sprintf("0 0 %g %g", d.width, d.height) {
		t.Errorf("viewBox %q does not match width %g height %g", d.viewBox, d.width, d.height)
	}
	for i, a := range d.boxes {
		if a.w <= 0 || a.h <= 0 || a.x < 0 || a.y < 0 || a.x+a.w > d.width || a.y+a.h > d.height {
			t.Errorf("box %q (%v) outside the %gx%g canvas", a.table, a, d.width, d.height)
		}
		for _, b := range d.boxes[i+1:] {
			if overlap(a, b) {
				t.Errorf("boxes %q %v and %q %v overlap", a.table, a, b.table, b)
			}
		}
	}
}

// TestFixtureTables renders every table of the fixture and checks the
// document, the focus columns, the neighbours and the layout.
func TestFixtureTables(t *testing.T) {
	for _, sn := range fixtureSchemas {
		s := fixture(t, sn)
		for _, tb := range s.Tables {
			if tb.External {
				continue
			}
			t.Run(sn+"/"+tb.Name, func(t *testing.T) {
				svg := render(t, s, tb.Name)
				d := parse(t, svg)
				checkLayout(t, d)
				if got := d.groups["focus"]; len(got) != 1 || got[0] != clean(tb.Name) {
					t.Errorf("focus groups %q, want [%q]", got, tb.Name)
				}
				for _, c := range tb.Columns {
					want, _ := clamp(clean(c.Name), maxColName)
					if !slices.Contains(d.texts, want) {
						t.Errorf("column %q missing from the focus box; texts %q", c.Name, d.texts)
					}
				}
				parents, children, _ := relatives(s, tb.Name)
				if got := d.groups["parent"]; !slices.Equal(got, parents) {
					t.Errorf("parents %q, want %q", got, parents)
				}
				if got := d.groups["child"]; !slices.Equal(got, children) {
					t.Errorf("children %q, want %q", got, children)
				}
				for _, p := range parents {
					if ext := isExternal(s, p); ext {
						if _, ok := d.anchors[p]; ok {
							t.Errorf("external parent %q is linked", p)
						}
					} else if d.anchors[p] != tableLink(p) || d.xlinks[p] != tableLink(p) {
						t.Errorf("parent %q linked to %q / %q, want %q", p, d.anchors[p], d.xlinks[p], tableLink(p))
					}
				}
				for _, c := range children {
					if d.anchors[c] != tableLink(c) {
						t.Errorf("child %q linked to %q, want %q", c, d.anchors[c], tableLink(c))
					}
				}
				// Determinism, and the schema is not changed.
				if again := render(t, s, tb.Name); !bytes.Equal(svg, again) {
					t.Error("second rendering differs")
				}
			})
		}
	}
}

func isExternal(s *schema.Schema, name string) bool {
	for _, r := range s.Relations {
		if r.ParentTable.Name == name {
			return r.ParentTable.External
		}
	}
	return false
}

// TestExternalParent: billing.invoice references shop.customer.
func TestExternalParent(t *testing.T) {
	s := fixture(t, "billing")
	d := parse(t, render(t, s, "invoice"))
	var found bool
	for _, b := range d.boxes {
		if b.table == "shop.customer" {
			found = true
			if !b.dashed || b.kind != "parent" {
				t.Errorf("external parent box %+v: want a dashed parent box", b)
			}
		} else if b.dashed {
			t.Errorf("box %q is dashed", b.table)
		}
	}
	if !found {
		t.Fatalf("no box for shop.customer; groups %v", d.groups)
	}
	if _, ok := d.anchors["shop.customer"]; ok {
		t.Error("external parent is linked")
	}
	if !slices.Contains(d.groups["child"], "invoice_line") || !slices.Contains(d.groups["child"], "payment") {
		t.Errorf("children %q", d.groups["child"])
	}
}

// TestHostile: the hostile schema's text arrives escaped, as text.
func TestHostile(t *testing.T) {
	s := fixture(t, "hostile db")
	for _, tb := range s.Tables {
		svg := render(t, s, tb.Name)
		raw := strings.ToLower(string(svg))
		for _, bad := range []string{"<script", "<img", "<b>", "<!--", "</table>"} {
			if strings.Contains(raw, bad) {
				t.Errorf("%s: raw markup %q in output", tb.Name, bad)
			}
		}
		d := parse(t, svg)
		all := strings.Join(d.texts, "\n") + strings.Join(d.titles, "\n")
		for _, c := range tb.Columns {
			if c.Comment != "" && !strings.Contains(all, clean(strings.Split(c.Comment, "\n")[0])) {
				t.Errorf("%s: comment %q of %q not in a tooltip", tb.Name, c.Comment, c.Name)
			}
		}
	}
	svg := render(t, s, "order")
	// What erlite writes from hostile names passes the site's inline rule.
	if _, ok := svgsafe.Inline(svg); !ok {
		t.Error("order: the diagram is not safe to inline (svgsafe.Inline)")
	}
	for _, want := range []string{"&lt;b&gt;bold&lt;/b&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("order: %q not found escaped", want)
		}
	}
	d := parse(t, svg)
	if !slices.Contains(d.texts, "<b>bold</b>") || !slices.Contains(d.texts, "a|b") {
		t.Errorf("order texts %q", d.texts)
	}
	// The emoji table is a parent of weird`name, its name a link escaped.
	d = parse(t, render(t, s, "weird`name"))
	if got := d.anchors["⚡ rides"]; got != tableLink("⚡ rides") {
		t.Errorf("⚡ rides linked to %q", got)
	}
}

// TestEscaping covers invalid UTF-8, control characters and quotes.
func TestEscaping(t *testing.T) {
	bad := "x\x00y\x01\xff\ufffe<&>\"'\u202e"
	tb := &schema.Table{Name: bad, Comment: "c\x02", Columns: []*schema.Column{{Name: bad, Type: "t\x1b", Comment: "line1\nline2\x03"}}}
	other := &schema.Table{Name: "o" + bad, Columns: []*schema.Column{{Name: "fk\x7f"}}}
	s := &schema.Schema{Tables: []*schema.Table{tb, other}}
	s.Relations = []*schema.Relation{{Table: other, Columns: other.Columns, ParentTable: tb, ParentColumns: tb.Columns, Def: "FOREIGN KEY \x05<x>", Cardinality: schema.ZeroOrMore, ParentCardinality: schema.ExactlyOne}}
	svg, err := Table(s, bad, Options{Link: func(string) string { return "a\"b'<c>&d.html" }})
	if err != nil {
		t.Fatal(err)
	}
	d := parse(t, svg)
	want := "x\ufffdy\ufffd\ufffd\ufffd<&>\"'\ufffd"
	if !slices.Contains(d.texts, want) {
		t.Errorf("texts %q, want %q among them", d.texts, want)
	}
	if got := d.anchors["o"+want]; got != "a\"b'<c>&d.html" {
		t.Errorf("href %q", got)
	}
	if tb.Name != bad || len(s.Relations) != 1 || tb.Columns[0].PK || tb.Columns[0].FK {
		t.Error("input schema changed")
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"tables/a.html":         "tables/a.html",
		"../x/y.html#c":         "../x/y.html#c",
		"https://example.com/a": "https://example.com/a",
		"HTTP://example.com":    "HTTP://example.com",
		"javascript:alert(1)":   "",
		"JavaScript:alert(1)":   "",
		" javascript:alert(1)":  "",
		"java\tscript:alert(1)": "",
		"data:text/html,<x>":    "",
		"vbscript:x":            "",
		"a\x00b":                "",
		"\xff":                  "",
		"":                      "",
		"mailto:a@b":            "",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
	// A Link returning javascript: produces no anchor.
	s := fixture(t, "shop")
	svg, err := Table(s, "order_item", Options{Link: func(string) string { return "javascript:alert(1)" }})
	if err != nil {
		t.Fatal(err)
	}
	if d := parse(t, svg); len(d.anchors) != 0 {
		t.Errorf("anchors %v", d.anchors)
	}
}

func TestUnknownTable(t *testing.T) {
	s := fixture(t, "billing")
	if _, err := Table(s, "nope", Options{}); !errors.Is(err, ErrUnknownTable) {
		t.Errorf("err = %v, want ErrUnknownTable", err)
	}
	// An external table is not a local table of the schema.
	if _, err := Table(s, "shop.customer", Options{}); !errors.Is(err, ErrUnknownTable) {
		t.Errorf("external: err = %v, want ErrUnknownTable", err)
	}
	if _, err := Table(nil, "x", Options{}); err == nil {
		t.Error("nil schema: no error")
	}
}

// hub returns a schema with table "hub" that has parents parent_00.. and
// children child_000.. .
func hub(parents, children int) *schema.Schema {
	s := &schema.Schema{Name: "synth"}
	id := func() *schema.Column { return &schema.Column{Name: "id", Type: "bigint"} }
	h := &schema.Table{Name: "hub", Columns: []*schema.Column{id()}, Indexes: []*schema.Index{{Name: "PRIMARY", Columns: []string{"id"}}}}
	s.Tables = append(s.Tables, h)
	for i := range parents {
		p := &schema.Table{Name: fmt.Sprintf("parent_%02d", i), Columns: []*schema.Column{id(), {Name: "name", Type: "varchar(64)"}}}
		fk := &schema.Column{Name: fmt.Sprintf("parent_%02d_id", i), Type: "bigint"}
		h.Columns = append(h.Columns, fk)
		s.Tables = append(s.Tables, p)
		s.Relations = append(s.Relations, &schema.Relation{Table: h, Columns: []*schema.Column{fk}, ParentTable: p, ParentColumns: p.Columns[:1],
			Def: "FOREIGN KEY (" + fk.Name + ") REFERENCES " + p.Name + " (id)", Cardinality: schema.ZeroOrMore, ParentCardinality: schema.ExactlyOne})
	}
	for i := range children {
		c := &schema.Table{Name: fmt.Sprintf("child_%03d", i), Columns: []*schema.Column{id(), {Name: "hub_id", Type: "bigint"}, {Name: "note", Type: "text"}}}
		s.Tables = append(s.Tables, c)
		s.Relations = append(s.Relations, &schema.Relation{Table: c, Columns: c.Columns[1:2], ParentTable: h, ParentColumns: h.Columns[:1],
			Def: "FOREIGN KEY (hub_id) REFERENCES hub (id)", Cardinality: schema.OneOrMore, ParentCardinality: schema.ZeroOrOne})
	}
	return s
}

func TestCap(t *testing.T) {
	s := hub(3, 100)
	d := parse(t, render(t, s, "hub"))
	checkLayout(t, d)
	if got := len(d.groups["child"]); got != MaxPerSide {
		t.Errorf("%d child boxes, want %d", got, MaxPerSide)
	}
	more := d.groups["more"]
	if len(more) != 1 || more[0] != "… and 70 more" {
		t.Errorf("more boxes %q", more)
	}
	if _, ok := d.anchors["… and 70 more"]; ok {
		t.Error("more box is linked")
	}
	if !slices.Equal(d.groups["child"][:3], []string{"child_000", "child_001", "child_002"}) {
		t.Errorf("children not sorted: %q", d.groups["child"][:3])
	}
	if len(d.groups["parent"]) != 3 {
		t.Errorf("parents %q", d.groups["parent"])
	}
	// PK derived from the PRIMARY index, FK from relations.
	if !slices.Contains(d.texts, "PK") || !slices.Contains(d.texts, "FK") {
		t.Errorf("no PK/FK markers: %q", d.texts)
	}
}

func TestSelfReference(t *testing.T) {
	s := fixture(t, "shop")
	svg := render(t, s, "category")
	if !bytes.Contains(svg, []byte(`class="relation self"`)) {
		t.Error("no self-reference loop for category")
	}
	d := parse(t, svg)
	if slices.Contains(d.groups["parent"], "category") || slices.Contains(d.groups["child"], "category") {
		t.Error("self-reference drawn as a neighbour box")
	}
}

func TestClamp(t *testing.T) {
	long := strings.Repeat("a", 100)
	got, cut := clamp(long, 72)
	if !cut || !strings.HasSuffix(got, "…") || textWidth(got) > 72.01 {
		t.Errorf("clamp = %q (%v, %g px)", got, cut, textWidth(got))
	}
	if textWidth("漢字") != 24 || textWidth("ab") != 14.4 || textWidth("⚡") != 12 {
		t.Error("width heuristic")
	}
	s := hub(0, 1)
	s.Tables[1].Name = strings.Repeat("very_long_child_name_", 10)
	d := parse(t, render(t, s, "hub"))
	checkLayout(t, d)
	if !slices.Contains(d.titles, s.Tables[1].Name) {
		t.Error("full name of a clamped table not in a <title>")
	}
}

func TestGolden(t *testing.T) {
	for _, c := range []struct{ schema, table, file string }{
		{"shop", "customer", "shop-customer.svg"},
		{"shop", "order_item", "shop-order_item.svg"},
		{"billing", "invoice", "billing-invoice.svg"},
	} {
		t.Run(c.file, func(t *testing.T) {
			svg := render(t, fixture(t, c.schema), c.table)
			checkLayout(t, parse(t, svg))
			golden.Assert(t, filepath.Join("testdata", "golden", c.file), svg)
		})
	}
}

func TestConcurrent(t *testing.T) {
	s := fixture(t, "shop")
	want := render(t, s, "customer")
	done := make(chan []byte)
	for range 8 {
		go func() {
			b, _ := Table(s, "customer", Options{Link: tableLink})
			done <- b
		}()
	}
	for range 8 {
		if got := <-done; !bytes.Equal(got, want) {
			t.Error("concurrent rendering differs")
		}
	}
}

func BenchmarkTable(b *testing.B) {
	s := hub(10, 20)
	o := Options{Link: tableLink}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Table(s, "hub", o); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWideFocusKeysOnly: a table of hundreds of columns is drawn with its
// key columns and a count of the rest, not as a box thousands of px tall.
func TestWideFocusKeysOnly(t *testing.T) {
	parent := &schema.Table{Name: "parent", Columns: []*schema.Column{{Name: "id", PK: true, Type: "int"}}}
	wide := &schema.Table{Name: "wide"}
	for i := range 1000 {
		wide.Columns = append(wide.Columns, &schema.Column{Name: fmt.Sprintf("c%04d", i), Type: "int"})
	}
	wide.Columns[0].PK = true
	rel := &schema.Relation{Table: wide, Columns: []*schema.Column{wide.Columns[500]}, ParentTable: parent, ParentColumns: parent.Columns}
	s := &schema.Schema{Name: "s", Tables: []*schema.Table{parent, wide}, Relations: []*schema.Relation{rel}}
	svg, err := Table(s, "wide", Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := string(svg)
	for _, want := range []string{">c0000<", ">c0500<", ">998 more columns<"} {
		if !strings.Contains(text, want) {
			t.Errorf("diagram lacks %q", want)
		}
	}
	if strings.Contains(text, ">c0001<") {
		t.Error("diagram draws a non-key column of a 1,000-column table")
	}
	var w, h float64
	if _, err := fmt.Sscanf(text[strings.Index(text, `viewBox="0 0 `)+len(`viewBox="0 0 `):], "%g %g", &w, &h); err != nil {
		t.Fatal(err)
	}
	if h > 400 {
		t.Errorf("diagram is %.0f px tall, want a few rows", h)
	}
}

package er

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/k1LoW/tbls/schema"
)

// isGraphvizElement reports whether Graphviz writes elements named name
// for our diagrams; any other element would be markup smuggled in through
// user text.
func isGraphvizElement(name string) bool {
	switch name {
	case "svg", "g", "title", "a", "text", "polygon", "polyline", "path", "ellipse":
		return true
	}
	return false
}

// assertOnlyText fails the test if the SVG carries anything but Graphviz's
// own markup: unknown elements, event handler attributes, or links that
// are not relative or http(s).
func assertOnlyText(t *testing.T, svg []byte, doc svgDoc) {
	t.Helper()
	for el := range doc.elements {
		if !isGraphvizElement(el) {
			t.Errorf("SVG contains a <%s> element", el)
		}
	}
	for name, values := range doc.attrs {
		if strings.HasPrefix(strings.ToLower(name), "on") {
			t.Errorf("SVG has an event handler attribute %s=%q", name, values)
		}
	}
	for _, href := range doc.attrs["href"] {
		if l := strings.ToLower(strings.TrimSpace(href)); strings.Contains(l, "javascript:") || strings.HasPrefix(l, "data:") {
			t.Errorf("SVG links to %q", href)
		}
	}
	// Markup from user text could only appear as a raw '<' followed by its
	// tag; escaped text reads "&lt;script". Words like onerror= and
	// javascript: may occur, but only inside text and attribute values,
	// which the parsed checks above cover.
	raw := strings.ToLower(string(svg))
	for _, bad := range []string{"<script", "<img", "<b>", "<iframe", "<foreignobject", "<style"} {
		if strings.Contains(raw, bad) {
			t.Errorf("raw SVG contains %q", bad)
		}
	}
}

// TestHostileSchema renders the fixture schema of hostile identifiers and
// comments and checks that the SVG is well-formed, shows every name as
// text, carries the comments only as escaped tooltip text, and contains no
// markup, event handlers or script links from user text.
func TestHostileSchema(t *testing.T) {
	s := fixture(t, "hostile db")
	r := newRenderer(t, Options{Link: tableLink})
	svg, err := r.Schema(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSVG(t, svg)
	assertOnlyText(t, svg, doc)

	for _, tb := range s.Tables {
		if !has(doc.texts, tb.Name) {
			t.Errorf("no text %q in the SVG", tb.Name)
		}
		if !has(doc.titles, tb.Name) {
			t.Errorf("no node titled %q in the SVG", tb.Name)
		}
		for _, c := range tb.Columns {
			if !has(doc.texts, c.Name) {
				t.Errorf("no text %q (column of %q) in the SVG", c.Name, tb.Name)
			}
		}
		tip, ok := doc.tooltipOf(tableLink(tb.Name))
		if !ok {
			t.Errorf("table %q has no link to %q", tb.Name, tableLink(tb.Name))
			continue
		}
		if !strings.HasPrefix(tip, tb.Name) {
			t.Errorf("tooltip of %q is %q", tb.Name, tip)
		}
	}
	// The comments with markup are present as text only.
	for name, comment := range map[string]string{
		"select": "<img src=x onerror=alert(1)>",
		"order":  "line one\nline two | with `backticks` and {{ .Name }}",
	} {
		tip, _ := doc.tooltipOf(tableLink(name))
		if want := name + "\n" + comment; tip != want {
			t.Errorf("tooltip of %q = %q, want %q", name, tip, want)
		}
	}
	// Column comments are never drawn.
	for _, c := range []string{"<script>alert(1)</script>", "javascript:alert(1)"} {
		if bytes.Contains(svg, []byte(xmlEscape(c))) || bytes.Contains(svg, []byte(c)) {
			t.Errorf("column comment %q appears in the SVG", c)
		}
	}
}

// nastyNames are identifiers that stress every escaping layer: XML
// specials, DOT quoting, Graphviz backslash escapes (\N is the node name,
// \l a line break), control and bidi characters, invalid UTF-8, entities
// that must stay literal, and strings that look like markup or script.
func nastyNames() []string {
	return []string{
		`back\slash`, `\N`, `\G\L\T\H\E\l\n`, `trailing\`, `\\double`, `\"`, `"quoted"`,
		"new\nline", `new\nline`, "tab\there", "ctl\x01\x1f\x7f", "bidi\u202eevil", "bad\xffutf8",
		"nonchar\uffff", `<&>`, `&amp;`, `&#60;`, `]]>`, `--> <!--`, `{curly}|pipe[]`,
		"emoji 👩‍💻 ⚡", "javascript:alert(1)", `<script>alert(1)</script>`, `x" onerror="alert(1)`,
		"日本語テーブル", `a'b`,
	}
}

// nastySchema returns a schema whose table and column names are
// nastyNames, each table related to the next, with comments that hold
// backslashes and markup.
func nastySchema() *schema.Schema {
	s := &schema.Schema{Name: `nasty\ <schema>`}
	names := nastyNames()
	for i, n := range names {
		t := &schema.Table{Name: n, Type: "BASE TABLE", Comment: `C:\temp\x \N \\ ` + n}
		t.Columns = []*schema.Column{{Name: "id", Type: "int", PK: true}}
		for j := range 3 {
			c := names[(i+j+1)%len(names)]
			t.Columns = append(t.Columns, &schema.Column{Name: c, Type: `enum('\N','<b>')`})
		}
		s.Tables = append(s.Tables, t)
	}
	for i := 1; i < len(s.Tables); i++ {
		child, parent := s.Tables[i], s.Tables[i-1]
		s.Relations = append(s.Relations, &schema.Relation{
			Table: child, Columns: []*schema.Column{child.Columns[1]},
			ParentTable: parent, ParentColumns: []*schema.Column{parent.Columns[0]},
			Cardinality: schema.ZeroOrMore, ParentCardinality: schema.ExactlyOne,
		})
	}
	return s
}

// TestEscapingRoundTrip renders tables named after nastyNames and reads
// the SVG back: every name must come out exactly as cleanLine shows it, in
// the node label, the node title and the tooltip, and the tooltip must
// carry the comment's backslashes unchanged.
func TestEscapingRoundTrip(t *testing.T) {
	s := nastySchema()
	link := func(table string) string { return fmt.Sprintf("t/%x.html", table) }
	r := newRenderer(t, Options{Link: link})
	svg, err := r.Schema(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSVG(t, svg)
	assertOnlyText(t, svg, doc)
	for _, tb := range s.Tables {
		shown := cleanLine(tb.Name)
		if !has(doc.texts, shown) {
			t.Errorf("table %q: no text %q in the SVG", tb.Name, shown)
		}
		if !has(doc.titles, shown) && !has(doc.titles, shown+" #2") {
			t.Errorf("table %q: no node titled %q in the SVG", tb.Name, shown)
		}
		tip, ok := doc.tooltipOf(link(tb.Name))
		if !ok {
			t.Errorf("table %q: no link", tb.Name)
			continue
		}
		if want := cleanMultiline(tb.Name + "\n" + tb.Comment); tip != want {
			t.Errorf("table %q: tooltip %q, want %q", tb.Name, tip, want)
		}
	}
	if !has(doc.texts, `enum('\N','<b>')`) {
		t.Errorf("column type with a backslash not shown literally")
	}
	// Two names that look the same once cleaned get distinct nodes.
	if !has(doc.titles, `new\nline`) || !has(doc.titles, `new\nline #2`) {
		t.Errorf("colliding cleaned names did not get distinct nodes: titles %q", doc.titles)
	}
	// Edge tooltips name both ends and their columns.
	var edgeTips []string
	for _, a := range doc.anchors {
		if a.href == "" {
			edgeTips = append(edgeTips, a.title)
		}
	}
	for _, rel := range s.Relations {
		want := cleanMultiline(rel.Table.Name + " (" + rel.Columns[0].Name + ") → " + rel.ParentTable.Name + " (id)")
		if !has(edgeTips, want) {
			t.Errorf("no edge tooltip %q", want)
		}
	}
}

// TestCleanLine checks the printable form of names.
func TestCleanLine(t *testing.T) {
	for in, want := range map[string]string{
		"plain":        "plain",
		"a\nb\r\tc":    `a\nb\r\tc`,
		"\x00\x1f\x7f": `\x00\x1f\x7f`,
		"\u0085":       `\x85`,
		"rtl\u202e":    `rtl\u202e`,
		"bad\xff":      "bad\uFFFD",
		"\uFFFE\uFFFF": "\uFFFD\uFFFD",
		"日本 ⚡ 👩‍💻":     "日本 ⚡ 👩‍💻",
		`\N`:           `\N`,
	} {
		if got := cleanLine(in); got != want {
			t.Errorf("cleanLine(%q) = %q, want %q", in, got, want)
		}
	}
	if got, want := cleanMultiline("a\r\nb\rc\td\x01"), "a\nb\nc d\\x01"; got != want {
		t.Errorf("cleanMultiline = %q, want %q", got, want)
	}
}

// TestQuotedURL checks which links survive and how they are encoded.
func TestQuotedURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                             "",
		"tables/order.html":            `"tables/order.html"`,
		"tables/a b.html":              `"tables/a%20b.html"`,
		`t/"x"<y>\z.html`:              `"t/%22x%22%3Cy%3E%5Cz.html"`,
		"https://example.com/?a=1&b=2": `"https://example.com/?a=1&amp;b=2"`,
		"HTTP://EXAMPLE.COM/":          `"HTTP://EXAMPLE.COM/"`,
		"../⚡.html":                    `"../⚡.html"`,
		"javascript:alert(1)":          "",
		"JavaScript:alert(1)":          "",
		" javascript:alert(1)":         "",
		"java\tscript:alert(1)":        "",
		"data:text/html,<script>":      "",
		"vbscript:x":                   "",
		"a\nb":                         "",
		"bad\xff":                      "",
	} {
		if got := quotedURL(in); got != want {
			t.Errorf("quotedURL(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestUnsafeLinkDropped checks that a Link function that builds a script
// URL from a table name gets no link at all.
func TestUnsafeLinkDropped(t *testing.T) {
	s := &schema.Schema{Name: "x", Tables: []*schema.Table{{Name: "javascript:alert(1)"}, {Name: "ok"}}}
	r := newRenderer(t, Options{Link: func(table string) string { return table }})
	svg, err := r.Schema(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseSVG(t, svg)
	if got := doc.attrs["href"]; len(got) != 1 || got[0] != "ok" {
		t.Errorf("links = %q, want only \"ok\"", got)
	}
}

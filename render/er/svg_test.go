package er

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// svgDoc is what an SVG document holds, as an XML parser reads it.
type svgDoc struct {
	elements map[string]int      // element local name → count
	attrs    map[string][]string // attribute local name → values (xlink:href → "href")
	texts    []string            // contents of <text> elements
	titles   []string            // contents of <title> elements
	anchors  []anchor            // <a> elements in document order
}

// anchor is one <a> of the SVG: Graphviz wraps each node and edge that has
// a URL or tooltip in one.
type anchor struct{ href, title string }

// parseSVG reads svg with encoding/xml in strict mode, failing the test if
// the document is not well-formed.
func parseSVG(t testing.TB, svg []byte) svgDoc {
	t.Helper()
	doc := svgDoc{elements: map[string]int{}, attrs: map[string][]string{}}
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	var stack []string
	var text strings.Builder
	roots := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				roots++
			}
			stack = append(stack, tok.Name.Local)
			doc.elements[tok.Name.Local]++
			var a anchor
			for _, at := range tok.Attr {
				doc.attrs[at.Name.Local] = append(doc.attrs[at.Name.Local], at.Value)
				switch at.Name.Local {
				case "href":
					a.href = at.Value
				case "title":
					a.title = at.Value
				}
			}
			if tok.Name.Local == "a" {
				doc.anchors = append(doc.anchors, a)
			}
			text.Reset()
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			switch tok.Name.Local {
			case "text":
				doc.texts = append(doc.texts, text.String())
			case "title":
				doc.titles = append(doc.titles, text.String())
			}
			stack = stack[:len(stack)-1]
			text.Reset()
		}
	}
	if roots != 1 || len(stack) != 0 {
		t.Fatalf("SVG has %d root elements and %d unclosed ones", roots, len(stack))
	}
	if doc.elements["svg"] != 1 {
		t.Fatalf("SVG has %d <svg> elements", doc.elements["svg"])
	}
	return doc
}

// wellFormed fails the test unless svg is a well-formed XML document.
func wellFormed(t testing.TB, svg []byte) {
	t.Helper()
	parseSVG(t, svg)
}

// has reports whether list holds s.
func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// tooltipOf returns the tooltip of the anchor linking to href.
func (d svgDoc) tooltipOf(href string) (string, bool) {
	for _, a := range d.anchors {
		if a.href == href {
			return a.title, true
		}
	}
	return "", false
}

package site

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/auroradoc/auroradoc/render/er"
	"github.com/auroradoc/auroradoc/render/svgsafe"
	"github.com/auroradoc/auroradoc/snapshot"
)

// How large a schema diagram may be. The schema page shows a diagram
// fitted to its width (main is at most 1400 px wide: 1,350 px or so of
// content at a 1400 px window); a diagram at most diagramMaxWidth points
// wide then has its 10 pt text at 10 px or more. Wider parts are cut
// again (er.Fit). A part starts from at most partTables tables, well below
// the 80 that used to be one diagram.
const (
	diagramMaxWidth = 1300
	partTables      = 30
)

// schemaDiagrams draws the schema's ER diagram: one diagram when the
// whole schema fits diagramFit, else an index of parts plus one diagram
// per part. Each diagram is written as an SVG file under er/ and as a
// full-size view page next to it (pan and zoom, a way back); the schema
// page shows the schema diagram or the index inline, every table box
// linked to its table page. Names under er/ start with "_", so they
// cannot clash with table diagrams (slugs start with [a-z0-9]). Unchanged
// diagrams come from the renderer's cache; a file is rewritten only when
// its bytes change.
func (tb *targetBuilder) schemaDiagrams(sc *snapshot.Schema, dir string, sp *schemaPage, crumbs []link) error {
	if tb.o.ER == nil || len(sc.Tbls.Tables) == 0 {
		return nil
	}
	parts, err := tb.o.ER.Overview(tb.ctx, sc.Tbls, er.Fit{MaxTables: partTables, MaxWidth: diagramMaxWidth})
	if err != nil {
		return fmt.Errorf("drawing ER diagrams: %w", err)
	}
	index := "er/_schema.html"
	for _, p := range parts {
		base := "er/_part-" + p.Name
		title := fmt.Sprintf("%s: %s (%d tables)", sc.Name, p.Name, len(p.Tables))
		if p.Name == er.IndexPart || len(parts) == 1 {
			base, title = "er/_schema", "ER diagram of "+sc.Name
			if len(parts) > 1 {
				title = "ER diagram of " + sc.Name + ": index of its parts"
			}
		} else {
			sp.Parts = append(sp.Parts, link{Text: fmt.Sprintf("%s (%d tables)", p.Name, len(p.Tables)), Href: base + ".html"})
		}
		if err := tb.w.write(dir+base+".svg", p.SVG); err != nil {
			return err
		}
		dp := &diagramPage{Schema: sc.Name, Title: title, Back: "../index.html", SVGFile: "_" + base[len("er/_"):] + ".svg"}
		if base != "er/_schema" {
			dp.Index = "_schema.html"
		}
		dp.SVG, dp.Image = diagramMarkup(p.SVG)
		page := dir + base + ".html"
		if err := tb.w.render(page, "diagram", title, append(crumbs, link{Text: "diagram", Href: page}), dp); err != nil {
			return err
		}
	}
	sp.ER, sp.ERImage = diagramMarkup(fromParent(parts[0].SVG))
	sp.ERView = index
	return nil
}

// diagramMarkup returns a diagram as markup for a page when svgsafe
// allows it (links work), else as an image.
func diagramMarkup(svg []byte) (template.HTML, template.URL) {
	if markup, ok := inlineSVG(svgsafe.StripProlog(svg)); ok {
		return markup, ""
	}
	return "", dataURL(svg)
}

// fromParent rewrites the links of a diagram of er/ (relative to er/: a
// table page is "../t.html", a part "_part-p.html") for the schema page
// one directory up. Link values are written by the renderers (percent-
// encoded, never holding '"'), so the attribute is found reliably.
func fromParent(svg []byte) []byte {
	const attr = `xlink:href="`
	var out bytes.Buffer
	out.Grow(len(svg) + 256)
	for {
		i := bytes.Index(svg, []byte(attr))
		if i < 0 {
			out.Write(svg)
			return out.Bytes()
		}
		i += len(attr)
		out.Write(svg[:i])
		svg = svg[i:]
		if bytes.HasPrefix(svg, []byte("../")) {
			svg = svg[3:]
		} else {
			out.WriteString("er/")
		}
	}
}

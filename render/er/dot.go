package er

import (
	"strconv"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/erstyle"
	"github.com/auroradoc/auroradoc/render/keys"
)

// Limits that keep nodes and tooltips readable. Column types such as long
// ENUMs are cut; comments only appear in tooltips.
const (
	maxTypeRunes    = 40
	maxTooltipRunes = 600
)

// Colours of the diagrams: one style with render/erlite (render/erstyle).
const (
	colorBorder     = erstyle.Border
	colorHeader     = erstyle.Header
	colorViewHeader = erstyle.ViewHeader
	colorKey        = erstyle.Key
	colorMuted      = erstyle.Muted
	colorEdge       = erstyle.Edge
)

// graphHeader opens a diagram: left-to-right, parents to the left of their
// children.
const graphHeader = `digraph er {
  graph [charset="UTF-8", rankdir="LR", fontname="Helvetica", fontsize="10", nodesep="0.3", ranksep="0.7", pad="0.2", bgcolor="transparent"]
  node [shape="plain", fontname="Helvetica", fontsize="10", color="` + colorBorder + `"]
  edge [fontname="Helvetica", fontsize="10", color="` + colorEdge + `", arrowsize="0.8", dir="both"]
`

// view is one diagram cut from a model.
type view struct {
	nodes []int        // nodes to draw, sorted
	ghost map[int]bool // local nodes drawn as references to another part
}

// dotSource writes the DOT source of v. It depends only on the nodes of v
// (their tables, columns and relations) and on link, so a diagram whose
// tables did not change gets the same source and the same cache key.
func dotSource(m *model, v view, link func(string) string) []byte {
	in := make(map[int]bool, len(v.nodes))
	for _, i := range v.nodes {
		in[i] = true
	}
	var b strings.Builder
	b.WriteString(graphHeader)
	for _, i := range v.nodes {
		switch {
		case !m.isLocal(i):
			writeExternal(&b, m, i)
		case v.ghost[i]:
			writeGhost(&b, m, i, link)
		default:
			writeTable(&b, m, i, link)
		}
	}
	for _, e := range m.rels {
		if !in[e.child] || !in[e.parent] {
			continue
		}
		// Relations between tables of other parts belong to those parts.
		if v.ghost[e.child] && (v.ghost[e.parent] || !m.isLocal(e.parent)) {
			continue
		}
		writeEdge(&b, m, e)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// writeTable writes a table node: a header with the name and one row per
// column with its key marks, name and type.
func writeTable(b *strings.Builder, m *model, i int, link func(string) string) {
	t := m.tables[i]
	pk, fk := m.keyFlags(i)
	isView := strings.EqualFold(t.Type, "VIEW") || strings.EqualFold(t.Type, "MATERIALIZED VIEW")

	header := colorHeader
	if isView {
		header = colorViewHeader
	}
	b.WriteString("  ")
	b.WriteString(m.ids[i])
	b.WriteString(` [label=<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" COLOR="` + colorBorder + `" BGCOLOR="white">`)
	b.WriteString(`<TR><TD COLSPAN="3" ALIGN="LEFT" BGCOLOR="` + header + `"><B>`)
	b.WriteString(htmlText(t.Name))
	b.WriteString("</B>")
	if isView {
		b.WriteString(` <I>view</I>`)
	}
	b.WriteString("</TD></TR>")
	shown, hidden := keys.Shown(t, pk, fk)
	for _, c := range shown {
		b.WriteString(`<TR><TD ALIGN="LEFT">`)
		if marks := keyMarks(pk[c.Name], fk[c.Name]); marks != "" {
			b.WriteString(`<FONT COLOR="` + colorKey + `">` + marks + `</FONT>`)
		}
		b.WriteString(`</TD><TD ALIGN="LEFT">`)
		if pk[c.Name] {
			b.WriteString("<B>" + htmlText(c.Name) + "</B>")
		} else {
			b.WriteString(htmlText(c.Name))
		}
		b.WriteString(`</TD><TD ALIGN="LEFT"><FONT COLOR="` + colorMuted + `">`)
		b.WriteString(htmlText(truncate(c.Type, maxTypeRunes)))
		b.WriteString("</FONT></TD></TR>")
	}
	if hidden > 0 {
		// A table too wide to draw whole: its key columns only, and a
		// count of the rest (they are on the table's page).
		b.WriteString(`<TR><TD></TD><TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="` + colorMuted + `"><I>` +
			strconv.Itoa(hidden) + ` more columns</I></FONT></TD></TR>`)
	}
	b.WriteString("</TABLE>>")

	tip := t.Name
	if isView {
		tip += " (view)"
	}
	if t.Comment != "" && !(isView && t.Comment == "VIEW") {
		tip += "\n" + truncate(t.Comment, maxTooltipRunes)
	}
	b.WriteString(", tooltip=" + quotedTooltip(tip))
	writeLink(b, link, t.Name)
	b.WriteString("]\n")
}

// keyMarks returns the marks of a column in the key cell.
func keyMarks(pk, fk bool) string {
	switch {
	case pk && fk:
		return "PK FK"
	case pk:
		return "PK"
	case fk:
		return "FK"
	}
	return ""
}

// writeExternal writes a table of another schema as a dashed box.
func writeExternal(b *strings.Builder, m *model, i int) {
	name := m.name(i)
	b.WriteString("  ")
	b.WriteString(m.ids[i])
	b.WriteString(` [shape="box", style="dashed,rounded", margin="0.1,0.05", label=<<FONT COLOR="` + colorMuted + `">external</FONT><BR/><B>`)
	b.WriteString(htmlText(name))
	b.WriteString("</B>>, tooltip=" + quotedTooltip(name+"\ntable of another schema"))
	b.WriteString("]\n")
}

// writeGhost writes a table that belongs to another diagram of an
// overview: just its name, linked to its page. It does not say which
// part holds the table, so a part's DOT source (its size and cache key)
// depends on its own tables only, not on how the rest was cut.
func writeGhost(b *strings.Builder, m *model, i int, link func(string) string) {
	name := m.name(i)
	b.WriteString("  ")
	b.WriteString(m.ids[i])
	b.WriteString(` [shape="box", style="dashed", margin="0.1,0.05", label=<<B>`)
	b.WriteString(htmlText(name))
	b.WriteString(`</B><BR/><FONT COLOR="` + colorMuted + `">in another diagram</FONT>>, tooltip=`)
	b.WriteString(quotedTooltip(name + "\nin another diagram of this schema"))
	writeLink(b, link, name)
	b.WriteString("]\n")
}

// writeLink adds the URL attribute when link gives a safe URL for name.
func writeLink(b *strings.Builder, link func(string) string, name string) {
	if link == nil {
		return
	}
	if u := quotedURL(link(name)); u != "" {
		b.WriteString(", URL=" + u)
	}
}

// writeEdge writes relation e from parent to child, with crow's-foot
// marks at both ends.
func writeEdge(b *strings.Builder, m *model, e rel) {
	b.WriteString("  ")
	b.WriteString(m.ids[e.parent])
	b.WriteString(" -> ")
	b.WriteString(m.ids[e.child])
	b.WriteString(` [arrowtail="` + arrow(e.r.ParentCardinality, "tee") + `", arrowhead="` + arrow(e.r.Cardinality, "crow") + `"`)
	if e.r.Virtual {
		b.WriteString(`, style="dashed"`)
	}
	tip := m.name(e.child) + " (" + e.cols + ") → " + m.name(e.parent) + " (" + e.pcols + ")"
	b.WriteString(", tooltip=" + quotedTooltip(tip))
	b.WriteString("]\n")
}

// arrow returns the Graphviz arrow for a cardinality in crow's-foot
// notation: the shape nearest the table gives the maximum (tee = one,
// crow = many), the outer one the minimum (odot = zero, tee = one).
// Unknown cardinalities get only the maximum implied by the relation's
// end (fallback).
func arrow(c schema.Cardinality, fallback string) string {
	switch c {
	case schema.ZeroOrOne:
		return "teeodot"
	case schema.ExactlyOne:
		return "teetee"
	case schema.ZeroOrMore:
		return "crowodot"
	case schema.OneOrMore:
		return "crowtee"
	}
	return fallback
}

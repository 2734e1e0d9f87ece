package er

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/auroradoc/auroradoc/render/svgsafe"
)

// Grid layout of a large overview's index (points).
const (
	gridCellW   = 300.0
	gridGap     = 16.0
	gridPad     = 10.0
	gridLineH   = 16.0
	gridMaxCols = 4
	gridLines   = 4 // name, count, sample tables, related parts
	gridCellH   = gridLines*gridLineH + 12
	gridChars   = 50 // of 10 pt Helvetica in a cell, about
)

// gridSVG draws the index of o as a grid of linked part boxes, in part
// order (largest first), as wide as maxWidth allows (at most gridMaxCols
// columns; 0 = gridMaxCols). Each box names the part, its table count, its
// best-connected tables and the parts it has most relations with. Written
// directly (no layout to compute): deterministic, and the SVG opens with
// its content in view at its natural size.
func (o *overview) gridSVG(partLink func(string) string, maxWidth float64) []byte {
	cols := gridMaxCols
	if maxWidth > 0 {
		cols = max(1, min(gridMaxCols, int((maxWidth-2*gridPad+gridGap)/(gridCellW+gridGap))))
	}
	cols = min(cols, len(o.groups))
	rows := (len(o.groups) + cols - 1) / cols
	w := 2*gridPad + float64(cols)*gridCellW + float64(cols-1)*gridGap
	h := 2*gridPad + float64(rows)*gridCellH + float64(rows-1)*gridGap
	related := o.related()

	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="%spt" height="%spt" viewBox="0 0 %s %s" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph index-grid" font-family="Helvetica,sans-Serif" font-size="10">
<title>index</title>
`, num(w), num(h), num(w), num(h))
	for p, g := range o.groups {
		x := gridPad + float64(p%cols)*(gridCellW+gridGap)
		y := gridPad + float64(p/cols)*(gridCellH+gridGap)
		ranked := o.ranked(p)
		names := make([]string, len(ranked))
		for k, i := range ranked {
			names[k] = o.m.name(i)
		}
		b.WriteString(`<g class="node"><title>` + xmlEscape(cleanLine(o.names[p])) + "</title>\n")
		closeA := ""
		if partLink != nil {
			if u := partLink(o.names[p]); svgsafe.Link(u) {
				tip := truncate(tableCount(len(g))+": "+strings.Join(names, ", "), maxTooltipRunes)
				b.WriteString(`<a xlink:href="` + xmlEscape(u) + `" xlink:title="` + xmlEscape(cleanLine(tip)) + "\">\n")
				closeA = "</a>\n"
			}
		}
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" rx="4" fill="white" stroke="%s"/>`+"\n",
			num(x), num(y), num(gridCellW), num(gridCellH), colorBorder)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" rx="4" fill="%s" stroke="%s"/>`+"\n",
			num(x), num(y), num(gridCellW), num(gridLineH+6), colorHeader, colorBorder)
		line := func(k int, attrs, text string) {
			fmt.Fprintf(&b, `<text x="%s" y="%s"%s>%s</text>`+"\n",
				num(x+8), num(y+gridLineH*float64(k+1)), attrs, xmlEscape(cleanLine(fitChars(text, gridChars))))
		}
		line(0, ` font-weight="bold" font-size="12"`, o.names[p])
		line(1, "", tableCount(len(g)))
		line(2, ` fill="`+colorMuted+`"`, strings.Join(names[:min(4, len(names))], ", ")+more(len(names) > 4))
		if rel := related[p]; len(rel) > 0 {
			parts := make([]string, 0, 3)
			for _, r := range rel[:min(3, len(rel))] {
				parts = append(parts, o.names[r.part]+" ("+strconv.Itoa(r.n)+")")
			}
			line(3, ` fill="`+colorMuted+`"`, "related: "+strings.Join(parts, ", ")+more(len(rel) > 3))
		}
		b.WriteString(closeA + "</g>\n")
	}
	b.WriteString("</g>\n</svg>\n")
	return []byte(b.String())
}

// partLinks counts the relations between part p and another part.
type partLinks struct{ part, n int }

// related returns, per part, the other parts it has relations with, most
// relations first, then in part order.
func (o *overview) related() [][]partLinks {
	out := make([][]partLinks, len(o.groups))
	for _, p := range o.pairs() {
		out[p.a] = append(out[p.a], partLinks{p.b, p.n})
		out[p.b] = append(out[p.b], partLinks{p.a, p.n})
	}
	for p := range out {
		slices.SortFunc(out[p], func(x, y partLinks) int { return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.part, y.part)) })
	}
	return out
}

// fitChars shortens s to about n narrow characters (wide ones count two),
// marking a cut with "…".
func fitChars(s string, n int) string {
	width := func(r rune) int {
		if r >= 0x1100 {
			return 2
		}
		return 1
	}
	total := 0
	for _, r := range s {
		total += width(r)
	}
	if total <= n {
		return s
	}
	used := 0
	for i, r := range s {
		if used+width(r) > n-1 {
			return s[:i] + "…"
		}
		used += width(r)
	}
	return s
}

// more returns ", …" when there is more to a list than shown.
func more(cut bool) string {
	if cut {
		return ", …"
	}
	return ""
}

// num formats a coordinate with at most two decimals.
func num(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Package erlite draws the distance-1 neighbourhood of one table as an SVG
// without Graphviz: the focus table in the middle, the tables it references
// (parents) on the left, the tables referencing it (children) on the right.
// The shape is fixed, so the layout is computed directly in pure Go; output
// is deterministic (same schema, same bytes) and safe to inline: every user
// string is cleaned and XML-escaped, links are restricted to relative and
// http(s) URLs (the rules of render/svgsafe), and no scripts, styles or
// foreignObject are written.
package erlite

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/erstyle"
	"github.com/auroradoc/auroradoc/render/keys"
	"github.com/auroradoc/auroradoc/render/schemaindex"
	"github.com/auroradoc/auroradoc/render/svgsafe"
)

// ErrUnknownTable is returned by Table when the schema has no such local table.
var ErrUnknownTable = errors.New("erlite: unknown table")

// Options controls the diagram.
type Options struct {
	// Link returns the relative URL of a neighbour table's page; nil means
	// no links, "" no link for that table. External tables are never linked.
	Link func(table string) string
}

// MaxPerSide is the number of neighbour boxes drawn on each side; the rest
// are summarised in a final "… and N more" box.
const MaxPerSide = 30

// Layout constants (px). Text is 12px Helvetica (erstyle.Font); widths are
// estimated as for monospace, which is wider, so text stays inside its box.
const (
	fontSize   = 12
	asciiW     = 7.2
	wideW      = 12.0
	margin     = 20.0
	pad        = 8.0
	headerH    = 24.0
	rowH       = 20.0
	bottomPad  = 4.0
	boxGap     = 16.0
	colGap     = 110.0
	maxNeighW  = 260.0
	maxHeaderW = 300.0
	maxColName = 200.0
	maxColType = 150.0
	markerW    = 36.0 // "PK FK"
	moreH      = 28.0
	loopReach  = 36.0
)

// Colours (presentation attributes only, readable on white): the style of
// the schema diagrams (render/erstyle).
const (
	colStroke     = erstyle.Border
	colEdge       = erstyle.Edge
	colHeaderFill = erstyle.Header
	colFocusHead  = erstyle.Focus
	colText       = erstyle.Text
	colMuted      = erstyle.Muted
	colExtFill    = erstyle.Paper
	colKey        = erstyle.Key
)

// box is one table drawn as a rectangle with a header and rows.
type box struct {
	name     string // full table name ("… and N more" for the summary box)
	kind     string // "focus", "parent", "child", "more"
	external bool
	href     string // safe link, "" for none
	rows     []row
	comment  string
	typeX    float64 // offset of the type column from x
	x, y     float64
	w, h     float64
	rels     []*schema.Relation
	rowY     map[string]float64 // column name → row centre
}

type row struct {
	name, typ, marks, comment string
	more                      bool // the count of columns left out, not a column
}

// neighbour groups the relations between the focus and one other table.
type neighbour struct {
	name     string
	external bool
	table    *schema.Table // nil for externals not in s.Tables
	rels     []*schema.Relation
}

// Table returns the SVG of table and its direct neighbours in s. The
// schema is only read. To draw many tables of one schema, index it once
// and use TableIn.
func Table(s *schema.Schema, table string, o Options) ([]byte, error) {
	if s == nil {
		return nil, errors.New("erlite: no schema given")
	}
	return TableIn(schemaindex.New(s), table, o)
}

// TableIn is Table for the schema ix indexes: the table and its relations
// are looked up in the index, so the cost does not grow with the schema.
func TableIn(ix *schemaindex.Index, table string, o Options) ([]byte, error) {
	if ix == nil {
		return nil, errors.New("erlite: no schema given")
	}
	focus := ix.Table(table)
	if focus == nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownTable, table)
	}

	parents, children, self := neighbours(ix, focus)
	pk, fk := keys.Columns(ix, focus)

	// Focus box.
	fb := &box{name: focus.Name, kind: "focus", comment: focus.Comment}
	shown, hidden := keys.Shown(focus, pk, fk)
	for _, c := range shown {
		var m []string
		if pk[c.Name] {
			m = append(m, "PK")
		}
		if fk[c.Name] {
			m = append(m, "FK")
		}
		fb.rows = append(fb.rows, row{name: c.Name, typ: c.Type, marks: strings.Join(m, " "), comment: c.Comment})
	}
	if hidden > 0 {
		// Too wide to draw whole: key columns only (all are on the page).
		fb.rows = append(fb.rows, row{name: strconv.Itoa(hidden) + " more columns", more: true})
	}
	nameW, typeW := 0.0, 0.0
	for _, r := range fb.rows {
		nameW = max(nameW, min(textWidth(clean(r.name)), maxColName))
		typeW = max(typeW, min(textWidth(clean(r.typ)), maxColType))
	}
	fb.w = pad + nameW + pad + typeW + pad + markerW + pad
	fb.w = max(fb.w, min(textWidth(clean(focus.Name)), maxHeaderW)+2*pad, 120)
	fb.h = headerH + float64(len(fb.rows))*rowH + bottomPad
	fb.typeX = fb.w - pad - markerW - pad - typeW

	left := sideBoxes(parents, "parent", o, true)
	right := sideBoxes(children, "child", o, false)

	// Columns.
	leftW, rightW := 0.0, 0.0
	for _, b := range left {
		leftW = max(leftW, b.w)
	}
	for _, b := range right {
		rightW = max(rightW, b.w)
	}
	leftH, rightH := stackHeight(left), stackHeight(right)
	innerH := max(leftH, rightH, fb.h)
	focusX := margin
	if len(left) > 0 {
		focusX += leftW + colGap
	} else if len(self) > 0 && len(right) > 0 {
		focusX += loopReach + 8
	}
	rightX := focusX + fb.w + colGap
	width := focusX + fb.w + margin
	if len(right) > 0 {
		width = rightX + rightW + margin
	} else if len(self) > 0 {
		width += loopReach + 8
	}
	height := innerH + 2*margin

	fb.x, fb.y = focusX, margin+(innerH-fb.h)/2
	fb.rowY = rowCentres(fb)
	y := margin + (innerH-leftH)/2
	for _, b := range left {
		b.x, b.y = margin+leftW-b.w, y
		b.rowY = rowCentres(b)
		y += b.h + boxGap
	}
	y = margin + (innerH-rightH)/2
	for _, b := range right {
		b.x, b.y = rightX, y
		b.rowY = rowCentres(b)
		y += b.h + boxGap
	}

	var w svgWriter
	w.buf.Grow(4096 + 1024*(len(left)+len(right)) + 160*len(fb.rows))
	w.s(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.s(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="`)
	w.n(width)
	w.s(`" height="`)
	w.n(height)
	w.s(`" viewBox="0 0 `)
	w.n(width)
	w.s(" ")
	w.n(height)
	w.s(`" font-family="` + erstyle.Font + `" font-size="12">` + "\n")
	w.s("<title>")
	w.text(focus.Name)
	w.s("</title>\n")
	w.s(`<rect x="0" y="0" width="`)
	w.n(width)
	w.s(`" height="`)
	w.n(height)
	w.s(`" fill="#ffffff"/>` + "\n")

	// Edges first, boxes drawn over them.
	w.s(`<g class="edges" fill="none" stroke="` + colEdge + `" stroke-width="1.2">` + "\n")
	for _, b := range left {
		for _, r := range b.rels {
			// child = focus (left edge), parent = b (right edge)
			cy := colY(fb, r.Columns, fb.y+headerH/2)
			py := colY(b, r.ParentColumns, b.y+headerH/2)
			w.edge(r, fb.x, cy, -1, b.x+b.w, py, +1)
		}
	}
	for _, b := range right {
		for _, r := range b.rels {
			// child = b (left edge), parent = focus (right edge)
			cy := colY(b, r.Columns, b.y+headerH/2)
			py := colY(fb, r.ParentColumns, fb.y+headerH/2)
			w.edge(r, b.x, cy, -1, fb.x+fb.w, py, +1)
		}
	}
	// Self-references loop on the side without neighbours, else the right.
	loopX, loopD := fb.x+fb.w, 1.0
	if len(left) == 0 && len(right) > 0 {
		loopX, loopD = fb.x, -1
	}
	for i, r := range self {
		cy := colY(fb, r.Columns, fb.y+headerH/2)
		py := colY(fb, r.ParentColumns, fb.y+headerH/2)
		w.loop(r, loopX, loopD, cy, py, loopReach-float64(i%4)*6)
	}
	w.s("</g>\n")

	w.box(fb, true)
	for _, b := range left {
		w.box(b, false)
	}
	for _, b := range right {
		w.box(b, false)
	}
	w.s("</svg>\n")
	return w.buf.Bytes(), nil
}

// neighbours returns the parent and child tables of focus, sorted by name
// (relations within a table by definition), and its self-references.
func neighbours(ix *schemaindex.Index, focus *schema.Table) (parents, children []*neighbour, self []*schema.Relation) {
	pm, cm := map[string]*neighbour{}, map[string]*neighbour{}
	for _, r := range ix.Touching(focus.Name, false) {
		if r == nil || r.HideForER || r.Table == nil || r.ParentTable == nil {
			continue
		}
		isChild := r.Table.Name == focus.Name && !r.Table.External
		isParent := r.ParentTable.Name == focus.Name && !r.ParentTable.External
		switch {
		case isChild && isParent:
			self = append(self, r)
		case isChild:
			name := r.ParentTable.Name
			n := pm[name]
			if n == nil {
				n = &neighbour{name: name, external: r.ParentTable.External}
				if t := ix.Lookup(name); t != nil {
					n.table = t
					n.external = n.external || t.External
				} else {
					n.external = true
				}
				pm[name] = n
			}
			n.rels = append(n.rels, r)
		case isParent:
			name := r.Table.Name
			n := cm[name]
			if n == nil {
				n = &neighbour{name: name, table: ix.Lookup(name)}
				cm[name] = n
			}
			n.rels = append(n.rels, r)
		}
	}
	sortRels := func(rs []*schema.Relation) {
		slices.SortStableFunc(rs, func(a, b *schema.Relation) int {
			return cmp.Or(
				strings.Compare(a.Def, b.Def),
				strings.Compare(colList(a.Columns), colList(b.Columns)),
				strings.Compare(colList(a.ParentColumns), colList(b.ParentColumns)),
			)
		})
	}
	collect := func(m map[string]*neighbour) []*neighbour {
		out := make([]*neighbour, 0, len(m))
		for _, n := range m {
			sortRels(n.rels)
			out = append(out, n)
		}
		slices.SortFunc(out, func(a, b *neighbour) int {
			return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.rels[0].Def, b.rels[0].Def))
		})
		return out
	}
	sortRels(self)
	return collect(pm), collect(cm), self
}

func colList(cs []*schema.Column) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteString(", ")
		}
		if c != nil {
			b.WriteString(c.Name)
		}
	}
	return b.String()
}

// sideBoxes builds the boxes of one side, capped at MaxPerSide plus a
// summary box.
func sideBoxes(ns []*neighbour, kind string, o Options, parentSide bool) []*box {
	var out []*box
	for i, n := range ns {
		if i == MaxPerSide {
			more := len(ns) - MaxPerSide
			label := "… and " + strconv.Itoa(more) + " more"
			b := &box{name: label, kind: "more", h: moreH}
			b.w = max(min(textWidth(label), maxNeighW)+2*pad, 100)
			out = append(out, b)
			break
		}
		b := &box{name: n.name, kind: kind, external: n.external, rels: n.rels}
		if n.table != nil {
			b.comment = n.table.Comment
		}
		if !n.external && o.Link != nil {
			b.href = safeURL(o.Link(n.name))
		}
		// Columns involved, in table order when known.
		seen := map[string]bool{}
		var cols []*schema.Column
		for _, r := range n.rels {
			cs := r.Columns
			if parentSide {
				cs = r.ParentColumns
			}
			for _, c := range cs {
				if c != nil && !seen[c.Name] {
					seen[c.Name] = true
					cols = append(cols, c)
				}
			}
		}
		if n.table != nil {
			pos := map[string]int{}
			for j, c := range n.table.Columns {
				if c != nil {
					if _, ok := pos[c.Name]; !ok {
						pos[c.Name] = j
					}
				}
			}
			slices.SortStableFunc(cols, func(a, b *schema.Column) int {
				pa, oka := pos[a.Name]
				pb, okb := pos[b.Name]
				if !oka {
					pa = math.MaxInt
				}
				if !okb {
					pb = math.MaxInt
				}
				return cmp.Compare(pa, pb)
			})
		}
		nameW, typeW := 0.0, 0.0
		for _, c := range cols {
			b.rows = append(b.rows, row{name: c.Name, typ: c.Type, comment: c.Comment})
			nameW = max(nameW, textWidth(clean(c.Name)))
			typeW = max(typeW, textWidth(clean(c.Type)))
		}
		w := pad + nameW + pad
		if typeW > 0 {
			w += typeW + pad
		}
		w = max(w, textWidth(clean(n.name))+2*pad, 100)
		b.w = min(w, maxNeighW)
		b.typeX = min(pad+nameW+pad, b.w)
		b.h = headerH + float64(len(b.rows))*rowH + bottomPad
		out = append(out, b)
	}
	return out
}

func stackHeight(bs []*box) float64 {
	h := 0.0
	for i, b := range bs {
		if i > 0 {
			h += boxGap
		}
		h += b.h
	}
	return h
}

func rowCentres(b *box) map[string]float64 {
	m := make(map[string]float64, len(b.rows))
	for i, r := range b.rows {
		if _, ok := m[r.name]; !ok && !r.more {
			m[r.name] = b.y + headerH + float64(i)*rowH + rowH/2
		}
	}
	return m
}

// colY returns the row centre of the first of cs found in b, or def.
func colY(b *box, cs []*schema.Column, def float64) float64 {
	for _, c := range cs {
		if c == nil {
			continue
		}
		if y, ok := b.rowY[c.Name]; ok {
			return y
		}
	}
	return def
}

// ---- text ----

// clean returns s as one line of text XML 1.0 can carry: what
// svgsafe.Clean hands over (control and bidi characters) becomes U+FFFD,
// except tabs and line breaks, which become spaces.
func clean(s string) string {
	return svgsafe.Clean(s, func(r rune) string {
		if r == '\t' || r == '\n' || r == '\r' {
			return " "
		}
		return "\uFFFD"
	})
}

// cleanMultiline is clean keeping line breaks (for tooltips).
func cleanMultiline(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = clean(p)
	}
	return strings.Join(parts, "\n")
}

// runeWidth estimates the advance of r at 12px (as monospace: an upper
// bound for Helvetica).
func runeWidth(r rune) float64 {
	switch {
	case r < 0x80:
		return asciiW
	case r == 0x200d || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || (r >= 0xfe00 && r <= 0xfe0f):
		return 0
	case isWide(r):
		return wideW
	default:
		return asciiW
	}
}

// isWide is an East Asian width heuristic: Han, kana, Hangul, fullwidth
// forms and emoji are wide.
func isWide(r rune) bool {
	switch {
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r), unicode.Is(unicode.Hangul, r):
		return true
	case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0x303e, r >= 0x3041 && r <= 0x33ff,
		r >= 0xac00 && r <= 0xd7a3, r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f,
		r >= 0xff00 && r <= 0xff60, r >= 0xffe0 && r <= 0xffe6:
		return true
	case r >= 0x1f000 && r <= 0x1faff, r >= 0x2600 && r <= 0x27bf, r >= 0x2b00 && r <= 0x2bff,
		r >= 0x20000 && r <= 0x3fffd:
		return true
	}
	return false
}

func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// clamp returns s cut with "…" to fit maxW px, and whether it was cut.
func clamp(s string, maxW float64) (string, bool) {
	maxW += 0.01 // widths are sums of decimals
	if textWidth(s) <= maxW {
		return s, false
	}
	ell := runeWidth('…')
	w := 0.0
	for i, r := range s {
		rw := runeWidth(r)
		if w+rw+ell > maxW {
			return s[:i] + "…", true
		}
		w += rw
	}
	return s, false
}

// safeURL returns link if a diagram may carry it (svgsafe.Link) and it
// holds no white space or backslash (erlite writes links as given, only
// XML-escaped), else "".
func safeURL(link string) string {
	if !svgsafe.Link(link) || strings.ContainsFunc(link, func(r rune) bool { return unicode.IsSpace(r) || r == '\\' }) {
		return ""
	}
	return link
}

// ---- writer ----

type svgWriter struct{ buf bytes.Buffer }

func (w *svgWriter) s(s string) { w.buf.WriteString(s) }

// n writes v rounded to 0.1, without trailing zeros.
func (w *svgWriter) n(v float64) {
	t := int64(math.Round(v * 10))
	if t < 0 {
		w.buf.WriteByte('-')
		t = -t
	}
	w.buf.Write(strconv.AppendInt(w.buf.AvailableBuffer(), t/10, 10))
	if f := t % 10; f != 0 {
		w.buf.WriteByte('.')
		w.buf.WriteByte(byte('0' + f))
	}
}

// text writes s cleaned and XML-escaped.
func (w *svgWriter) text(s string) { w.esc(clean(s)) }

func (w *svgWriter) esc(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			rep = "&quot;"
		case '\'':
			rep = "&#39;"
		case '\n':
			rep = "&#10;"
		default:
			continue
		}
		w.buf.WriteString(s[last:i])
		w.buf.WriteString(rep)
		last = i + 1
	}
	w.buf.WriteString(s[last:])
}

// title writes a <title> child with name and an optional comment.
func (w *svgWriter) title(parts ...string) {
	w.s("<title>")
	first := true
	for _, p := range parts {
		if p == "" {
			continue
		}
		if !first {
			w.s("\n")
		}
		first = false
		w.esc(cleanMultiline(p))
	}
	w.s("</title>")
}

func (w *svgWriter) textEl(x, y float64, attrs, s string) {
	w.s(`<text x="`)
	w.n(x)
	w.s(`" y="`)
	w.n(y)
	w.s(`"`)
	w.s(attrs)
	w.s(">")
	w.esc(s)
	w.s("</text>")
}

func (w *svgWriter) rect(class string, x, y, wd, h float64, attrs string) {
	w.s("<rect")
	if class != "" {
		w.s(` class="` + class + `"`)
	}
	w.s(` x="`)
	w.n(x)
	w.s(`" y="`)
	w.n(y)
	w.s(`" width="`)
	w.n(wd)
	w.s(`" height="`)
	w.n(h)
	w.s(`"`)
	w.s(attrs)
	w.s("/>")
}

// box writes b.
func (w *svgWriter) box(b *box, focus bool) {
	w.s(`<g class="table ` + b.kind)
	if b.external {
		w.s(" external")
	}
	w.s(`" data-table="`)
	w.text(b.name)
	w.s(`">`)
	if b.href != "" {
		w.s(`<a href="`)
		w.esc(b.href)
		w.s(`" xlink:href="`)
		w.esc(b.href)
		w.s(`">`)
	}
	if b.kind == "more" {
		w.title(b.name)
		w.rect("box", b.x, b.y, b.w, b.h, ` rx="3" fill="#ffffff" stroke="`+colStroke+`" stroke-dasharray="2,2"`)
		w.textEl(b.x+pad, b.y+18, ` fill="`+colMuted+`" font-style="italic"`, b.name)
		w.s("</g>\n")
		return
	}
	if b.external {
		w.title(b.name, "external table")
	} else {
		w.title(b.name, b.comment)
	}
	fill, headFill, headText := "#ffffff", colHeaderFill, colText
	dash := ""
	if focus {
		headFill, headText = colFocusHead, "#ffffff"
	}
	if b.external {
		fill, headFill = colExtFill, colExtFill
		dash = ` stroke-dasharray="5,3"`
	}
	sw := "1"
	if focus {
		sw = "1.5"
	}
	w.rect("box", b.x, b.y, b.w, b.h, ` rx="3" fill="`+fill+`" stroke="`+colStroke+`" stroke-width="`+sw+`"`+dash)
	w.rect("", b.x, b.y, b.w, headerH, ` rx="3" fill="`+headFill+`" stroke="`+colStroke+`" stroke-width="`+sw+`"`+dash)
	name, _ := clamp(clean(b.name), b.w-2*pad)
	w.textEl(b.x+pad, b.y+16, ` font-weight="bold" fill="`+headText+`"`, name)
	for i, r := range b.rows {
		top := b.y + headerH + float64(i)*rowH
		base := top + 14
		w.s("<g>")
		cn, cut1 := clean(r.name), false
		ct, cut2 := clean(r.typ), false
		if focus {
			cn, cut1 = clamp(cn, maxColName)
			ct, cut2 = clamp(ct, maxColType)
		} else {
			cn, cut1 = clamp(cn, b.w-2*pad)
			if avail := b.w - b.typeX - pad; avail < 3*asciiW {
				ct, cut2 = "", r.typ != ""
			} else {
				ct, cut2 = clamp(ct, avail)
			}
		}
		if r.comment != "" || cut1 || cut2 {
			w.title(r.name+" "+r.typ, r.comment)
		}
		if i%2 == 1 {
			w.rect("", b.x+1, top, b.w-2, rowH, ` fill="`+erstyle.Stripe+`"`)
		}
		if r.more {
			w.textEl(b.x+pad, base, ` font-style="italic" fill="`+colMuted+`"`, cn)
		} else {
			w.textEl(b.x+pad, base, ` fill="`+colText+`"`, cn)
		}
		if ct != "" {
			w.textEl(b.x+b.typeX, base, ` fill="`+colMuted+`"`, ct)
		}
		if r.marks != "" {
			w.textEl(b.x+b.w-pad, base, ` text-anchor="end" font-weight="bold" fill="`+colKey+`"`, r.marks)
		}
		w.s("</g>")
	}
	if b.href != "" {
		w.s("</a>")
	}
	w.s("</g>\n")
}

// edge writes the relation from the child point (cx,cy), leaving in
// direction cd, to the parent point (px,py), leaving in direction pd.
func (w *svgWriter) edge(r *schema.Relation, cx, cy, cd, px, py, pd float64) {
	k := max(40, math.Abs(cx-px)/2)
	w.s(`<g class="relation">`)
	w.title(r.Def)
	w.s(`<path d="M`)
	w.pt(cx, cy)
	w.s(" C")
	w.pt(cx+cd*k, cy)
	w.s(" ")
	w.pt(px+pd*k, py)
	w.s(" ")
	w.pt(px, py)
	w.s(`"/>`)
	w.mark(r.Cardinality, cx, cy, cd)
	w.mark(r.ParentCardinality, px, py, pd)
	w.s("</g>\n")
}

// loop writes a self-reference on the edge x of the focus box, bulging
// in direction d.
func (w *svgWriter) loop(r *schema.Relation, x, d, cy, py, reach float64) {
	if cy == py {
		py += rowH / 2
		cy -= rowH / 2
	}
	w.s(`<g class="relation self">`)
	w.title(r.Def)
	w.s(`<path d="M`)
	w.pt(x, cy)
	w.s(" C")
	w.pt(x+d*reach*1.6, cy)
	w.s(" ")
	w.pt(x+d*reach*1.6, py)
	w.s(" ")
	w.pt(x, py)
	w.s(`"/>`)
	w.mark(r.Cardinality, x, cy, d)
	w.mark(r.ParentCardinality, x, py, d)
	w.s("</g>\n")
}

func (w *svgWriter) pt(x, y float64) {
	w.n(x)
	w.s(",")
	w.n(y)
}

func (w *svgWriter) line(x1, y1, x2, y2 float64) {
	w.s(`<path d="M`)
	w.pt(x1, y1)
	w.s(" L")
	w.pt(x2, y2)
	w.s(`"/>`)
}

// mark writes the cardinality mark at (x,y) on a box edge; d is the
// direction away from the box.
func (w *svgWriter) mark(c schema.Cardinality, x, y, d float64) {
	crow := func() {
		w.line(x+d*12, y, x, y-6)
		w.line(x+d*12, y, x, y+6)
	}
	bar := func(off float64) { w.line(x+d*off, y-6, x+d*off, y+6) }
	circle := func(off float64) {
		w.s(`<circle cx="`)
		w.n(x + d*off)
		w.s(`" cy="`)
		w.n(y)
		w.s(`" r="4" fill="#ffffff"/>`)
	}
	switch c {
	case schema.ZeroOrMore:
		crow()
		circle(18)
	case schema.OneOrMore:
		crow()
		bar(16)
	case schema.ZeroOrOne:
		bar(10)
		circle(18)
	case schema.ExactlyOne:
		bar(8)
		bar(13)
	}
}

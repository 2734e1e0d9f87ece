package er

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/k1LoW/tbls/schema"
)

// IndexPart is the name of the overview part that shows the other parts.
const IndexPart = "index"

// Part is one diagram of an overview.
type Part struct {
	// Name identifies the part: lowercase ASCII letters, digits, '-' and
	// '_', safe as a file name. It is derived from the part's
	// best-connected table ("order_item" → "order_item", "Users" →
	// "users"), "-2", "-3"... added when names collide; IndexPart for the
	// index.
	Name string
	// Tables are the names of the schema tables the part is about, sorted;
	// empty for the index.
	Tables []string
	SVG    []byte
}

// Fit bounds the diagrams of an overview.
type Fit struct {
	// MaxTables is the most tables a part starts with (at least 1).
	MaxTables int
	// MaxWidth is the widest a diagram may be laid out, in points (the
	// SVG's user units, which a 10 pt label is measured in): a part laid
	// out wider is cut in two and laid out again, down to single tables,
	// so that the diagram shown at MaxWidth pixels has text of at least
	// its font size. 0 means no limit.
	MaxWidth float64
}

// Overview splits the schema into parts that fit f and keep related
// tables together, and renders each. Connected components of the relation
// graph come first; larger ones are cut by growing parts around their
// best-connected tables (a shared name prefix breaks ties); small
// components and lone tables are packed together. A part whose layout is
// wider than f.MaxWidth is cut again. Parts are laid out concurrently
// (the worker pool bounds how many at once).
//
// Each part shows its tables (with all their columns, or their key
// columns only when they have more than keys.MaxDiagramColumns), the
// external tables they reference and, as small dashed boxes linked to
// their pages, the tables of other parts they reference.
//
// When the whole schema fits in one part, that part is the only one
// returned. Otherwise (an empty schema included) the first part is the index (named IndexPart): a
// node per part (name, table count, best-connected tables) linked with
// Options.PartLink. With up to maxGraphIndexParts parts that fit f, it is
// a spring-layout graph with an edge per pair of related parts, labelled
// with the number of relations; with more it is a grid of the parts in
// order, each naming the parts it has most relations with (a graph of
// dozens of parts is a hairball).
func (r *Renderer) Overview(ctx context.Context, s *schema.Schema, f Fit) ([]Part, error) {
	if s == nil {
		return nil, errors.New("rendering overview: no schema given")
	}
	if f.MaxTables < 1 {
		return nil, fmt.Errorf("rendering overview: MaxTables %d is less than 1", f.MaxTables)
	}
	m, err := newModel(s)
	if err != nil {
		return nil, fmt.Errorf("rendering overview of schema %q: %w", s.Name, err)
	}
	groups, svgs, err := r.fitParts(ctx, m, f)
	if err != nil {
		return nil, fmt.Errorf("rendering overview of schema %q: %w", s.Name, err)
	}
	o := m.overviewOf(groups)
	parts := make([]Part, 0, len(groups)+1)
	if len(groups) != 1 {
		svg, err := r.index(ctx, o, f)
		if err != nil {
			return nil, fmt.Errorf("rendering overview of schema %q: index: %w", s.Name, err)
		}
		parts = append(parts, Part{Name: IndexPart, SVG: svg})
	}
	for p := range o.groups {
		tables := make([]string, len(o.groups[p]))
		for k, i := range o.groups[p] {
			tables[k] = m.name(i)
		}
		parts = append(parts, Part{Name: o.names[p], Tables: tables, SVG: svgs[p]})
	}
	return parts, nil
}

// maxGraphIndexParts is the most parts an index draws as a graph.
const maxGraphIndexParts = 8

// fitParts cuts m into groups that fit f and lays them out: groups of
// f.MaxTables first, those whose estimated width (estimateWidth) is well
// over f.MaxWidth cut in two before any layout, then every group laid out
// wider than f.MaxWidth cut in two, until all fit or are single tables. Groups come back in the
// order partition gives them, a cut group's pieces in its place.
func (r *Renderer) fitParts(ctx context.Context, m *model, f Fit) ([][]int, [][]byte, error) {
	all := make([]int, len(m.tables))
	for i := range all {
		all[i] = i
	}
	// Parts clearly too wide by the estimate are cut before any layout:
	// a layout costs far more than the estimate.
	var groups [][]int
	var cut func(g []int)
	cut = func(g []int) {
		if f.MaxWidth > 0 && len(g) > 1 && m.estimateWidth(g) > estimateSlack*f.MaxWidth {
			for _, piece := range m.partitionOf(g, (len(g)+1)/2) {
				cut(piece)
			}
			return
		}
		groups = append(groups, g)
	}
	for _, g := range m.partitionOf(all, f.MaxTables) {
		cut(g)
	}
	svgs := make([][]byte, len(groups))
	todo := make([]int, len(groups)) // groups not yet laid out
	for g := range todo {
		todo[g] = g
	}
	for len(todo) > 0 {
		if err := r.renderAll(ctx, todo, func(g int) []byte { return m.partSource(groups[g], r.opts.Link) }, svgs); err != nil {
			return nil, nil, err
		}
		var nextGroups [][]int
		var nextSVGs [][]byte
		todo = todo[:0]
		for g, members := range groups {
			if f.MaxWidth <= 0 || len(members) < 2 || svgWidth(svgs[g]) <= f.MaxWidth {
				nextGroups = append(nextGroups, members)
				nextSVGs = append(nextSVGs, svgs[g])
				continue
			}
			for _, piece := range m.partitionOf(members, (len(members)+1)/2) {
				todo = append(todo, len(nextGroups))
				nextGroups = append(nextGroups, piece)
				nextSVGs = append(nextSVGs, nil)
			}
		}
		groups, svgs = nextGroups, nextSVGs
	}
	return groups, svgs, nil
}

// renderAll lays out source(g) for every g in todo into out[g], several
// at a time (a worker pool runs as many as it has workers; in-process
// layouts queue on the lock).
func (r *Renderer) renderAll(ctx context.Context, todo []int, source func(g int) []byte, out [][]byte) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	sem := make(chan struct{}, 8)
	for _, g := range todo {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			svg, err := r.render(ctx, source(g))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if first == nil {
					first = err
					cancel()
				}
				return
			}
			out[g] = svg
		}()
	}
	wg.Wait()
	return first
}

// svgWidth returns the width of a Graphviz SVG in points (its width
// attribute, "123pt"), or +Inf when it has none.
func svgWidth(svg []byte) float64 {
	i := bytes.Index(svg, []byte("<svg"))
	if i < 0 {
		return math.Inf(1)
	}
	tag := svg[i:]
	if j := bytes.IndexByte(tag, '>'); j >= 0 {
		tag = tag[:j]
	}
	k := bytes.Index(tag, []byte(` width="`))
	if k < 0 {
		return math.Inf(1)
	}
	v := tag[k+len(` width="`):]
	if j := bytes.IndexByte(v, '"'); j >= 0 {
		v = v[:j]
	}
	w, err := strconv.ParseFloat(strings.TrimSuffix(string(v), "pt"), 64)
	if err != nil {
		return math.Inf(1)
	}
	return w
}

// index lays out the index of o: a graph when it has few parts and fits,
// a grid otherwise.
func (r *Renderer) index(ctx context.Context, o *overview, f Fit) ([]byte, error) {
	if len(o.groups) <= maxGraphIndexParts {
		svg, err := r.render(ctx, o.indexDOT(r.opts.PartLink))
		if err != nil {
			return nil, err
		}
		if f.MaxWidth <= 0 || svgWidth(svg) <= f.MaxWidth {
			return svg, nil
		}
	}
	return o.gridSVG(r.opts.PartLink, f.MaxWidth), nil
}

// overview is a schema cut into named parts.
type overview struct {
	m      *model
	groups [][]int  // part → local tables, sorted
	names  []string // part → name
	owner  []int    // local table → part
}

// overviewOf names the parts of m given as groups.
func (m *model) overviewOf(groups [][]int) *overview {
	o := &overview{m: m, groups: groups, owner: make([]int, len(m.tables))}
	used := map[string]bool{IndexPart: true}
	for p, g := range o.groups {
		for _, i := range g {
			o.owner[i] = p
		}
		base := slug(m.tables[o.ranked(p)[0]].Name)
		name := base
		for k := 2; used[name]; k++ {
			name = base + "-" + strconv.Itoa(k)
		}
		used[name] = true
		o.names = append(o.names, name)
	}
	return o
}

// ranked returns the tables of part p, best connected first, then by
// name.
func (o *overview) ranked(p int) []int {
	out := slices.Clone(o.groups[p])
	slices.SortStableFunc(out, func(a, b int) int {
		return cmp.Or(cmp.Compare(len(o.m.adj[b]), len(o.m.adj[a])), cmp.Compare(a, b))
	})
	return out
}

// slug turns a table name into a part name: lowercase ASCII letters,
// digits, '_' and '-', at most 48 bytes, "part" if nothing is left.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	s := strings.Trim(b.String(), "-_")
	if s == "" {
		return "part"
	}
	return s
}

// partSource returns the DOT source of a part holding the local tables
// group (sorted). Tables of other parts that the group's tables reference
// are drawn as small linked boxes; tables of other parts that reference
// the group's tables are not, or a part holding a hub table (say "user")
// would show hundreds of them. The source depends on the group only.
func (m *model) partSource(group []int, link func(string) string) []byte {
	in := make(map[int]bool, len(group))
	for _, i := range group {
		in[i] = true
	}
	v := view{nodes: m.withExternals(group), ghost: map[int]bool{}}
	for _, e := range m.rels {
		if m.isLocal(e.parent) && in[e.child] && !in[e.parent] && !v.ghost[e.parent] {
			v.ghost[e.parent] = true
			v.nodes = append(v.nodes, e.parent)
		}
	}
	slices.Sort(v.nodes)
	return dotSource(m, v, link)
}

// indexHeader opens the index diagram. Parts of a large schema are
// related every which way, so the index uses a spring layout (neato, from
// a fixed regular start): dot's ranks stretched the index of 17 parts of a
// 1,000-table schema to 3,700 × 3,000 pt of parallel edges.
const indexHeader = `digraph index {
  graph [charset="UTF-8", layout="neato", start="regular", overlap="scale", sep="+8", splines="true", fontname="Helvetica", fontsize="10", pad="0.2", bgcolor="transparent"]
  node [shape="box", style="rounded,filled", fillcolor="` + colorHeader + `", color="` + colorBorder + `", fontname="Helvetica", fontsize="10", margin="0.15,0.08"]
  edge [dir="none", color="` + colorEdge + `", fontname="Helvetica", fontsize="10"]
`

// indexDOT returns the DOT source of the index: one node per part, one
// edge per pair of parts with relations between them.
func (o *overview) indexDOT(partLink func(string) string) []byte {
	var b strings.Builder
	b.WriteString(indexHeader)
	for p, g := range o.groups {
		ranked := o.ranked(p)
		names := make([]string, len(ranked))
		for k, i := range ranked {
			names[k] = o.m.name(i)
		}
		sample := names[:min(3, len(names))]
		more := ""
		if len(names) > len(sample) {
			more = ", …"
		}
		b.WriteString("  ")
		b.WriteString(htmlID(o.names[p]))
		b.WriteString(" [label=<<B>" + htmlText(o.names[p]) + "</B><BR/>" + tableCount(len(g)))
		b.WriteString(`<BR/><FONT COLOR="` + colorMuted + `">` + htmlText(strings.Join(sample, ", ")+more) + "</FONT>>")
		b.WriteString(", tooltip=" + quotedTooltip(truncate(tableCount(len(g))+": "+strings.Join(names, ", "), maxTooltipRunes)))
		if partLink != nil {
			if u := quotedURL(partLink(o.names[p])); u != "" {
				b.WriteString(", URL=" + u)
			}
		}
		b.WriteString("]\n")
	}

	for _, k := range o.pairs() {
		n := k.n
		width := 1 + math.Log2(float64(n))
		fmt.Fprintf(&b, "  %s -> %s [label=\"%d\", penwidth=\"%.2f\", tooltip=%s]\n",
			htmlID(o.names[k.a]), htmlID(o.names[k.b]), n, width,
			quotedTooltip(fmt.Sprintf("%d relations between %s and %s", n, o.names[k.a], o.names[k.b])))
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// tableCount returns "1 table" or "n tables".
func tableCount(n int) string {
	if n == 1 {
		return "1 table"
	}
	return strconv.Itoa(n) + " tables"
}

// partPair counts the relations between parts a < b.
type partPair struct{ a, b, n int }

// pairs returns the pairs of parts with relations between them, in part
// order.
func (o *overview) pairs() []partPair {
	type key struct{ a, b int }
	counts := map[key]int{}
	for _, e := range o.m.rels {
		if !o.m.isLocal(e.parent) {
			continue
		}
		a, c := o.owner[e.parent], o.owner[e.child]
		if a == c {
			continue
		}
		counts[key{min(a, c), max(a, c)}]++
	}
	out := make([]partPair, 0, len(counts))
	for k, n := range counts {
		out = append(out, partPair{k.a, k.b, n})
	}
	slices.SortFunc(out, func(x, y partPair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	return out
}

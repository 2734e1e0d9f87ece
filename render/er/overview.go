package er

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/k1LoW/tbls/schema"
	"golang.org/x/sync/errgroup"
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

// Overview splits the schema into parts of at most maxTables tables that
// keep related tables together and renders each. Connected components of
// the relation graph come first; larger ones are cut by growing parts
// around their best-connected tables (a shared name prefix breaks ties);
// small components and lone tables are packed together.
//
// Each part shows its tables with all their columns, the external tables
// they reference and, as small dashed boxes linked to their pages, the
// tables of other parts they reference. The first part is the index: a
// node per part (name, table count, best-connected tables) linked with
// Options.PartLink, and an edge labelled with the number of relations
// between each two parts that have any.
func (r *Renderer) Overview(ctx context.Context, s *schema.Schema, maxTables int) ([]Part, error) {
	if s == nil {
		return nil, errors.New("rendering overview: no schema given")
	}
	if maxTables < 1 {
		return nil, fmt.Errorf("rendering overview: maxTables %d is less than 1", maxTables)
	}
	m, err := newModel(s)
	if err != nil {
		return nil, fmt.Errorf("rendering overview of schema %q: %w", s.Name, err)
	}
	o := m.overview(maxTables)
	// The index and the parts are laid out concurrently: the worker pool
	// (or the in-process lock) bounds how many run at once, so the
	// overview of a large schema takes the time of its parts divided by
	// the pool's size, not their sum. The result is in part order.
	parts := make([]Part, len(o.groups)+1)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(r.layoutConcurrency())
	index := o.indexDOT(r.opts.PartLink) // DOT is written here, one at a time
	g.Go(func() error {
		svg, err := r.render(gctx, index)
		if err != nil {
			return fmt.Errorf("rendering overview of schema %q: index: %w", s.Name, err)
		}
		parts[0] = Part{Name: IndexPart, SVG: svg}
		return nil
	})
	for p := range o.groups {
		dot := o.partDOT(p, r.opts.Link)
		g.Go(func() error {
			svg, err := r.render(gctx, dot)
			if err != nil {
				return fmt.Errorf("rendering overview of schema %q: part %s: %w", s.Name, o.names[p], err)
			}
			tables := make([]string, len(o.groups[p]))
			for k, i := range o.groups[p] {
				tables[k] = m.name(i)
			}
			parts[p+1] = Part{Name: o.names[p], Tables: tables, SVG: svg}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return parts, nil
}

// overview is a schema cut into named parts.
type overview struct {
	m      *model
	groups [][]int  // part → local tables, sorted
	names  []string // part → name
	owner  []int    // local table → part
}

// overview partitions m and names the parts.
func (m *model) overview(maxTables int) *overview {
	o := &overview{m: m, groups: m.partition(maxTables), owner: make([]int, len(m.tables))}
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

// partDOT returns the DOT source of part p. Tables of other parts that
// the part's tables reference are drawn as small linked boxes; tables of
// other parts that reference this part's tables are not, or a part holding
// a hub table (say "user") would show hundreds of them.
func (o *overview) partDOT(p int, link func(string) string) []byte {
	v := view{nodes: o.m.withExternals(o.groups[p]), ghost: map[int]string{}}
	for _, e := range o.m.rels {
		if o.m.isLocal(e.parent) && o.owner[e.child] == p && o.owner[e.parent] != p {
			v.ghost[e.parent] = o.names[o.owner[e.parent]]
		}
	}
	for j := range v.ghost {
		v.nodes = append(v.nodes, j)
	}
	slices.Sort(v.nodes)
	return dotSource(o.m, v, link)
}

// indexHeader opens the index diagram. Parts of a large schema are
// related every which way, so the index uses a spring layout (neato, from
// a fixed regular start): dot's ranks stretched the index of 17 parts of a
// 1,000-table schema to 3,700 × 3,000 pt of parallel edges.
const indexHeader = `digraph index {
  graph [charset="UTF-8", layout="neato", start="regular", overlap="scale", sep="+8", splines="true", fontname="Helvetica", fontsize="10", pad="0.2", bgcolor="white"]
  node [shape="box", style="rounded,filled", fillcolor="` + colorHeader + `", color="` + colorBorder + `", fontname="Helvetica", fontsize="10", margin="0.15,0.08"]
  edge [dir="none", color="` + colorEdge + `", fontname="Helvetica", fontsize="9"]
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
		b.WriteString(`<BR/><FONT POINT-SIZE="8" COLOR="` + colorMuted + `">` + htmlText(strings.Join(sample, ", ")+more) + "</FONT>>")
		b.WriteString(", tooltip=" + quotedTooltip(truncate(tableCount(len(g))+": "+strings.Join(names, ", "), maxTooltipRunes)))
		if partLink != nil {
			if u := quotedURL(partLink(o.names[p])); u != "" {
				b.WriteString(", URL=" + u)
			}
		}
		b.WriteString("]\n")
	}

	type pair struct{ a, b int }
	counts := map[pair]int{}
	for _, e := range o.m.rels {
		if !o.m.isLocal(e.parent) {
			continue
		}
		a, c := o.owner[e.parent], o.owner[e.child]
		if a == c {
			continue
		}
		counts[pair{min(a, c), max(a, c)}]++
	}
	pairs := make([]pair, 0, len(counts))
	for k := range counts {
		pairs = append(pairs, k)
	}
	slices.SortFunc(pairs, func(x, y pair) int { return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b)) })
	for _, k := range pairs {
		n := counts[k]
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

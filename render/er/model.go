package er

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/keys"
	"github.com/auroradoc/auroradoc/render/schemaindex"
)

// model is the foreign-key graph of one schema in a fixed order: the input
// every diagram is cut from. Nodes are numbered locals first (by name),
// then external tables (by name); the schema is only read, never changed.
type model struct {
	schema    *schema.Schema
	index     *schemaindex.Index // the schema's, for the key columns
	tables    []*schema.Table    // local tables, sorted by name
	externals []string           // external tables ("schema.table"), sorted
	byName    map[string]int     // local table name → node
	rels      []rel              // sorted by child, parent, columns
	adj       [][]int            // node → neighbours (both directions, no self), sorted
	ids       []string           // node → DOT ID, unique in the model
	fkCols    []map[string]bool
}

// rel is one relation drawn as an edge from parent to child.
type rel struct {
	r      *schema.Relation
	child  int
	parent int
	cols   string // column lists, for sorting and tooltips
	pcols  string
}

// newModel indexes s. It fails on relations whose child table is not in
// the schema: such a schema was not relinked after decoding.
func newModel(s *schema.Schema) (*model, error) {
	if s == nil {
		return nil, fmt.Errorf("no schema given")
	}
	m := &model{schema: s, index: schemaindex.New(s), byName: make(map[string]int, len(s.Tables))}
	extSet := map[string]bool{}
	for _, t := range s.Tables {
		if t == nil {
			continue
		}
		if t.External {
			extSet[t.Name] = true
			continue
		}
		if _, dup := m.byName[t.Name]; dup {
			return nil, fmt.Errorf("table %q appears twice", t.Name)
		}
		m.byName[t.Name] = -1
		m.tables = append(m.tables, t)
	}
	slices.SortFunc(m.tables, func(a, b *schema.Table) int { return strings.Compare(a.Name, b.Name) })
	for i, t := range m.tables {
		m.byName[t.Name] = i
	}

	type pending struct {
		r        *schema.Relation
		child    int
		parent   int // -1: external
		external string
	}
	var ps []pending
	for _, r := range s.Relations {
		if r == nil || r.HideForER {
			continue
		}
		if r.Table == nil || r.ParentTable == nil {
			return nil, fmt.Errorf("relation %q has no child or parent table", r.Def)
		}
		child, ok := m.byName[r.Table.Name]
		if !ok || r.Table.External {
			return nil, fmt.Errorf("relation %q: child table %q is not in the schema", r.Def, r.Table.Name)
		}
		p := pending{r: r, child: child, parent: -1}
		if i, ok := m.byName[r.ParentTable.Name]; ok && !r.ParentTable.External {
			p.parent = i
		} else {
			p.external = r.ParentTable.Name
			extSet[p.external] = true
		}
		ps = append(ps, p)
	}
	for name := range extSet {
		m.externals = append(m.externals, name)
	}
	slices.Sort(m.externals)
	extIndex := make(map[string]int, len(m.externals))
	for j, name := range m.externals {
		extIndex[name] = len(m.tables) + j
	}

	m.fkCols = make([]map[string]bool, len(m.tables))
	for _, p := range ps {
		parent := p.parent
		if parent < 0 {
			parent = extIndex[p.external]
		}
		m.rels = append(m.rels, rel{
			r: p.r, child: p.child, parent: parent,
			cols: columnList(p.r.Columns), pcols: columnList(p.r.ParentColumns),
		})
		if m.fkCols[p.child] == nil {
			m.fkCols[p.child] = map[string]bool{}
		}
		for _, c := range p.r.Columns {
			if c != nil {
				m.fkCols[p.child][c.Name] = true
			}
		}
	}
	slices.SortFunc(m.rels, func(a, b rel) int {
		return cmp.Or(
			cmp.Compare(a.child, b.child),
			cmp.Compare(a.parent, b.parent),
			strings.Compare(a.cols, b.cols),
			strings.Compare(a.pcols, b.pcols),
			strings.Compare(a.r.Def, b.r.Def),
		)
	})

	n := m.nodes()
	m.adj = make([][]int, n)
	for _, e := range m.rels {
		if e.child != e.parent {
			m.adj[e.child] = append(m.adj[e.child], e.parent)
			m.adj[e.parent] = append(m.adj[e.parent], e.child)
		}
	}
	for i := range m.adj {
		slices.Sort(m.adj[i])
		m.adj[i] = slices.Compact(m.adj[i])
	}

	m.ids = make([]string, n)
	used := make(map[string]bool, n)
	for i := range n {
		base := htmlID(m.name(i))
		id := base
		for k := 2; used[id]; k++ {
			id = strings.TrimSuffix(base, ">") + " #" + strconv.Itoa(k) + ">"
		}
		used[id] = true
		m.ids[i] = id
	}
	return m, nil
}

// nodes returns the number of nodes, local and external.
func (m *model) nodes() int { return len(m.tables) + len(m.externals) }

// isLocal reports whether node i is a table of the schema.
func (m *model) isLocal(i int) bool { return i < len(m.tables) }

// name returns the table name of node i ("schema.table" for externals).
func (m *model) name(i int) string {
	if m.isLocal(i) {
		return m.tables[i].Name
	}
	return m.externals[i-len(m.tables)]
}

// localNeighbours returns the local tables related to local table i.
func (m *model) localNeighbours(i int) []int {
	var out []int
	for _, j := range m.adj[i] {
		if m.isLocal(j) {
			out = append(out, j)
		}
	}
	return out
}

// columnList joins the names of cs for sorting and tooltips.
func columnList(cs []*schema.Column) string {
	names := make([]string, 0, len(cs))
	for _, c := range cs {
		if c != nil {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ", ")
}

// keyFlags returns which columns of local table i are (part of) the
// primary key and which reference another table (see keys.Columns), plus
// the columns of the relations this model draws.
func (m *model) keyFlags(i int) (pk, fk map[string]bool) {
	pk, fk = keys.Columns(m.index, m.tables[i])
	for name := range m.fkCols[i] {
		fk[name] = true
	}
	return pk, fk
}

// withExternals returns the local nodes plus the external tables they
// reference, sorted.
func (m *model) withExternals(locals []int) []int {
	seen := make(map[int]bool, len(locals))
	out := make([]int, 0, len(locals))
	for _, i := range locals {
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
		for _, j := range m.adj[i] {
			if !m.isLocal(j) && !seen[j] {
				seen[j] = true
				out = append(out, j)
			}
		}
	}
	slices.Sort(out)
	return out
}

package er

import (
	"slices"
	"strings"
)

// partitionOf splits members (local tables of m, sorted) into groups of
// at most max tables that keep related tables together, deterministically
// (relations to tables outside members are ignored):
//
//  1. Connected components of the relation graph are groups of their own.
//  2. A component larger than max is cut by greedy growth: start from the
//     best-connected table not yet placed, repeatedly add the outside
//     neighbour with the most relations into the group (a shared name
//     prefix such as "order_" breaks ties, then name order) until the
//     group is full or has no outside neighbours.
//  3. Groups connected by relations are merged while the result fits.
//  4. What is left is packed first-fit, largest first, so small
//     components and lone tables share parts instead of making dozens of
//     one-table parts.
//
// Groups are returned sorted inside, largest first.
func (m *model) partitionOf(members []int, max int) [][]int {
	in := make(map[int]bool, len(members))
	for _, i := range members {
		in[i] = true
	}
	nb := func(i int) []int {
		var out []int
		for _, j := range m.localNeighbours(i) {
			if in[j] {
				out = append(out, j)
			}
		}
		return out
	}
	var groups [][]int
	for _, comp := range components(members, nb) {
		if len(comp) <= max {
			groups = append(groups, comp)
			continue
		}
		groups = append(groups, m.grow(comp, max, nb)...)
	}
	groups = mergeConnected(groups, max, nb)
	return pack(groups, max)
}

// grow cuts one component into groups of at most max tables.
func (m *model) grow(comp []int, max int, nb func(int) []int) [][]int {
	placed := make(map[int]bool, len(comp))
	var groups [][]int
	for len(placed) < len(comp) {
		seed, bestDeg := -1, -1
		for _, i := range comp {
			if placed[i] {
				continue
			}
			deg := 0
			for _, j := range nb(i) {
				if !placed[j] {
					deg++
				}
			}
			if deg > bestDeg {
				seed, bestDeg = i, deg
			}
		}
		prefix := namePrefix(m.tables[seed].Name)
		group := []int{seed}
		placed[seed] = true
		gain := map[int]int{} // outside neighbour → relations into the group
		addNeighbours := func(i int) {
			for _, j := range nb(i) {
				if !placed[j] {
					gain[j]++
				}
			}
		}
		addNeighbours(seed)
		for len(group) < max && len(gain) > 0 {
			best, bestScore := -1, -1
			for j, g := range gain {
				score := 2 * g
				if namePrefix(m.tables[j].Name) == prefix {
					score++
				}
				if score > bestScore || (score == bestScore && j < best) {
					best, bestScore = j, score
				}
			}
			delete(gain, best)
			placed[best] = true
			group = append(group, best)
			addNeighbours(best)
		}
		slices.Sort(group)
		groups = append(groups, group)
	}
	return groups
}

// namePrefix returns the part of a table name before its first separator
// ("order_item" → "order"); names without one are their own prefix.
func namePrefix(name string) string {
	if i := strings.IndexAny(name, "_-.$ "); i > 0 {
		return name[:i]
	}
	return name
}

// mergeConnected merges groups that have relations between them while the
// merged group has at most max tables: the smallest group first, into the
// group it has the most relations with.
func mergeConnected(groups [][]int, max int, nb func(int) []int) [][]int {
	for {
		owner := map[int]int{}
		for g, members := range groups {
			for _, i := range members {
				owner[i] = g
			}
		}
		order := make([]int, len(groups))
		for g := range order {
			order[g] = g
		}
		slices.SortStableFunc(order, func(a, b int) int { return len(groups[a]) - len(groups[b]) })
		merged := false
		for _, g := range order {
			links := map[int]int{}
			for _, i := range groups[g] {
				for _, j := range nb(i) {
					if h := owner[j]; h != g && len(groups[g])+len(groups[h]) <= max {
						links[h]++
					}
				}
			}
			target, best := -1, 0
			for h, n := range links {
				if n > best || (n == best && h < target) {
					target, best = h, n
				}
			}
			if target < 0 {
				continue
			}
			groups[target] = append(groups[target], groups[g]...)
			slices.Sort(groups[target])
			groups = slices.Delete(groups, g, g+1)
			merged = true
			break
		}
		if !merged {
			return groups
		}
	}
}

// pack puts groups into bins of at most max tables, first fit, largest
// group first; bins are returned largest first, sorted inside.
func pack(groups [][]int, max int) [][]int {
	slices.SortStableFunc(groups, func(a, b []int) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return a[0] - b[0]
	})
	var bins [][]int
	for _, g := range groups {
		placed := false
		for b := range bins {
			if len(bins[b])+len(g) <= max {
				bins[b] = append(bins[b], g...)
				placed = true
				break
			}
		}
		if !placed {
			bins = append(bins, slices.Clone(g))
		}
	}
	for _, b := range bins {
		slices.Sort(b)
	}
	slices.SortStableFunc(bins, func(a, b []int) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return a[0] - b[0]
	})
	return bins
}

// components returns the connected components of members under nb
// (local neighbours; externals do not connect anything), each sorted,
// ordered by size (largest first), then by first table.
func components(members []int, nb func(int) []int) [][]int {
	comp := make(map[int]int, len(members))
	var out [][]int
	for _, start := range members {
		if _, done := comp[start]; done {
			continue
		}
		id := len(out)
		comp[start] = id
		group := []int{start}
		for k := 0; k < len(group); k++ {
			for _, j := range nb(group[k]) {
				if _, done := comp[j]; !done {
					comp[j] = id
					group = append(group, j)
				}
			}
		}
		slices.Sort(group)
		out = append(out, group)
	}
	slices.SortStableFunc(out, func(a, b []int) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return a[0] - b[0]
	})
	return out
}

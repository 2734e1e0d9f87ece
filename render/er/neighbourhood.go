package er

import "slices"

// neighbourhood returns the nodes within distance relation hops of node
// focus, following relations in both directions, sorted. External tables
// are included when reached but not walked through: they stand for tables
// of other schemas, whose relations this schema does not know.
func (m *model) neighbourhood(focus, distance int) []int {
	seen := map[int]bool{focus: true}
	frontier := []int{focus}
	for d := 0; d < distance && len(frontier) > 0; d++ {
		var next []int
		for _, i := range frontier {
			if !m.isLocal(i) {
				continue
			}
			for _, j := range m.adj[i] {
				if !seen[j] {
					seen[j] = true
					next = append(next, j)
				}
			}
		}
		frontier = next
	}
	out := make([]int, 0, len(seen))
	for i := range seen {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
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

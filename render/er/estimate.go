package er

import (
	"unicode/utf8"

	"github.com/auroradoc/auroradoc/render/keys"
)

// Width estimates for a part's layout (points), before Graphviz: enough
// to cut a part that is clearly too wide without laying it out first.
// Measured against Graphviz 12 on synthetic schemas (TestEstimateWidth),
// the estimate is mostly 0–25 % above the laid-out width, rarely up to
// 35 % below: Overview cuts a part unseen only when the estimate exceeds
// the limit by estimateSlack, and checks every layout anyway.
const estimateSlack = 1.2
const (
	charW      = 5.6  // 10 pt Helvetica, average advance
	cellPad    = 7.0  // a cell's padding and border
	rankSep    = 50.4 // ranksep 0.7 in
	graphPad   = 28.8 // pad 0.2 in on both sides
	ghostExtra = 22.0 // a ghost or external box's margins
)

// estimateWidth guesses the width of the left-to-right layout of group:
// the widest box of each rank plus the space between ranks, the rank of a
// table being the length of the longest chain of relations leading to it
// inside the part (ghosts and externals are parents in rank 0).
func (m *model) estimateWidth(group []int) float64 {
	in := make(map[int]bool, len(group))
	for _, i := range group {
		in[i] = true
	}
	rank := make(map[int]int, len(group))
	widest := map[int]float64{}
	// Longest path by relaxation; at most len(group) rounds (cycles stop there).
	for round := 0; round < len(group); round++ {
		changed := false
		for _, e := range m.rels {
			if !in[e.child] || e.child == e.parent {
				continue
			}
			r := 0
			if in[e.parent] {
				r = rank[e.parent]
			}
			if r+1 > rank[e.child] {
				rank[e.child] = r + 1
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	ghostW := 0.0
	for _, e := range m.rels {
		if in[e.child] && !in[e.parent] {
			ghostW = max(ghostW, float64(utf8.RuneCountInString(m.name(e.parent)))*charW+ghostExtra)
		}
	}
	if ghostW > 0 {
		widest[0] = ghostW
	}
	for _, i := range group {
		widest[rank[i]] = max(widest[rank[i]], m.boxWidth(i))
	}
	w := graphPad
	for r, bw := range widest {
		w += bw
		if r > 0 {
			w += rankSep
		}
	}
	return w
}

// boxWidth guesses the width of local table i's box.
func (m *model) boxWidth(i int) float64 {
	t := m.tables[i]
	pk, fk := m.keyFlags(i)
	shown, hidden := keys.Shown(t, pk, fk)
	marks, names, types := 0, 0, 0
	for _, c := range shown {
		marks = max(marks, len(keyMarks(pk[c.Name], fk[c.Name])))
		names = max(names, utf8.RuneCountInString(c.Name))
		types = max(types, min(utf8.RuneCountInString(c.Type), maxTypeRunes))
	}
	if hidden > 0 {
		names = max(names, 18)
	}
	rows := float64(marks+names+types)*charW + 3*cellPad
	header := float64(utf8.RuneCountInString(t.Name)+6)*charW*1.1 + cellPad
	return max(rows, header)
}

package drift

import (
	"fmt"
	"strings"
)

// unifiedDiff returns the unified diff (as diff -u writes it) turning a
// into b, with context lines of context around each change and the
// headers "--- " + fromName and "+++ " + toName; "" when a and b are
// equal.
//
// Lines are compared whole. When exactly one of the texts ends without a
// newline, its last line is marked "\ No newline at end of file" as diff
// does; when both end without one (DDL from SHOW CREATE does) the texts
// are diffed as if both ended with a newline, so that every diff of a
// definition does not end in two such markers.
func unifiedDiff(fromName, toName, a, b string, context int) string {
	if a == b {
		return ""
	}
	al, anl := splitLines(a)
	bl, bnl := splitLines(b)
	if anl != bnl {
		// Only the text whose last line has no newline gets the mark, so
		// that its last line differs from the other's.
		if !anl && len(al) > 0 {
			al[len(al)-1] += noNewline
		}
		if !bnl && len(bl) > 0 {
			bl[len(bl)-1] += noNewline
		}
	}
	ops := diffLines(al, bl)

	var out strings.Builder
	out.WriteString("--- " + fromName + "\n")
	out.WriteString("+++ " + toName + "\n")
	for _, h := range hunks(ops, context) {
		writeHunk(&out, h, al, bl)
	}
	return out.String()
}

// noNewline is appended to a last line without a newline; writeLine turns
// it into diff's marker line.
const noNewline = "\n\\ No newline at end of file"

// splitLines splits s into lines without their newlines and says whether
// s ended with a newline. The empty text has no lines.
func splitLines(s string) ([]string, bool) {
	if s == "" {
		return nil, true
	}
	nl := strings.HasSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n"), nl
}

// op is one step of an edit script: keep a[i] (== b[j]), delete a[i] or
// insert b[j].
type op struct {
	kind byte // ' ', '-', '+'
	i, j int  // line indexes in a and b before the step
}

// diffLines returns a shortest edit script from a to b (Myers' O(ND)
// algorithm over line ids, after stripping the common prefix and suffix).
func diffLines(a, b []string) []op {
	// Common prefix and suffix cost nothing and are the usual case.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := make([]op, 0, len(a)+len(b)-pre-suf)
	for k := range pre {
		ops = append(ops, op{' ', k, k})
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf], pre)...)
	for k := range suf {
		ops = append(ops, op{' ', len(a) - suf + k, len(b) - suf + k})
	}
	return ops
}

// maxEdits bounds the edit distance myers searches: its backtrack keeps
// O(D²) ints. Beyond it the changed region is shown as all its old lines
// removed and all its new lines added, which is still a correct diff.
const maxEdits = 2000

// myers is Myers' greedy algorithm, keeping each round's furthest
// reaching paths for the backtrack. off is added to every line index.
func myers(a, b []string, off int) []op {
	// Compare line ids, not strings.
	ids := map[string]int{}
	id := func(s string) int {
		v, ok := ids[s]
		if !ok {
			v = len(ids)
			ids[s] = v
		}
		return v
	}
	x := make([]int, len(a))
	y := make([]int, len(b))
	for i, s := range a {
		x[i] = id(s)
	}
	for j, s := range b {
		y[j] = id(s)
	}
	n, m := len(x), len(y)
	maxD := n + m
	v := make([]int, 2*maxD+2) // v[k+maxD]: furthest x on diagonal k
	var trace [][]int          // trace[d]: v[-d..d] before round d
	found := false
	for d := 0; d <= maxD && !found; d++ {
		if d > maxEdits {
			return replaceAll(n, m, off)
		}
		trace = append(trace, append([]int(nil), v[maxD-d:maxD+d+1]...))
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || (k != d && v[k-1+maxD] < v[k+1+maxD]) {
				i = v[k+1+maxD] // down: an insertion
			} else {
				i = v[k-1+maxD] + 1 // right: a deletion
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i, j = i+1, j+1
			}
			v[k+maxD] = i
			if i >= n && j >= m {
				found = true
				break
			}
		}
	}
	// Backtrack from (n, m) through the saved rounds.
	var rev []op
	i, j := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		vd := trace[d]
		k := i - j
		var pk int
		if k == -d || (k != d && vd[k-1+d] < vd[k+1+d]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		pi := 0
		if d > 0 {
			pi = vd[pk+d]
		}
		pj := pi - pk
		for i > pi && j > pj {
			i, j = i-1, j-1
			rev = append(rev, op{' ', i + off, j + off})
		}
		if d == 0 {
			break
		}
		if i == pi {
			j--
			rev = append(rev, op{'+', i + off, j + off})
		} else {
			i--
			rev = append(rev, op{'-', i + off, j + off})
		}
	}
	for l, r := 0, len(rev)-1; l < r; l, r = l+1, r-1 {
		rev[l], rev[r] = rev[r], rev[l]
	}
	return rev
}

// replaceAll is the edit script that deletes n lines and inserts m.
func replaceAll(n, m, off int) []op {
	ops := make([]op, 0, n+m)
	for i := range n {
		ops = append(ops, op{'-', i + off, off})
	}
	for j := range m {
		ops = append(ops, op{'+', n + off, j + off})
	}
	return ops
}

// hunks groups an edit script into hunks of changes with up to context
// unchanged lines around them; changes closer than 2*context lines share
// a hunk.
func hunks(ops []op, context int) [][]op {
	var out [][]op
	start, end := -1, -1 // current hunk: ops[start:end]
	for k, o := range ops {
		if o.kind == ' ' {
			continue
		}
		lo := max(0, k-context)
		if start >= 0 && lo <= end {
			end = min(len(ops), k+1+context)
			continue
		}
		if start >= 0 {
			out = append(out, ops[start:end])
		}
		start, end = lo, min(len(ops), k+1+context)
	}
	if start >= 0 {
		out = append(out, ops[start:end])
	}
	return out
}

// writeHunk writes one hunk with its @@ header.
func writeHunk(w *strings.Builder, h []op, a, b []string) {
	na, nb := 0, 0
	for _, o := range h {
		switch o.kind {
		case ' ':
			na, nb = na+1, nb+1
		case '-':
			na++
		case '+':
			nb++
		}
	}
	fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(h[0].i, na), hunkRange(h[0].j, nb))
	for _, o := range h {
		line := ""
		switch o.kind {
		case ' ', '-':
			line = a[o.i]
		case '+':
			line = b[o.j]
		}
		w.WriteByte(o.kind)
		w.WriteString(line)
		w.WriteByte('\n')
	}
}

// hunkRange formats a hunk's line range as diff -u does: "start,count"
// with 1-based start, "start" alone for one line, and the line before the
// hunk with count 0 for an empty range.
func hunkRange(first, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", first)
	case 1:
		return fmt.Sprintf("%d", first+1)
	}
	return fmt.Sprintf("%d,%d", first+1, count)
}

package drift

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"both empty", "", "", ""},
		{"identical", "a\nb\n", "a\nb\n", ""},
		{"identical without trailing newline", "a\nb", "a\nb", ""},
		{"from empty", "", "a\nb\n", "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to empty", "a\n", "", "--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n"},
		{"from empty to a line without newline", "", "x", "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n"},
		{"newline added at the end", "a\nb", "a\nb\n",
			"--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{"newline removed at the end", "a\nb\n", "a\nb",
			"--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n"},
		{"both without newline: no markers", "a\nb", "a\nc", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"},
		{"one line replaced", "x", "y", "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n"},
		{"context is three lines", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
			"--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"},
		{"changes six lines apart share a hunk", "1\n2\n3\n4\n5\n6\n7\n8\n", "one\n2\n3\n4\n5\n6\n7\neight\n",
			"--- a\n+++ b\n@@ -1,8 +1,8 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n"},
		{"changes seven lines apart get two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "one\n2\n3\n4\n5\n6\n7\n8\nnine\n",
			"--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -6,4 +6,4 @@\n 6\n 7\n 8\n-9\n+nine\n"},
		{"insertion in the middle", "a\nb\nc\n", "a\nb\nx\nc\n", "--- a\n+++ b\n@@ -1,3 +1,4 @@\n a\n b\n+x\n c\n"},
		{"unicode and backticks", "CREATE TABLE `⚡`\n", "CREATE TABLE `⚡ rides`\n",
			"--- a\n+++ b\n@@ -1 +1 @@\n-CREATE TABLE `⚡`\n+CREATE TABLE `⚡ rides`\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := unifiedDiff("a", "b", tt.a, tt.b, 3)
			if got != tt.want {
				t.Errorf("unifiedDiff(%q, %q):\n%s\nwant:\n%s", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// TestUnifiedDiffApplies diffs random texts and applies every diff back
// with a strict patcher (exact positions, no fuzz), and checks that the
// edit script is minimal (as long as n+m-2·LCS).
func TestUnifiedDiffApplies(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	gen := func() string {
		var lines []string
		for range r.IntN(30) {
			lines = append(lines, string(rune('a'+r.IntN(4))))
		}
		s := strings.Join(lines, "\n")
		if len(lines) > 0 && r.IntN(2) == 0 {
			s += "\n"
		}
		return s
	}
	for n := range 2000 {
		a, b := gen(), gen()
		d := unifiedDiff("a", "b", a, b, 3)
		if a == b {
			if d != "" {
				t.Fatalf("case %d: equal texts gave a diff:\n%s", n, d)
			}
			continue
		}
		// Where both texts end without a newline the diff treats them as
		// ending with one; apply it likewise.
		pa, pb := a, b
		if !strings.HasSuffix(a, "\n") && !strings.HasSuffix(b, "\n") && a != "" && b != "" {
			pa, pb = a+"\n", b+"\n"
		}
		got, err := applyDiff(pa, d)
		if err != nil {
			t.Fatalf("case %d: a=%q b=%q: %v\n%s", n, a, b, err, d)
		}
		if got != pb {
			t.Fatalf("case %d: applying the diff to %q gave %q, want %q\n%s", n, a, got, b, d)
		}
		al, _ := splitLines(a)
		bl, _ := splitLines(b)
		add, del := diffStat(d)
		if want := len(al) + len(bl) - 2*lcs(al, bl); add+del > want+2 { // +2: a newline marker may turn one kept line into -/+
			t.Fatalf("case %d: %d edits, a shortest script has %d\n%s", n, add+del, want, d)
		}
	}
}

func TestMyersFallbackBeyondMaxEdits(t *testing.T) {
	var a, b []string
	for i := range maxEdits + 10 {
		a = append(a, "a"+strconv.Itoa(i))
		b = append(b, "b"+strconv.Itoa(i))
	}
	ops := diffLines(a, b)
	if len(ops) != len(a)+len(b) {
		t.Fatalf("got %d ops, want %d", len(ops), len(a)+len(b))
	}
	d := unifiedDiff("a", "b", strings.Join(a, "\n")+"\n", strings.Join(b, "\n")+"\n", 3)
	got, err := applyDiff(strings.Join(a, "\n")+"\n", d)
	if err != nil || got != strings.Join(b, "\n")+"\n" {
		t.Fatalf("fallback diff does not apply: %v", err)
	}
}

// lcs is the length of the longest common subsequence (dynamic
// programming, for checking minimality).
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(cur[j-1], prev[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// applyDiff applies a unified diff to a, strictly: every hunk must start
// where its header says, match the text exactly and have the line counts
// its header says. Lines are handled with their newlines, so "\ No
// newline at end of file" markers are checked too.
func applyDiff(a, d string) (string, error) {
	src := strings.SplitAfter(a, "\n")
	if src[len(src)-1] == "" {
		src = src[:len(src)-1]
	}
	lines := strings.SplitAfter(d, "\n")
	if len(lines) < 3 || lines[0] != "--- a\n" || lines[1] != "+++ b\n" {
		return "", fmt.Errorf("bad headers")
	}
	lines = lines[2 : len(lines)-1] // the last element is the "" after the final newline
	var out strings.Builder
	pos := 0 // next source line
	for k := 0; k < len(lines); {
		h := strings.TrimSuffix(lines[k], "\n")
		f := strings.Fields(h)
		if len(f) != 4 || f[0] != "@@" || f[3] != "@@" || f[1][0] != '-' || f[2][0] != '+' {
			return "", fmt.Errorf("bad hunk header %q", h)
		}
		as, ac := parseRange(f[1][1:])
		bs, bc := parseRange(f[2][1:])
		start := as - 1
		if ac == 0 {
			start = as
		}
		if start < pos || start > len(src) {
			return "", fmt.Errorf("hunk %q out of place", h)
		}
		for _, l := range src[pos:start] {
			out.WriteString(l)
		}
		newLine := strings.Count(out.String(), "\n") + 1
		if bc == 0 {
			newLine--
		}
		if newLine != bs {
			return "", fmt.Errorf("hunk %q: new text is at line %d", h, newLine)
		}
		pos = start
		na, nb := 0, 0
		for k++; k < len(lines) && !strings.HasPrefix(lines[k], "@@"); k++ {
			l := lines[k]
			if l == "\\ No newline at end of file\n" {
				return "", fmt.Errorf("newline marker without a line")
			}
			body := l[1:]
			if k+1 < len(lines) && lines[k+1] == "\\ No newline at end of file\n" {
				body = strings.TrimSuffix(body, "\n")
				k++
			}
			switch l[0] {
			case ' ', '-':
				if pos >= len(src) || src[pos] != body {
					return "", fmt.Errorf("source line %d is %q, the diff says %q", pos+1, at(src, pos), body)
				}
				pos++
				na++
				if l[0] == ' ' {
					out.WriteString(body)
					nb++
				}
			case '+':
				out.WriteString(body)
				nb++
			default:
				return "", fmt.Errorf("bad line %q", l)
			}
		}
		if na != ac || nb != bc {
			return "", fmt.Errorf("hunk %q has %d/%d lines", h, na, nb)
		}
	}
	for _, l := range src[pos:] {
		out.WriteString(l)
	}
	return out.String(), nil
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(end)"
}

func parseRange(s string) (start, count int) {
	a, b, ok := strings.Cut(s, ",")
	start, _ = strconv.Atoi(a)
	if !ok {
		return start, 1
	}
	count, _ = strconv.Atoi(b)
	return start, count
}

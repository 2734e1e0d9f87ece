package driftpages

import (
	"strings"
	"unicode"
)

// diffLine is one line of a unified diff as the pages colour it: Class is
// "add", "del", "hunk", "file" or "ctx"; Segs are its text, with the words
// that differ from the paired line marked.
type diffLine struct {
	Class string
	Segs  []diffSeg
}

type diffSeg struct {
	Text string
	Mark bool
}

// diffLines splits a unified diff (drift.Finding.Detail) into coloured
// lines, like GitHub's: added and removed lines; where a run of removed
// lines is followed by as many added lines, each pair's changed words are
// marked. Text other than a diff comes out as context lines.
func diffLines(detail string) []diffLine {
	raw := strings.Split(strings.TrimRight(detail, "\n"), "\n")
	out := make([]diffLine, 0, len(raw))
	for i := 0; i < len(raw); {
		l := raw[i]
		switch {
		case strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "+++ "):
			out = append(out, diffLine{Class: "file", Segs: []diffSeg{{Text: l}}})
		case strings.HasPrefix(l, "@@"):
			out = append(out, diffLine{Class: "hunk", Segs: []diffSeg{{Text: l}}})
		case strings.HasPrefix(l, "-"):
			// A run of removals, then of additions.
			j := i
			for j < len(raw) && strings.HasPrefix(raw[j], "-") && !strings.HasPrefix(raw[j], "--- ") {
				j++
			}
			k := j
			for k < len(raw) && strings.HasPrefix(raw[k], "+") && !strings.HasPrefix(raw[k], "+++ ") {
				k++
			}
			if j-i == k-j {
				var adds []diffLine
				for n := 0; n < j-i; n++ {
					d, a := wordDiff(raw[i+n][1:], raw[j+n][1:])
					out = append(out, diffLine{Class: "del", Segs: append([]diffSeg{{Text: "-"}}, d...)})
					adds = append(adds, diffLine{Class: "add", Segs: append([]diffSeg{{Text: "+"}}, a...)})
				}
				out = append(out, adds...)
			} else {
				for n := i; n < k; n++ {
					cls := "del"
					if n >= j {
						cls = "add"
					}
					out = append(out, diffLine{Class: cls, Segs: []diffSeg{{Text: raw[n]}}})
				}
			}
			i = k
			continue
		case strings.HasPrefix(l, "+"):
			out = append(out, diffLine{Class: "add", Segs: []diffSeg{{Text: l}}})
		default:
			out = append(out, diffLine{Class: "ctx", Segs: []diffSeg{{Text: l}}})
		}
		i++
	}
	return out
}

// wordDiff marks what differs between two lines: the tokens (words, runs
// of spaces, single punctuation) between their common prefix and common
// suffix. When nothing is in common the lines are left unmarked: a
// whole-line mark says nothing the colour does not.
func wordDiff(a, b string) (da, db []diffSeg) {
	ta, tb := tokens(a), tokens(b)
	p := 0
	for p < len(ta) && p < len(tb) && ta[p] == tb[p] {
		p++
	}
	s := 0
	for s < len(ta)-p && s < len(tb)-p && ta[len(ta)-1-s] == tb[len(tb)-1-s] {
		s++
	}
	if p == 0 && s == 0 {
		return []diffSeg{{Text: a}}, []diffSeg{{Text: b}}
	}
	segs := func(t []string) []diffSeg {
		var out []diffSeg
		add := func(text string, mark bool) {
			if text != "" {
				out = append(out, diffSeg{Text: text, Mark: mark})
			}
		}
		add(strings.Join(t[:p], ""), false)
		add(strings.Join(t[p:len(t)-s], ""), true)
		add(strings.Join(t[len(t)-s:], ""), false)
		return out
	}
	return segs(ta), segs(tb)
}

// tokens splits s into words (letters, digits, _), runs of spaces and
// single other characters.
func tokens(s string) []string {
	var out []string
	start := 0
	class := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 0
	}
	prev := -1
	for i, r := range s {
		c := class(r)
		if i > start && (c != prev || c == 0) {
			out = append(out, s[start:i])
			start = i
		}
		prev = c
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

package report

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/drift"
)

// writeMarkdown writes GitHub-flavoured Markdown for a pull-request
// comment: a summary table, a section per target with a table of its
// findings, DDL diffs folded in <details>, and the warnings. Every string
// that comes from a database, a snapshot or an error goes into a code span
// (or a fenced block, or escaped HTML), so hostile names cannot break a
// table, inject HTML, link or mention anyone.
func writeMarkdown(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	p := func(s ...string) {
		for _, x := range s {
			bw.WriteString(x)
		}
		bw.WriteByte('\n')
	}
	p("### auroradoc drift: ", codeSpan(r.From, false), " → ", codeSpan(r.To, false))
	p()
	p(mdText(summaryLine(r.Summary())))
	all := append(visible(r.Changes), visible(r.State)...)
	slices.SortStableFunc(all, compareFindings)
	targets, groups := byTarget(all)
	if len(targets) > 0 {
		p()
		p("| target | unexpected changes | expected changes | state findings | highest severity |")
		p("|---|--:|--:|--:|---|")
		for _, t := range targets {
			var unexp, exp, state int
			top := drift.Severity(-1)
			for _, f := range groups[t] {
				isChange := f.Change != drift.Differs
				switch {
				case f.Expected && isChange:
					exp++
				case f.Expected:
				case isChange:
					unexp++
				default:
					state++
				}
				if !f.Expected && f.Severity > top {
					top = f.Severity
				}
			}
			sev := "–"
			if top >= 0 {
				sev = top.String()
			}
			p(fmt.Sprintf("| %s | %d | %d | %d | %s |", codeSpan(t, true), unexp, exp, state, sev))
		}
	}
	for _, t := range targets {
		p()
		p("#### ", codeSpan(t, false))
		p()
		p("| | kind | finding | severity | note |")
		p("|:-:|---|---|---|---|")
		var diffs []drift.Finding
		for _, f := range groups[t] {
			d := describe(f, func(s string) string { return codeSpan(s, true) })
			if f.Detail != "" {
				diffs = append(diffs, f)
				d += " (diff below)"
			}
			p("| ", codeSpan(marker(f.Change), true), " | ", mdText(string(f.Kind)), " | ", d, " | ",
				f.Severity.String(), " | ", mdText(note(f)), " |")
		}
		for _, f := range diffs {
			p()
			label := html.EscapeString(f.ObjectType) + " <code>" + html.EscapeString(plain(f.Object)) + "</code>"
			if f.Field != "" {
				label += " " + html.EscapeString(plain(f.Field))
			}
			p("<details><summary>", label, "</summary>")
			p()
			lines := plainLines(f.Detail)
			fence := strings.Repeat("`", max(3, longestRun(f.Detail, '`')+1))
			p(fence, "diff")
			for _, l := range lines {
				p(l)
			}
			p(fence)
			p()
			p("</details>")
		}
	}
	if len(r.Warnings) > 0 {
		p()
		p("#### Warnings")
		p()
		for _, wn := range r.Warnings {
			p("- ", codeSpan(wn, false))
		}
	}
	return bw.Flush()
}

// codeSpan puts s into a Markdown code span: nothing inside is markup,
// HTML, a link or a mention. Control characters are shown as Go escapes;
// in a table cell a pipe is escaped (GFM removes the backslash again).
func codeSpan(s string, inTable bool) string {
	s = plain(s)
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		s = " " + s + " "
	}
	return fence + s + fence
}

func longestRun(s string, c rune) int {
	best, n := 0, 0
	for _, r := range s {
		if r == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// mdText escapes text written by auroradoc or a policy author (kinds,
// counts, "expected: declared: PR #123") for Markdown: ASCII punctuation
// that could start markup, HTML, math or a table cell is backslash-escaped;
// "#123" still links to the pull request.
func mdText(s string) string {
	s = plain(s)
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune("\\`*_[]<>&|~$", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

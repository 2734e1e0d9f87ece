package report

import (
	"fmt"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/drift"
)

// MarkdownLimit is the size the markdown report keeps under, in bytes:
// GitHub refuses comments over 65,536 characters. Past it, the sections of
// the last targets (and the warnings) are left out with a note; the
// summary table always lists every target.
const MarkdownLimit = 60000

// writeMarkdown writes GitHub-flavoured Markdown for a pull-request
// comment: a summary table, a section per target with a table of its
// findings, DDL diffs folded in <details>, and the warnings. Every string
// that comes from a database, a snapshot or an error goes into a code span
// (or a fenced block, or escaped HTML), so hostile names cannot break a
// table, inject HTML, link or mention anyone.
func writeMarkdown(w io.Writer, r *Report) error {
	var head strings.Builder
	p := func(b *strings.Builder, s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
		b.WriteByte('\n')
	}
	p(&head, "### auroradoc drift: ", codeSpan(r.From, false), " → ", codeSpan(r.To, false))
	p(&head)
	p(&head, mdText(summaryLine(r.Summary())))
	all := append(visible(r.Changes), visible(r.State)...)
	slices.SortStableFunc(all, compareFindings)
	targets, groups := byTarget(all)
	if len(targets) > 0 {
		p(&head)
		p(&head, "| target | unexpected changes | expected changes | state findings | highest severity |")
		p(&head, "|---|--:|--:|--:|---|")
		for _, t := range targets {
			unexp, exp, state, top := counts(groups[t])
			p(&head, fmt.Sprintf("| %s | %d | %d | %d | %s |", codeSpan(t, true), unexp, exp, state, top))
		}
	}
	var sections []string
	for _, t := range targets {
		var b strings.Builder
		p(&b)
		p(&b, "#### ", codeSpan(t, false))
		p(&b)
		p(&b, "| | kind | finding | severity | note |")
		p(&b, "|:-:|---|---|---|---|")
		var diffs []drift.Finding
		for _, f := range groups[t] {
			d := describe(f, func(s string) string { return codeSpan(s, true) })
			if f.Detail != "" {
				diffs = append(diffs, f)
				d += " (diff below)"
			}
			p(&b, "| ", codeSpan(marker(f.Change), true), " | ", mdText(string(f.Kind)), " | ", d, " | ",
				f.Severity.String(), " | ", mdText(note(f)), " |")
		}
		for _, f := range diffs {
			label := html.EscapeString(f.ObjectType) + " <code>" + html.EscapeString(plain(f.Object)) + "</code>"
			if f.Field != "" {
				label += " " + html.EscapeString(plain(f.Field))
			}
			fence := strings.Repeat("`", max(3, longestRun(f.Detail, '`')+1))
			p(&b)
			p(&b, "<details><summary>", label, "</summary>")
			p(&b)
			p(&b, fence, "diff")
			for _, l := range plainLines(f.Detail) {
				p(&b, l)
			}
			p(&b, fence)
			p(&b)
			p(&b, "</details>")
		}
		sections = append(sections, b.String())
	}
	for _, l := range []struct {
		title string
		items []string
	}{{"Damaged snapshots (the comparison is incomplete)", r.Damaged}, {"Warnings", r.Warnings}} {
		if len(l.items) == 0 {
			continue
		}
		var b strings.Builder
		p(&b)
		p(&b, "#### ", l.title)
		p(&b)
		for _, it := range l.items {
			p(&b, "- ", codeSpan(it, false))
		}
		sections = append(sections, b.String())
	}
	out := head.String()
	const noteRoom = 200
	for i, s := range sections {
		if len(out)+len(s) > MarkdownLimit-noteRoom {
			out += fmt.Sprintf("\n_%d more %s left out to stay within GitHub's comment size; the text and json formats have everything._\n",
				len(sections)-i, pluralWord(len(sections)-i, "section", "sections"))
			break
		}
		out += s
	}
	_, err := io.WriteString(w, out)
	return err
}

// counts returns a target's visible findings by category, and the highest
// severity among the unexpected ones ("–" when there is none).
func counts(fs []drift.Finding) (unexp, exp, state int, top string) {
	highest := drift.Severity(-1)
	for _, f := range fs {
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
		if !f.Expected && f.Severity > highest {
			highest = f.Severity
		}
	}
	if highest < 0 {
		return unexp, exp, state, "–"
	}
	return unexp, exp, state, highest.String()
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

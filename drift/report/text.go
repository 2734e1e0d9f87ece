package report

import (
	"bufio"
	"io"
	"slices"

	"github.com/auroradoc/auroradoc/drift"
)

// writeText writes the terminal report: a section per target, findings
// grouped by kind under it, DDL diffs indented below their finding, the
// warnings, and a summary line.
func writeText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	p := func(s ...string) {
		for _, x := range s {
			bw.WriteString(x)
		}
		bw.WriteByte('\n')
	}
	p("drift ", plain(r.From), " → ", plain(r.To))
	all := append(visible(r.Changes), visible(r.State)...)
	slices.SortStableFunc(all, compareFindings)
	targets, groups := byTarget(all)
	for _, t := range targets {
		p()
		p(plain(t))
		var kind drift.Kind = "\x00"
		for _, f := range groups[t] {
			if f.Kind != kind {
				kind = f.Kind
				p("  ", plain(string(kind)))
			}
			line := "    " + marker(f.Change) + " " + describe(f, plain) + "  [" + f.Severity.String() + "]"
			if n := note(f); n != "" {
				line += "  " + plain(n)
			}
			p(line)
			if f.Detail != "" {
				for _, l := range plainLines(f.Detail) {
					p("        ", l)
				}
			}
		}
	}
	if len(targets) == 0 {
		p()
		p("no drift")
	}
	if len(r.Damaged) > 0 {
		p()
		p("damaged snapshots (the comparison is incomplete)")
		for _, d := range r.Damaged {
			p("  ✗ ", plain(d))
		}
	}
	if len(r.Warnings) > 0 {
		p()
		p("warnings")
		for _, wn := range r.Warnings {
			p("  ! ", plain(wn))
		}
	}
	p()
	p(summaryLine(r.Summary()))
	return bw.Flush()
}

package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/auroradoc/auroradoc/drift"
)

// Formats lists the formats Write accepts.
func Formats() []string { return []string{"text", "markdown", "json", "github"} }

// Write writes r to w in format: "text", "markdown", "json" or "github".
// Text, markdown and github leave ignored findings out; json keeps them.
// r is not modified.
func Write(w io.Writer, r *Report, format string) error {
	s := sorted(r)
	var err error
	switch format {
	case "text":
		err = writeText(w, s)
	case "markdown":
		err = writeMarkdown(w, s)
	case "json":
		err = writeJSON(w, s)
	case "github":
		err = writeGitHub(w, s)
	default:
		return fmt.Errorf("unknown report format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	if err != nil {
		return fmt.Errorf("writing %s drift report: %w", format, err)
	}
	return nil
}

// marker is the one-character sign of a finding's change: + added,
// - removed, ~ changed, ! differs (a state finding).
func marker(c drift.Change) string {
	switch c {
	case drift.Added:
		return "+"
	case drift.Removed:
		return "-"
	case drift.Changed:
		return "~"
	}
	return "!"
}

// visible returns the findings a human reads: all but the ignored ones.
func visible(fs []drift.Finding) []drift.Finding {
	var out []drift.Finding
	for _, f := range fs {
		if !f.Ignored {
			out = append(out, f)
		}
	}
	return out
}

// byTarget groups findings (already sorted) by target, keeping order.
func byTarget(fs []drift.Finding) (targets []string, groups map[string][]drift.Finding) {
	groups = map[string][]drift.Finding{}
	for _, f := range fs {
		if _, ok := groups[f.Target]; !ok {
			targets = append(targets, f.Target)
		}
		groups[f.Target] = append(groups[f.Target], f)
	}
	return targets, groups
}

// describe is a one-line account of f without its target (state findings:
// their message, less a leading "target: "), with every
// database-supplied string passed through quote (which makes it safe for
// the output at hand).
func describe(f drift.Finding, quote func(string) string) string {
	var b strings.Builder
	if f.Change == drift.Differs && f.Message != "" {
		// State findings: the message says it best (it names the
		// object); the target is the section it is shown under.
		b.WriteString(quote(strings.TrimPrefix(f.Message, f.Target+": ")))
		if f.Rule != "" {
			b.WriteString(" [rule " + quote(f.Rule) + "]")
		}
		return b.String()
	}
	if f.ObjectType != "" {
		b.WriteString(f.ObjectType)
		b.WriteByte(' ')
	}
	b.WriteString(quote(f.Object))
	if f.Group != "" {
		b.WriteString(" (" + quote(f.Group) + ")")
	}
	switch f.Change {
	case drift.Added:
		b.WriteString(" added")
		if f.To != "" {
			b.WriteString(": " + quote(f.To))
		}
	case drift.Removed:
		b.WriteString(" removed")
		if f.From != "" {
			b.WriteString(", was " + quote(f.From))
		}
	case drift.Differs:
		if f.Field != "" || f.From != "" || f.To != "" {
			if f.Field != "" {
				b.WriteString(" " + quote(f.Field))
			}
			b.WriteString(": " + value(f.From, quote) + " ≠ " + value(f.To, quote))
		}
	default:
		if f.Field != "" {
			b.WriteString(" " + quote(f.Field))
		}
		if f.From != "" || f.To != "" {
			b.WriteString(": " + value(f.From, quote) + " → " + value(f.To, quote))
		} else {
			b.WriteString(" changed")
		}
	}
	if f.Rule != "" {
		b.WriteString(" [rule " + quote(f.Rule) + "]")
	}
	return b.String()
}

func value(v string, quote func(string) string) string {
	if v == "" {
		return "(empty)"
	}
	return quote(v)
}

// note says how a finding is to be taken: "expected: declared: PR #123".
func note(f drift.Finding) string {
	if !f.Expected {
		return ""
	}
	if f.Reason == "" {
		return "expected"
	}
	return "expected: " + f.Reason
}

// plain makes s safe to print on a terminal or in a log: control
// characters (escape sequences, carriage returns, newlines) and invisible
// format characters become Go escapes, and a value with leading or
// trailing blanks is quoted so the blanks show.
func plain(s string) string {
	needQuote := s != strings.TrimSpace(s)
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar {
			needQuote = true
			break
		}
	}
	if !needQuote {
		return s
	}
	return strconv.Quote(s)
}

// plainLines is plain for multi-line text such as a DDL diff: each line
// is made safe on its own.
func plainLines(s string) []string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if strings.ContainsFunc(l, func(r rune) bool {
			return (unicode.IsControl(r) && r != '\t') || unicode.Is(unicode.Cf, r)
		}) {
			q := strconv.Quote(l)
			lines[i] = q[1 : len(q)-1]
		}
	}
	return lines
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// summaryLine is the counts line that ends the text report and opens the
// markdown one.
func summaryLine(s Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d unexpected, %d expected, %d ignored %s", s.Unexpected, s.Expected, s.Ignored, pluralWord(s.Unexpected+s.Expected+s.Ignored, "change", "changes"))
	fmt.Fprintf(&b, "; %s", plural(s.State, "state finding", "state findings"))
	if s.State > 0 {
		var parts []string
		for sev := drift.SeverityCritical; sev >= drift.SeverityInfo; sev-- {
			if n := s.StateBySeverity[sev.String()]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, sev))
			}
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	if s.StateExpected+s.StateIgnored > 0 {
		fmt.Fprintf(&b, " + %d expected, %d ignored", s.StateExpected, s.StateIgnored)
	}
	fmt.Fprintf(&b, "; %s", plural(s.Warnings, "warning", "warnings"))
	if s.Damaged > 0 {
		fmt.Fprintf(&b, "; %s", plural(s.Damaged, "damaged snapshot", "damaged snapshots"))
	}
	fmt.Fprintf(&b, "; %s", plural(s.Targets, "target", "targets"))
	return b.String()
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

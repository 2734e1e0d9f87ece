package drift

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// collector gathers the findings of one comparison for one target.
type collector struct {
	target string
	out    []Finding
}

// add fills in the target, the default severity and a one-line message,
// and keeps the finding.
func (c *collector) add(f Finding) {
	if f.Target == "" {
		f.Target = c.target
	}
	c.out = append(c.out, finish(f))
}

// addf is add with the message built from the target and msg.
func (c *collector) addf(f Finding, msg string) {
	f.Message = c.target + ": " + msg
	c.add(f)
}

// done returns the findings in canonical order.
func (c *collector) done() []Finding {
	Sort(c.out)
	return c.out
}

// finish sets the default severity (unless one was set) and makes the message one line.
func finish(f Finding) Finding {
	if f.Severity == SeverityInfo {
		f.Severity = defaultSeverity(f)
	}
	f.Message = oneLine(f.Message)
	return f
}

// oneLine escapes line breaks and other control characters, which
// identifiers and values from a database may hold, so that a message
// stays on one line.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// maxShown is how many characters of a value a message shows.
const maxShown = 80

// show renders a value for a message: "" for the empty string, quoted
// when it holds spaces at either end, shortened with … when long. Values
// stay complete in From and To.
func show(v string) string {
	if v == "" {
		return `""`
	}
	if utf8.RuneCountInString(v) > maxShown {
		r := []rune(v)
		v = string(r[:maxShown]) + "…"
	}
	if strings.TrimSpace(v) != v {
		return strconv.Quote(v)
	}
	return v
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

package policy

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/auroradoc/auroradoc/drift"
)

// Apply returns a copy of findings with the policy applied, in the same
// order. subjects gives each target's subject by target name (see
// Subjects); a target missing there is matched by its name alone. For each
// finding, in this order:
//
//   - the first severity: entry that matches sets its Severity;
//   - the first ignore: entry in force that matches sets Ignored and
//     Reason;
//   - otherwise the first declared: entry in force that matches sets
//     Expected and Reason.
//
// An entry with until: is in force through that day (UTC) as seen at now.
// A nil policy returns an unchanged copy.
func (p *Policy) Apply(findings []drift.Finding, subjects map[string]Subject, now time.Time) []drift.Finding {
	out := slices.Clone(findings)
	if p == nil {
		return out
	}
	for i := range out {
		f := &out[i]
		sub, ok := subjects[f.Target]
		if !ok {
			sub = Subject{Name: f.Target}
		}
		if m := first(p.severity, f, sub, now); m != nil {
			f.Severity = m.severity
		}
		if m := first(p.ignore, f, sub, now); m != nil {
			f.Ignored, f.Reason = true, m.reason
			continue
		}
		if m := first(p.declared, f, sub, now); m != nil {
			f.Expected, f.Reason = true, m.reason
		}
	}
	return out
}

// first returns the first entry of ms in force at now that matches f.
func first(ms []*matcher, f *drift.Finding, sub Subject, now time.Time) *matcher {
	for _, m := range ms {
		if !m.expired(now) && m.matches(f, sub) {
			return m
		}
	}
	return nil
}

// expired reports whether the entry's until: date has passed at now.
func (m *matcher) expired(now time.Time) bool {
	return !m.until.IsZero() && !now.Before(m.until)
}

// matches reports whether every condition of m holds for f.
func (m *matcher) matches(f *drift.Finding, sub Subject) bool {
	switch {
	case m.kind != "" && m.kind != f.Kind,
		m.change != "" && m.change != f.Change,
		m.object != nil && !m.object.Match(f.Object),
		m.field != "" && m.field != f.Field,
		m.rule != nil && !m.rule.Match(f.Rule),
		m.to != "" && m.to != f.To:
		return false
	}
	return m.sel.matches(sub)
}

// Warnings returns what a user should fix in the policy although it
// parsed: declared and ignore entries whose until: date has passed at
// now, which match nothing any more. Each names the file, line and entry.
func (p *Policy) Warnings(now time.Time) []string {
	if p == nil {
		return nil
	}
	var expired []*matcher
	for _, m := range slices.Concat(p.declared, p.ignore) {
		if m.expired(now) {
			expired = append(expired, m)
		}
	}
	// file order: declared: and ignore: may come in either order
	slices.SortStableFunc(expired, func(a, b *matcher) int { return cmp.Compare(a.line, b.line) })
	var out []string
	for _, m := range expired {
		out = append(out, fmt.Sprintf("%s:%d:%d: %s: expired on %s (%q) and no longer matches: remove it or move until: later",
			p.source, m.line, m.column, m.path, m.untilDay, m.reason))
	}
	return out
}

package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/drift"
)

// Report is the outcome of one drift run.
type Report struct {
	// From and To name what was compared: snapshot set ids, or
	// "baseline FILE" for a committed baseline.
	From string `json:"from"`
	To   string `json:"to"`
	// Targets is the number of targets looked at (in either side).
	Targets int `json:"targets"`
	// Changes are differences over time (night over night, or the To set
	// against a baseline). An unexpected change fails the gate.
	Changes []drift.Finding `json:"changes"`
	// State are findings about the To side alone: configured vs running,
	// fleet outliers, expected-value mismatches, guardrails. They fail the
	// gate only with a --fail-on severity.
	State []drift.Finding `json:"state"`
	// Warnings are problems with the comparison itself: a target failed in
	// one of the sets, a stale snapshot was used, a policy declaration has
	// expired.
	Warnings []string `json:"warnings"`
	// Damaged are snapshots the comparison could not read (missing,
	// truncated, not matching the manifest's sha256), one line each
	// naming target and set: those targets were compared only as far as
	// their readable side allowed, the rest of the fleet fully. A damaged
	// snapshot fails the gate: the comparison is incomplete.
	Damaged []string `json:"damaged,omitempty"`
}

// Summary counts a report's findings.
type Summary struct {
	Targets int `json:"targets"`
	// Unexpected, Expected and Ignored count Changes.
	Unexpected int `json:"unexpected"`
	Expected   int `json:"expected"`
	Ignored    int `json:"ignored"`
	// State counts State findings that are neither expected nor ignored;
	// StateBySeverity breaks them down by severity name.
	State           int            `json:"state"`
	StateBySeverity map[string]int `json:"state_by_severity"`
	StateExpected   int            `json:"state_expected"`
	StateIgnored    int            `json:"state_ignored"`
	Warnings        int            `json:"warnings"`
	Damaged         int            `json:"damaged,omitempty"`
}

// Summary counts the report's findings.
func (r *Report) Summary() Summary {
	s := Summary{Targets: r.Targets, Warnings: len(r.Warnings), Damaged: len(r.Damaged), StateBySeverity: map[string]int{}}
	for _, f := range r.Changes {
		switch {
		case f.Ignored:
			s.Ignored++
		case f.Expected:
			s.Expected++
		default:
			s.Unexpected++
		}
	}
	for _, f := range r.State {
		switch {
		case f.Ignored:
			s.StateIgnored++
		case f.Expected:
			s.StateExpected++
		default:
			s.State++
			s.StateBySeverity[f.Severity.String()]++
		}
	}
	return s
}

// ExitCode is 1 when the report holds an unexpected change (neither
// Expected nor Ignored), a damaged snapshot, or, only when failOn is set,
// an unexpected State finding at or above *failOn; 0 otherwise.
func (r *Report) ExitCode(failOn *drift.Severity) int {
	if len(r.Damaged) > 0 {
		return 1
	}
	for _, f := range r.Changes {
		if unexpected(f) {
			return 1
		}
	}
	if failOn != nil {
		for _, f := range r.State {
			if unexpected(f) && f.Severity >= *failOn {
				return 1
			}
		}
	}
	return 0
}

func unexpected(f drift.Finding) bool { return !f.Expected && !f.Ignored }

// Sort puts the findings in the order every format writes them (target,
// then kind, then object) and the warnings in text order.
func (r *Report) Sort() {
	slices.SortStableFunc(r.Changes, compareFindings)
	slices.SortStableFunc(r.State, compareFindings)
	slices.Sort(r.Warnings)
	slices.Sort(r.Damaged)
}

// sorted returns a sorted copy of r, leaving r alone.
func sorted(r *Report) *Report {
	c := *r
	c.Changes = slices.Clone(r.Changes)
	c.State = slices.Clone(r.State)
	c.Warnings = slices.Clone(r.Warnings)
	c.Damaged = slices.Clone(r.Damaged)
	c.Sort()
	return &c
}

// kindOrder is the order of kinds within a target: what changed over time
// first, from the coarsest to the finest, then the state kinds.
func kindRank(k drift.Kind) int {
	switch k {
	case drift.KindTarget:
		return 0
	case drift.KindVersion:
		return 1
	case drift.KindParameter:
		return 2
	case drift.KindVariable:
		return 3
	case drift.KindSchema:
		return 4
	case drift.KindSize:
		return 5
	case drift.KindConfigured:
		return 6
	case drift.KindBaseline:
		return 7
	case drift.KindFleet:
		return 8
	case drift.KindGuardrail:
		return 9
	case drift.KindRisk:
		return 10
	case drift.KindAnomaly:
		return 11
	}
	return 12
}

func changeRank(c drift.Change) int {
	switch c {
	case drift.Removed:
		return 0
	case drift.Added:
		return 1
	case drift.Changed:
		return 2
	case drift.Differs:
		return 3
	}
	return 4
}

// compareFindings is a total order over every field, so sorting is
// deterministic whatever order the findings came in.
func compareFindings(a, b drift.Finding) int {
	if c := cmp.Compare(a.Target, b.Target); c != 0 {
		return c
	}
	if c := cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	for _, p := range [][2]string{
		{a.Object, b.Object}, {a.ObjectType, b.ObjectType}, {a.Group, b.Group}, {a.Field, b.Field},
	} {
		if c := strings.Compare(p[0], p[1]); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(changeRank(a.Change), changeRank(b.Change)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Change, b.Change); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Severity, a.Severity); c != 0 {
		return c
	}
	for _, p := range [][2]string{
		{a.Rule, b.Rule}, {a.From, b.From}, {a.To, b.To}, {a.Message, b.Message}, {a.Detail, b.Detail}, {a.Reason, b.Reason},
	} {
		if c := strings.Compare(p[0], p[1]); c != 0 {
			return c
		}
	}
	if c := cmpBool(a.Expected, b.Expected); c != 0 {
		return c
	}
	return cmpBool(a.Ignored, b.Ignored)
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

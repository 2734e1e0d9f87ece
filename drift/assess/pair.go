package assess

import (
	"fmt"
	"slices"
	"time"

	"github.com/auroradoc/auroradoc/snapshot"
)

// Action says what a pair of manifest entries allows.
type Action int

const (
	// Compare: both sides hold a snapshot (fresh or carried forward).
	Compare Action = iota
	// Added: the target is new on the To side, which holds its snapshot.
	Added
	// Removed: the target left the fleet (absent from To, or excluded by
	// the configuration there). Reporting it needs only its name.
	Removed
	// NotCompared: a side lists the target without a snapshot (it failed
	// or was skipped and nothing was carried forward); Pair.Warnings say
	// which.
	NotCompared
)

func (a Action) String() string {
	switch a {
	case Compare:
		return "compare"
	case Added:
		return "added"
	case Removed:
		return "removed"
	case NotCompared:
		return "not compared"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// Pair is one target of a comparison.
type Pair struct {
	Name string
	// From and To are the target's entries on each side; nil where the
	// side does not list it. A filtered entry (the configuration excludes
	// the target) counts as absent but is kept here, so its reason can be
	// shown.
	From, To *snapshot.Entry
	Action   Action
	// Warnings are problems with the comparison of this target: a side
	// without a snapshot, or a side compared through a stale snapshot.
	Warnings []string
}

// Assessable reports whether the To side holds a snapshot whose state
// (configured ≠ running, guardrails, policy, fleet) can be checked.
func (p Pair) Assessable() bool { return documented(p.To) && p.To.HasSnapshot() }

// Unchanged reports whether both sides hold the very same snapshot file
// (a stale target carried forward again): comparing them finds nothing.
func (p Pair) Unchanged() bool {
	return p.Action == Compare && p.From.SHA256 != "" && p.From.SHA256 == p.To.SHA256
}

// Pairs pairs the targets of two manifests, sorted by name. from may be
// nil (the first set: every target is added). A target is listed when at
// least one side documents it (lists it and does not filter it out).
//
// The rules, one place for drift reports and the history:
//   - absent or filtered on the From side, with a snapshot on To: Added;
//   - documented on From, absent or filtered on To: Removed (whether or
//     not From held a snapshot: the name is all a removal needs);
//   - a documented side without a snapshot: NotCompared, with a warning;
//   - both with a snapshot: Compare; a stale side adds a warning saying
//     which set the carried snapshot came from.
func Pairs(from, to *snapshot.Manifest) []Pair {
	byName := map[string]*Pair{}
	get := func(name string) *Pair {
		p := byName[name]
		if p == nil {
			p = &Pair{Name: name}
			byName[name] = p
		}
		return p
	}
	if from != nil {
		for _, e := range from.Targets {
			get(e.Name).From = e
		}
	}
	for _, e := range to.Targets {
		get(e.Name).To = e
	}
	names := make([]string, 0, len(byName))
	for n, p := range byName {
		if documented(p.From) || documented(p.To) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	out := make([]Pair, 0, len(names))
	for _, n := range names {
		p := byName[n]
		fromSet := ""
		if from != nil {
			fromSet = from.Set
		}
		p.Action, p.Warnings = decide(p.From, fromSet, p.To, to.Set)
		out = append(out, *p)
	}
	return out
}

func decide(f *snapshot.Entry, fromSet string, t *snapshot.Entry, toSet string) (Action, []string) {
	var warnings []string
	side := func(e *snapshot.Entry, set string) bool {
		if !e.HasSnapshot() {
			warnings = append(warnings, notCompared(e, set))
			return false
		}
		if e.Stale() {
			warnings = append(warnings, staleWarning(e, set))
		}
		return true
	}
	switch {
	case !documented(f):
		if side(t, toSet) {
			return Added, warnings
		}
		return NotCompared, warnings
	case !documented(t):
		return Removed, nil
	}
	fromOK := side(f, fromSet)
	toOK := side(t, toSet)
	if fromOK && toOK {
		return Compare, warnings
	}
	return NotCompared, warnings
}

// documented reports whether a side lists the target as part of the
// fleet: a filtered entry left the fleet on purpose.
func documented(e *snapshot.Entry) bool { return e != nil && !e.Filtered }

func staleWarning(e *snapshot.Entry, set string) string {
	since := ""
	if e.StaleSince != nil {
		since = ", taken " + e.StaleSince.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("%s: %s in set %s; compared through its stale snapshot carried forward from set %s%s", e.Name, Problem(e), set, e.StaleFrom, since)
}

func notCompared(e *snapshot.Entry, set string) string {
	return fmt.Sprintf("%s: not compared: %s in set %s and no earlier snapshot was carried forward", e.Name, Problem(e), set)
}

// Problem says why a manifest entry has no fresh snapshot: its status
// with the error or the reason, e.g. "failed (connecting: i/o timeout)".
func Problem(e *snapshot.Entry) string {
	switch {
	case e.Error != "":
		return e.Status + " (" + e.Error + ")"
	case e.Reason != "":
		return e.Status + " (" + e.Reason + ")"
	}
	return e.Status
}

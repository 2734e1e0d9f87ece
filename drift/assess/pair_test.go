package assess_test

import (
	"slices"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/snapshot"
)

// TestPairs: every rule of Pairs' doc comment, one target each.
func TestPairs(t *testing.T) {
	since := time.Date(2026, 11, 20, 3, 4, 5, 0, time.UTC)
	ok := func(name string) *snapshot.Entry {
		return &snapshot.Entry{Name: name, Status: snapshot.StatusOK, File: name + ".json.gz", SHA256: "sum-" + name}
	}
	failed := func(name string) *snapshot.Entry {
		return &snapshot.Entry{Name: name, Status: snapshot.StatusFailed, Error: "connecting: i/o timeout"}
	}
	filtered := func(name string) *snapshot.Entry {
		return &snapshot.Entry{Name: name, Status: snapshot.StatusSkipped, Reason: "excluded by the configuration", Filtered: true}
	}
	stale := func(name, from string, at *time.Time) *snapshot.Entry {
		return &snapshot.Entry{Name: name, Status: snapshot.StatusFailed, Error: "connecting: i/o timeout",
			File: name + ".json.gz", SHA256: "sum-" + name, StaleFrom: from, StaleSince: at}
	}
	nc := func(name, set string) string {
		return name + ": not compared: failed (connecting: i/o timeout) in set " + set + " and no earlier snapshot was carried forward"
	}
	const A, B = "set-a", "set-b"
	for _, c := range []struct {
		name     string
		from, to *snapshot.Entry // nil: the side does not list it
		action   assess.Action
		warnings []string
		absent   bool // not listed: neither side documents it
	}{
		{name: "added", to: ok("added"), action: assess.Added},
		{name: "added-over-filtered", from: filtered("added-over-filtered"), to: ok("added-over-filtered"), action: assess.Added},
		{name: "added-failed", to: failed("added-failed"), action: assess.NotCompared, warnings: []string{nc("added-failed", B)}},
		{name: "added-stale", to: stale("added-stale", "set-0", nil), action: assess.Added,
			warnings: []string{"added-stale: failed (connecting: i/o timeout) in set set-b; compared through its stale snapshot carried forward from set set-0"}},
		{name: "removed", from: ok("removed"), action: assess.Removed},
		{name: "removed-after-failed", from: failed("removed-after-failed"), action: assess.Removed},
		{name: "removed-filtered", from: ok("removed-filtered"), to: filtered("removed-filtered"), action: assess.Removed},
		{name: "removed-failed-filtered", from: failed("removed-failed-filtered"), to: filtered("removed-failed-filtered"), action: assess.Removed},
		{name: "filtered-both", from: filtered("filtered-both"), to: filtered("filtered-both"), absent: true},
		{name: "filtered-from-gone", from: filtered("filtered-from-gone"), absent: true},
		{name: "filtered-to-new", to: filtered("filtered-to-new"), absent: true},
		{name: "compare", from: ok("compare"), to: ok("compare"), action: assess.Compare},
		{name: "nc-from", from: failed("nc-from"), to: ok("nc-from"), action: assess.NotCompared, warnings: []string{nc("nc-from", A)}},
		{name: "nc-to", from: ok("nc-to"), to: failed("nc-to"), action: assess.NotCompared, warnings: []string{nc("nc-to", B)}},
		{name: "nc-both", from: failed("nc-both"), to: failed("nc-both"), action: assess.NotCompared, warnings: []string{nc("nc-both", A), nc("nc-both", B)}},
		{name: "stale-to", from: ok("stale-to"), to: stale("stale-to", A, &since), action: assess.Compare,
			warnings: []string{"stale-to: failed (connecting: i/o timeout) in set set-b; compared through its stale snapshot carried forward from set set-a, taken 2026-11-20T03:04:05Z"}},
		{name: "stale-from", from: stale("stale-from", "set-0", nil), to: ok("stale-from"), action: assess.Compare,
			warnings: []string{"stale-from: failed (connecting: i/o timeout) in set set-a; compared through its stale snapshot carried forward from set set-0"}},
		{name: "stale-to-nc-from", from: failed("stale-to-nc-from"), to: stale("stale-to-nc-from", "set-0", &since), action: assess.NotCompared,
			warnings: []string{nc("stale-to-nc-from", A), "stale-to-nc-from: failed (connecting: i/o timeout) in set set-b; compared through its stale snapshot carried forward from set set-0, taken 2026-11-20T03:04:05Z"}},
	} {
		from, to := &snapshot.Manifest{Set: A}, &snapshot.Manifest{Set: B}
		if c.from != nil {
			from.Targets = append(from.Targets, c.from)
		}
		if c.to != nil {
			to.Targets = append(to.Targets, c.to)
		}
		pairs := assess.Pairs(from, to)
		if c.absent {
			if len(pairs) != 0 {
				t.Errorf("%s: listed as %+v, want left out", c.name, pairs)
			}
			continue
		}
		if len(pairs) != 1 {
			t.Errorf("%s: %d pairs", c.name, len(pairs))
			continue
		}
		p := pairs[0]
		if p.Name != c.name || p.From != c.from || p.To != c.to || p.Action != c.action || !slices.Equal(p.Warnings, c.warnings) {
			t.Errorf("%s: %s (from %v, to %v), warnings %q; want %s, warnings %q", c.name, p.Action, p.From, p.To, p.Warnings, c.action, c.warnings)
		}
		if want := c.to != nil && !c.to.Filtered && c.to.File != ""; p.Assessable() != want {
			t.Errorf("%s: assessable %v, want %v", c.name, p.Assessable(), want)
		}
	}
}

// TestPairsFirstSet: with no From set (the first set), every documented
// target with a snapshot is added, sorted by name.
func TestPairsFirstSet(t *testing.T) {
	to := &snapshot.Manifest{Set: "set-b", Targets: []*snapshot.Entry{
		{Name: "z", Status: snapshot.StatusOK, File: "z.json.gz"},
		{Name: "a", Status: snapshot.StatusOK, File: "a.json.gz"},
		{Name: "f", Status: snapshot.StatusFailed, Error: "boom"},
		{Name: "skip", Status: snapshot.StatusSkipped, Filtered: true},
	}}
	var got []string
	for _, p := range assess.Pairs(nil, to) {
		got = append(got, p.Name+" "+p.Action.String())
		if p.From != nil {
			t.Errorf("%s: from %v", p.Name, p.From)
		}
		if p.Name == "f" && !slices.Equal(p.Warnings, []string{"f: not compared: failed (boom) in set set-b and no earlier snapshot was carried forward"}) {
			t.Errorf("f: warnings %q", p.Warnings)
		}
	}
	if want := []string{"a added", "f not compared", "z added"}; !slices.Equal(got, want) {
		t.Errorf("pairs %q, want %q", got, want)
	}
}

// TestPairUnchanged: the same snapshot file on both sides (a stale target
// carried forward again) is compared but unchanged.
func TestPairUnchanged(t *testing.T) {
	e := &snapshot.Entry{Name: "x", Status: snapshot.StatusOK, File: "x.json.gz", SHA256: "abc"}
	other := &snapshot.Entry{Name: "x", Status: snapshot.StatusOK, File: "x.json.gz", SHA256: "def"}
	nosum := &snapshot.Entry{Name: "x", Status: snapshot.StatusOK, File: "x.json.gz"}
	for _, c := range []struct {
		from, to *snapshot.Entry
		want     bool
	}{{e, e, true}, {e, other, false}, {nosum, nosum, false}} {
		p := assess.Pairs(&snapshot.Manifest{Targets: []*snapshot.Entry{c.from}}, &snapshot.Manifest{Targets: []*snapshot.Entry{c.to}})[0]
		if p.Action != assess.Compare || p.Unchanged() != c.want {
			t.Errorf("%s vs %s: %s, unchanged %v, want %v", c.from.SHA256, c.to.SHA256, p.Action, p.Unchanged(), c.want)
		}
	}
	if s := assess.Action(9).String(); s != "Action(9)" {
		t.Errorf("Action(9) prints %q", s)
	}
}

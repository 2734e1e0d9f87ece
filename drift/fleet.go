package drift

import (
	"fmt"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/snapshot"
)

// Fleet compares the targets of each group (see FleetOptions.GroupByTag)
// with each other and reports, sorted by Sort, every member whose setting
// differs from its group's majority: KindFleet, Change Differs, From the
// majority value, To the member's own.
//
// Only groups of at least three members are compared. The settings are
// the effective parameter values as written (formulas as text; the
// effective-value rule of ConfiguredVsRunning) and the non-volatile
// variables; static targets (no Cluster) take part with their variables
// only. For each setting the majority is the value held by strictly more
// than half of the members that have the setting at all; without one (a
// tie, or too many different values) nothing is reported. Values are
// compared exactly as text.
func Fleet(snaps []*snapshot.Snapshot, o FleetOptions) []Finding {
	vol := o.volatile()
	groups := map[string][]*snapshot.Snapshot{}
	for _, s := range snaps {
		if s == nil {
			continue
		}
		key := ""
		if o.GroupByTag != "" && s.Cluster != nil {
			key = s.Cluster.Tags[o.GroupByTag]
		}
		groups[key] = append(groups[key], s)
	}
	var out []Finding
	for _, key := range sortedKeys(groups) {
		members := groups[key]
		if len(members) < 3 {
			continue
		}
		// Members in target order, so that equal inputs in any order give
		// the same findings.
		slices.SortStableFunc(members, func(a, b *snapshot.Snapshot) int {
			return strings.Compare(a.Target.Name, b.Target.Name)
		})
		desc := describeGroup(o.GroupByTag, key, members)
		params := make([]map[string]effective, len(members))
		vars := make([]map[string]effective, len(members))
		for i, s := range members {
			if s.Cluster != nil {
				params[i] = effectiveParameters(s.Cluster)
			}
			vars[i] = make(map[string]effective, len(s.Variables))
			for n, v := range s.Variables {
				if !vol.has(n) {
					vars[i][n] = effective{value: v, objectType: "variable"}
				}
			}
		}
		out = fleetSettings(out, members, params, desc)
		out = fleetSettings(out, members, vars, desc)
	}
	Sort(out)
	return out
}

// fleetSettings appends a finding for every member whose value of a
// setting differs from the majority of the members that have it.
func fleetSettings(out []Finding, members []*snapshot.Snapshot, settings []map[string]effective, desc string) []Finding {
	names := map[string]bool{}
	for _, m := range settings {
		for n := range m {
			names[n] = true
		}
	}
	for name := range names {
		counts := map[string]int{}
		have := 0
		for _, m := range settings {
			if e, ok := m[name]; ok {
				counts[e.value]++
				have++
			}
		}
		if len(counts) < 2 {
			continue
		}
		majority, n := "", 0
		for v, k := range counts {
			if 2*k > have {
				majority, n = v, k
			}
		}
		if n == 0 {
			continue
		}
		for i, m := range settings {
			e, ok := m[name]
			if !ok || e.value == majority {
				continue
			}
			target := members[i].Target.Name
			out = append(out, finish(Finding{
				Target: target, Kind: KindFleet, Change: Differs, ObjectType: e.objectType, Object: name,
				Group: e.group, Field: "value", From: majority, To: e.value,
				Message: fmt.Sprintf("%s: %s %s is %s, %d of %d %s have %s",
					target, e.objectType, name, show(e.value), n, have, desc, show(majority)),
			}))
		}
	}
	return out
}

// describeGroup names a group for messages: "clusters with env=prd",
// "targets without env", "targets".
func describeGroup(tag, value string, members []*snapshot.Snapshot) string {
	noun := "clusters"
	for _, s := range members {
		if s.Cluster == nil {
			noun = "targets"
		}
	}
	switch {
	case tag == "":
		return noun
	case value == "":
		return noun + " without " + tag
	}
	return noun + " with " + tag + "=" + value
}

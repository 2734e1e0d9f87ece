package drift

import (
	"fmt"

	"github.com/auroradoc/auroradoc/snapshot"
)

// compareParameters compares the cluster parameter group and the instance
// parameter groups of two snapshots of one cluster.
//
// A group swapped for another (a different name) is a finding of its own,
// and the parameters are still compared by name across the swap, so that
// the values that actually changed show. Instance groups are paired by
// name, and across a swap by the members that moved from one to the
// other; a group no member moved to or from is added or removed.
func compareParameters(c *collector, from, to *snapshot.Cluster) {
	fg, tg := from.ParameterGroup, to.ParameterGroup
	if fg != nil && tg != nil && fg.Name != tg.Name {
		c.addf(Finding{
			Kind: KindParameter, Change: Changed, ObjectType: "cluster parameter group",
			Object: to.ID, Field: "name", From: fg.Name, To: tg.Name,
		}, fmt.Sprintf("cluster parameter group swapped %s → %s", fg.Name, tg.Name))
	}
	switch {
	case fg == nil && tg != nil:
		c.addf(Finding{Kind: KindParameter, Change: Added, ObjectType: "cluster parameter group", Object: to.ID, To: tg.Name},
			"cluster parameter group "+tg.Name+" added")
	case fg != nil && tg == nil:
		c.addf(Finding{Kind: KindParameter, Change: Removed, ObjectType: "cluster parameter group", Object: to.ID, From: fg.Name},
			"cluster parameter group "+fg.Name+" removed")
	}
	compareGroups(c, "cluster parameter", fg, tg)

	fromGroups := groupsByName(from.InstanceParameterGroups)
	toGroups := groupsByName(to.InstanceParameterGroups)
	type pair struct{ from, to string }
	var pairs []pair
	paired := map[pair]bool{}
	fromPaired, toPaired := map[string]bool{}, map[string]bool{}
	pairUp := func(f, t string) {
		p := pair{f, t}
		if paired[p] {
			return
		}
		paired[p] = true
		pairs = append(pairs, p)
		fromPaired[f], toPaired[t] = true, true
	}
	for name := range fromGroups {
		if toGroups[name] != nil {
			pairUp(name, name)
		}
	}
	toMembers := map[string]*snapshot.Member{}
	for _, m := range to.Members {
		if m == nil { // a hand-edited or damaged snapshot
			continue
		}
		toMembers[m.ID] = m
	}
	for _, fm := range from.Members {
		if fm == nil { // a hand-edited or damaged snapshot
			continue
		}
		tm := toMembers[fm.ID]
		if tm == nil || fm.ParameterGroup == tm.ParameterGroup {
			continue
		}
		c.addf(Finding{
			Kind: KindParameter, Change: Changed, ObjectType: "instance parameter group",
			Object: fm.ID, Group: fm.ID, Field: "name", From: fm.ParameterGroup, To: tm.ParameterGroup,
		}, fmt.Sprintf("instance parameter group of member %s swapped %s → %s", fm.ID, show(fm.ParameterGroup), show(tm.ParameterGroup)))
		if fromGroups[fm.ParameterGroup] != nil && toGroups[tm.ParameterGroup] != nil {
			pairUp(fm.ParameterGroup, tm.ParameterGroup)
		}
	}
	for name := range fromGroups {
		if !fromPaired[name] {
			c.addf(Finding{Kind: KindParameter, Change: Removed, ObjectType: "instance parameter group", Object: name},
				"instance parameter group "+name+" removed")
		}
	}
	for name := range toGroups {
		if !toPaired[name] {
			c.addf(Finding{Kind: KindParameter, Change: Added, ObjectType: "instance parameter group", Object: name},
				"instance parameter group "+name+" added")
		}
	}
	for _, p := range pairs {
		compareGroups(c, "instance parameter", fromGroups[p.from], toGroups[p.to])
	}
}

func groupsByName(gs []*snapshot.ParameterGroup) map[string]*snapshot.ParameterGroup {
	m := make(map[string]*snapshot.ParameterGroup, len(gs))
	for _, g := range gs {
		if g != nil {
			m[g.Name] = g
		}
	}
	return m
}

// compareGroups compares the parameters of two groups by name. Findings
// name the newer group; across a swap the message also names the older.
//
// Only the value (as written: a formula such as {DBInstanceClassMemory*3/4}
// is compared as text, and unset vs set counts), the source and the apply
// method are compared: they are what someone changes. The other fields
// (apply type, data type, allowed values, is-modifiable) describe the
// engine's parameter, not its setting, and change with engine upgrades,
// which are reported as version findings.
func compareGroups(c *collector, objectType string, from, to *snapshot.ParameterGroup) {
	if from == nil || to == nil {
		return
	}
	group, where := to.Name, "group "+to.Name
	if from.Name != to.Name {
		where += ", was " + from.Name
	}
	old := make(map[string]*snapshot.Parameter, len(from.Parameters))
	for _, p := range from.Parameters {
		if p == nil { // a hand-edited or damaged snapshot
			continue
		}
		old[p.Name] = p
	}
	cur := make(map[string]bool, len(to.Parameters))
	for _, tp := range to.Parameters {
		if tp == nil { // a hand-edited or damaged snapshot
			continue
		}
		cur[tp.Name] = true
		fp := old[tp.Name]
		if fp == nil {
			c.addf(Finding{Kind: KindParameter, Change: Added, ObjectType: objectType, Object: tp.Name, Group: group, To: tp.Value},
				fmt.Sprintf("%s %s added: %s (%s)", objectType, tp.Name, showParam(tp), where))
			continue
		}
		if fp.HasValue != tp.HasValue || fp.Value != tp.Value {
			c.addf(Finding{Kind: KindParameter, Change: Changed, ObjectType: objectType, Object: tp.Name, Group: group,
				Field: "value", From: fp.Value, To: tp.Value},
				fmt.Sprintf("%s %s changed %s → %s (%s)", objectType, tp.Name, showParam(fp), showParam(tp), where))
		}
		for _, a := range []struct{ field, from, to string }{
			{"source", fp.Source, tp.Source},
			{"apply_method", fp.ApplyMethod, tp.ApplyMethod},
		} {
			if a.from != a.to {
				c.addf(Finding{Kind: KindParameter, Change: Changed, ObjectType: objectType, Object: tp.Name, Group: group,
					Field: a.field, From: a.from, To: a.to},
					fmt.Sprintf("%s %s %s changed %s → %s (%s)", objectType, tp.Name, a.field, show(a.from), show(a.to), where))
			}
		}
	}
	for _, fp := range from.Parameters {
		if fp != nil && !cur[fp.Name] {
			c.addf(Finding{Kind: KindParameter, Change: Removed, ObjectType: objectType, Object: fp.Name, Group: group, From: fp.Value},
				fmt.Sprintf("%s %s removed, was %s (%s)", objectType, fp.Name, showParam(fp), where))
		}
	}
}

// showParam renders a parameter's value for a message; "(not set)" when
// it has none.
func showParam(p *snapshot.Parameter) string {
	if !p.HasValue {
		return "(not set)"
	}
	return show(p.Value)
}

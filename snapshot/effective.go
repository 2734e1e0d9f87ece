package snapshot

import "strings"

// SharedInstanceGroup returns the DB parameter group every member uses, or
// nil when members use different ones or it was not recorded: then the
// crawl may have reached any member, and only the cluster parameter group
// says what applies to the server that answered.
func (c *Cluster) SharedInstanceGroup() *ParameterGroup {
	if c == nil {
		return nil
	}
	name := ""
	for _, m := range c.Members {
		if m == nil {
			continue
		}
		if m.ParameterGroup == "" || (name != "" && m.ParameterGroup != name) {
			return nil
		}
		name = m.ParameterGroup
	}
	if name == "" {
		if len(c.Members) == 0 && len(c.InstanceParameterGroups) == 1 {
			return c.InstanceParameterGroups[0]
		}
		return nil
	}
	for _, g := range c.InstanceParameterGroups {
		if g != nil && g.Name == name {
			return g
		}
	}
	return nil
}

// Find returns the parameter called name, or nil.
func (g *ParameterGroup) Find(name string) *Parameter {
	if g == nil {
		return nil
	}
	for _, p := range g.Parameters {
		if p != nil && p.Name == name {
			return p
		}
	}
	return nil
}

// EffectiveParameter returns the parameter group entry that decides the
// value of parameter name on the cluster's servers, the group it is in and
// whether that is the instance group. Aurora's rule: a value modified
// (source "user") in the DB parameter group wins over the cluster
// parameter group's modified value; otherwise the default applies (the
// instance group's, which is where instance-level parameters such as
// performance_schema live, then the cluster group's). The instance group
// is only consulted when all members share one (SharedInstanceGroup). nil
// when no group has a value for name.
func (c *Cluster) EffectiveParameter(name string) (p *Parameter, group string, instance bool) {
	if c == nil {
		return nil, "", false
	}
	inst := c.SharedInstanceGroup()
	p, instance = EffectiveOf(inst.Find(name), c.ParameterGroup.Find(name))
	switch {
	case p == nil:
		return nil, "", false
	case instance:
		return p, inst.Name, true
	}
	return p, c.ParameterGroup.Name, false
}

// EffectiveOf is the rule of EffectiveParameter for one parameter, given
// its entry in the shared instance group (ip, nil when there is none) and
// in the cluster group (cp): the entry that decides the value, and whether
// it is ip. Entries without a value do not count; nil when neither has one.
func EffectiveOf(ip, cp *Parameter) (p *Parameter, instance bool) {
	ip, cp = withValue(ip), withValue(cp)
	user := func(p *Parameter) bool { return p != nil && strings.EqualFold(p.Source, "user") }
	switch {
	case user(ip):
		return ip, true
	case user(cp):
		return cp, false
	case ip != nil:
		return ip, true
	}
	return cp, false
}

func withValue(p *Parameter) *Parameter {
	if p == nil || !p.HasValue {
		return nil
	}
	return p
}

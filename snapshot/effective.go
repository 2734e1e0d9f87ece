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
	ip, cp := withValue(inst.Find(name)), withValue(c.ParameterGroup.Find(name))
	user := func(p *Parameter) bool { return p != nil && strings.EqualFold(p.Source, "user") }
	switch {
	case user(ip):
		return ip, inst.Name, true
	case user(cp):
		return cp, c.ParameterGroup.Name, false
	case ip != nil:
		return ip, inst.Name, true
	case cp != nil:
		return cp, c.ParameterGroup.Name, false
	}
	return nil, "", false
}

func withValue(p *Parameter) *Parameter {
	if p == nil || !p.HasValue {
		return nil
	}
	return p
}

package guardrail

import "github.com/auroradoc/auroradoc/snapshot"

// EffectiveParameter returns the parameter group entry that decides the
// value of parameter name on cluster c, with the name of its group and
// whether that group is an instance parameter group; nil when no group
// sets the parameter. In order:
//
//  1. the members' instance parameter group, when every member uses the
//     same one and it sets the parameter with source "user";
//  2. the cluster parameter group, when it has a value for the parameter;
//  3. that shared instance parameter group with a value from any source
//     (instance-only parameters are not in the cluster group at all).
//
// Values are as written, formulas such as {DBInstanceClassMemory*3/4}
// included. When the members use different instance groups, only the
// cluster group counts: no single instance value applies to the cluster.
func EffectiveParameter(c *snapshot.Cluster, name string) (p *snapshot.Parameter, group string, instance bool) {
	if c == nil {
		return nil, "", false
	}
	inst := sharedInstanceGroup(c)
	if ip := findParameter(inst, name); ip != nil && ip.Source == "user" {
		return ip, inst.Name, true
	}
	if cp := findParameter(c.ParameterGroup, name); cp != nil {
		return cp, c.ParameterGroup.Name, false
	}
	if ip := findParameter(inst, name); ip != nil {
		return ip, inst.Name, true
	}
	return nil, "", false
}

// sharedInstanceGroup returns the instance parameter group every member
// uses, or nil when they use different ones (or it was not recorded). A
// cluster without members counts its only instance group, if it has one.
func sharedInstanceGroup(c *snapshot.Cluster) *snapshot.ParameterGroup {
	name := ""
	for i, m := range c.Members {
		if m.ParameterGroup == "" || (i > 0 && m.ParameterGroup != name) {
			return nil
		}
		name = m.ParameterGroup
	}
	if len(c.Members) == 0 {
		if len(c.InstanceParameterGroups) == 1 {
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

// findParameter returns the parameter name of g when it has a value.
func findParameter(g *snapshot.ParameterGroup, name string) *snapshot.Parameter {
	if g == nil {
		return nil
	}
	for _, p := range g.Parameters {
		if p != nil && p.Name == name && p.HasValue {
			return p
		}
	}
	return nil
}

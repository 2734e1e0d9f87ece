package guardrail

import "github.com/auroradoc/auroradoc/snapshot"

// EffectiveParameter returns the parameter group entry that decides the
// value of parameter name on cluster c (see snapshot.Cluster.
// EffectiveParameter for the rule, shared with drift and policy).
func EffectiveParameter(c *snapshot.Cluster, name string) (p *snapshot.Parameter, group string, instance bool) {
	return c.EffectiveParameter(name)
}

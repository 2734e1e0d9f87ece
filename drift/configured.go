package drift

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/snapshot"
)

// ConfiguredVsRunning returns, for one snapshot, the parameters whose
// effective configured value differs from the running value in SHOW
// GLOBAL VARIABLES, and one finding per member waiting for a reboot to
// apply a parameter group edit; sorted by Sort. Static targets (no
// Cluster) have none.
//
// The effective value of a parameter follows Aurora: a value modified
// (Source "user") in the instance parameter group wins over the cluster
// parameter group; otherwise the cluster group's user value; otherwise the
// default (the instance group's, else the cluster group's). The instance
// group is used only when all members share one: the crawl may have
// reached any member, so with several instance groups it is unknown which
// one applied to the server that answered, and only the cluster level is
// compared.
//
// Skipped: parameters without a value, formulas ({DBInstanceClassMemory*3/4}:
// the server reports the computed number), parameters without a variable
// of the same name, and volatile names. Values are compared
// case-insensitively, as booleans (ON/1/TRUE/YES against OFF/0/FALSE/NO),
// as numbers, and comma lists as sets (sql_mode's order does not matter);
// the message says which comparison found the difference.
func ConfiguredVsRunning(s *snapshot.Snapshot, o Options) []Finding {
	if s == nil {
		return nil
	}
	c := &collector{target: s.Target.Name}
	c.out = configuredVsRunning(s, o.volatile())
	return c.done()
}

// configuredVsRunning is ConfiguredVsRunning without the sort.
func configuredVsRunning(s *snapshot.Snapshot, vol volatileSet) []Finding {
	cl := s.Cluster
	if cl == nil {
		return nil
	}
	c := &collector{target: s.Target.Name}
	eff := effectiveParameters(cl)
	for _, name := range sortedKeys(eff) {
		p := eff[name]
		if strings.Contains(p.value, "{") || vol.has(name) {
			continue
		}
		running, ok := s.Variables[name]
		if !ok {
			continue
		}
		same, how := sameSetting(p.value, running)
		if same {
			continue
		}
		c.addf(Finding{
			Kind: KindConfigured, Change: Differs, ObjectType: p.objectType, Object: name, Group: p.group,
			Field: "value", From: p.value, To: running,
		}, fmt.Sprintf("%s %s is %s in group %s (%s) but %s is running (compared %s)",
			p.objectType, name, show(p.value), p.group, p.source, show(running), how))
	}
	for _, m := range cl.Members {
		if m == nil || !m.PendingReboot {
			continue
		}
		status := m.ParameterApplyStatus
		if status == "" || status == "in-sync" {
			status = m.ClusterParameterGroupStatus
		}
		if status == "" || status == "in-sync" {
			status = "pending-reboot"
		}
		c.addf(Finding{
			Kind: KindConfigured, Change: Differs, ObjectType: "member", Object: m.ID, Group: m.ID,
			Field: "parameter_apply_status", To: status,
		}, fmt.Sprintf("member %s: a parameter group edit waits for a reboot (%s)", m.ID, status))
	}
	return c.out
}

// effective is the value of a parameter that applies to the cluster's
// servers and where it comes from.
type effective struct {
	value      string
	objectType string // "cluster parameter" or "instance parameter"
	group      string
	source     string
}

// effectiveParameters returns the effective value of every parameter that
// has one (see ConfiguredVsRunning for the rule).
func effectiveParameters(cl *snapshot.Cluster) map[string]effective {
	out := map[string]effective{}
	var cluster, instance map[string]*snapshot.Parameter
	var clusterGroup, instanceGroup string
	if g := cl.ParameterGroup; g != nil {
		clusterGroup, cluster = g.Name, paramsByName(g)
	}
	if g := cl.SharedInstanceGroup(); g != nil {
		instanceGroup, instance = g.Name, paramsByName(g)
	}
	names := map[string]bool{}
	for n := range cluster {
		names[n] = true
	}
	for n := range instance {
		names[n] = true
	}
	for n := range names {
		// One rule for the effective value, shared with guardrail and
		// policy (snapshot.Cluster.EffectiveParameter).
		switch p, inst := snapshot.EffectiveOf(instance[n], cluster[n]); {
		case p == nil:
		case inst:
			out[n] = effective{p.Value, "instance parameter", instanceGroup, p.Source}
		default:
			out[n] = effective{p.Value, "cluster parameter", clusterGroup, p.Source}
		}
	}
	return out
}

func paramsByName(g *snapshot.ParameterGroup) map[string]*snapshot.Parameter {
	m := make(map[string]*snapshot.Parameter, len(g.Parameters))
	for _, p := range g.Parameters {
		if p != nil {
			m[p.Name] = p
		}
	}
	return m
}

// sameSetting reports whether a configured and a running value mean the
// same, and how they were compared: as text (case-insensitive), as
// booleans, as numbers or as sets (comma lists).
func sameSetting(conf, run string) (same bool, how string) {
	a, b := strings.TrimSpace(conf), strings.TrimSpace(run)
	if strings.EqualFold(a, b) {
		return true, "as text"
	}
	if x, ok := boolValue(a); ok {
		if y, ok := boolValue(b); ok {
			return x == y, "as booleans"
		}
	}
	if x, ok := new(big.Rat).SetString(a); ok {
		if y, ok := new(big.Rat).SetString(b); ok {
			return x.Cmp(y) == 0, "as numbers"
		}
	}
	if strings.Contains(a, ",") || strings.Contains(b, ",") {
		return slices.Equal(setOf(a), setOf(b)), "as sets"
	}
	return false, "as text"
}

// boolValue reads the spellings MySQL accepts for a boolean setting.
func boolValue(s string) (v, ok bool) {
	switch strings.ToUpper(s) {
	case "ON", "1", "TRUE", "YES":
		return true, true
	case "OFF", "0", "FALSE", "NO":
		return false, true
	}
	return false, false
}

// setOf splits a comma list into its sorted, lower-cased, distinct,
// non-empty elements.
func setOf(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
			out = append(out, e)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

package drift

import (
	"github.com/auroradoc/auroradoc/snapshot"
)

// Compare returns every change between two snapshots of one target, from
// the older (from) to the newer (to), sorted by Sort. A nil from gives a
// single KindTarget/Added finding, a nil to a single KindTarget/Removed
// one; two nils give nothing.
//
// It compares the cluster and instance parameter groups (when both
// snapshots have a Cluster), the non-volatile variables, the engine
// versions, the schemas and the table sizes, and reports the
// configured-vs-running mismatches of to that from did not have (a new
// mismatch is drift; old ones are state, which ConfiguredVsRunning
// reports).
//
// Findings are named after to's target. Every finding carries its
// default severity (the table at defaultSeverity, severity_default.go)
// and a one-line Message that names the target; line breaks in names or
// values are escaped there, never in From, To or Object.
func Compare(from, to *snapshot.Snapshot, o Options) []Finding {
	switch {
	case from == nil && to == nil:
		return nil
	case from == nil:
		return []Finding{targetFinding(to, Added)}
	case to == nil:
		return []Finding{targetFinding(from, Removed)}
	}
	c := &collector{target: to.Target.Name}
	vol := o.volatile()
	compareVersions(c, from, to)
	if from.Cluster != nil && to.Cluster != nil {
		compareParameters(c, from.Cluster, to.Cluster)
	}
	compareVariables(c, from.Variables, to.Variables, vol)
	compareSchemas(c, from, to)
	compareSizes(c, from, to, o)
	newMismatches(c, configuredVsRunning(from, vol), configuredVsRunning(to, vol))
	return c.done()
}

// targetFinding reports a target that appeared or disappeared.
func targetFinding(s *snapshot.Snapshot, ch Change) Finding {
	name := s.Target.Name
	return finish(Finding{
		Target:     name,
		Kind:       KindTarget,
		Change:     ch,
		ObjectType: "target",
		Object:     name,
		Message:    name + ": target " + string(ch),
	})
}

// newMismatches adds the configured-vs-running findings of the newer
// snapshot whose Object, Group and Field the older one did not report.
func newMismatches(c *collector, old, cur []Finding) {
	type key struct{ object, group, field string }
	seen := make(map[key]bool, len(old))
	for _, f := range old {
		seen[key{f.Object, f.Group, f.Field}] = true
	}
	for _, f := range cur {
		if !seen[key{f.Object, f.Group, f.Field}] {
			c.add(f)
		}
	}
}

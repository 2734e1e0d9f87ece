package guardrail

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Options adjust Check. The zero value runs every rule at its default
// severity.
type Options struct {
	// Disable lists rule ids not to run. Unknown ids are ignored here;
	// the policy file refuses them.
	Disable []string
	// Severity overrides the default severity of rules by id.
	Severity map[string]drift.Severity
}

// Check runs every enabled rule on s and returns the violations as
// findings of kind guardrail, ordered by rule id, then object, then group.
func Check(s *snapshot.Snapshot, o Options) []drift.Finding {
	if s == nil {
		return nil
	}
	var out []drift.Finding
	for _, d := range definitions() {
		if slices.Contains(o.Disable, d.ID) {
			continue
		}
		sev := d.Severity
		if v, ok := o.Severity[d.ID]; ok {
			sev = v
		}
		vs := d.check(s)
		slices.SortStableFunc(vs, func(a, b violation) int {
			return cmp.Or(cmp.Compare(a.object, b.object), cmp.Compare(a.group, b.group))
		})
		for _, v := range vs {
			out = append(out, drift.Finding{
				Target:     s.Target.Name,
				Kind:       drift.KindGuardrail,
				Change:     drift.Differs,
				ObjectType: v.objectType,
				Object:     v.object,
				Group:      v.group,
				Field:      v.field,
				From:       v.want,
				To:         v.got,
				Rule:       d.ID,
				Severity:   sev,
				Message:    fmt.Sprintf("%s: %s — %s", s.Target.Name, v.what, d.Rationale),
			})
		}
	}
	return out
}

package policy

import (
	"fmt"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Check compares s with every expect: entry whose select: matches it and
// returns a baseline finding for each value that differs or is not set,
// in file order, parameters before variables, each sorted by name.
//
// Parameters are compared as written (formulas included) with the
// effective parameter group value, see snapshot.Cluster.EffectiveParameter.
// Snapshots without a cluster (static targets) have no parameter groups:
// their parameters: expectations are skipped, their variables: checked.
// Variables are compared with SHOW GLOBAL VARIABLES, exactly.
func (p *Policy) Check(s *snapshot.Snapshot) []drift.Finding {
	if p == nil || s == nil {
		return nil
	}
	sub := SubjectOf(s)
	var out []drift.Finding
	for _, e := range p.expect {
		if !e.sel.matches(sub) {
			continue
		}
		if s.Cluster != nil {
			for _, want := range e.parameters {
				prm, group, instance := s.Cluster.EffectiveParameter(want.name)
				objectType := "cluster parameter"
				if instance {
					objectType = "instance parameter"
				}
				if prm == nil {
					if s.Cluster.ParameterGroup != nil {
						group = s.Cluster.ParameterGroup.Name
					}
					out = append(out, p.baseline(s, e, objectType, group, want, "", false))
				} else if prm.Value != want.value {
					out = append(out, p.baseline(s, e, objectType, group, want, prm.Value, true))
				}
			}
		}
		for _, want := range e.variables {
			got, ok := s.Variables[want.name]
			if !ok || got != want.value {
				out = append(out, p.baseline(s, e, "variable", "", want, got, ok))
			}
		}
	}
	return out
}

// baseline builds the finding for one expected value of entry e that s
// does not have; set is false when s has no value at all.
func (p *Policy) baseline(s *snapshot.Snapshot, e *expectation, objectType, group string, want setting, got string, set bool) drift.Finding {
	where := objectType + " " + want.name
	if group != "" {
		where += " (" + group + ")"
	}
	is := fmt.Sprintf("is %q", got)
	if !set {
		is = "is not set"
	}
	return drift.Finding{
		Target:     s.Target.Name,
		Kind:       drift.KindBaseline,
		Change:     drift.Differs,
		ObjectType: objectType,
		Object:     want.name,
		Group:      group,
		Field:      "value",
		From:       want.value,
		To:         got,
		Rule:       e.id,
		Severity:   e.severity,
		Message: fmt.Sprintf("%s: %s %s, expected %q (%s:%d %s)",
			s.Target.Name, where, is, want.value, p.source, e.line, e.id),
	}
}

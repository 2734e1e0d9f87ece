package policy

import (
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/guardrail"
	"github.com/auroradoc/auroradoc/internal/glob"
	"github.com/auroradoc/auroradoc/internal/names"
	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// Value rules. Each check returns what is wrong with a value, or "".

// kindNames are the finding kinds a policy entry may name.
func kindNames() []string {
	kinds := []drift.Kind{drift.KindTarget, drift.KindParameter, drift.KindVariable, drift.KindConfigured,
		drift.KindSchema, drift.KindSize, drift.KindVersion, drift.KindFleet, drift.KindBaseline, drift.KindGuardrail}
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

func changeNames() []string {
	return []string{string(drift.Added), string(drift.Removed), string(drift.Changed), string(drift.Differs)}
}

func severityNames() []string {
	var out []string
	for s := drift.SeverityInfo; s <= drift.SeverityCritical; s++ {
		out = append(out, s.String())
	}
	return out
}

// checkGlob accepts a glob pattern.
func checkGlob(p string) string {
	if _, err := glob.Compile(p); err != nil {
		return fmt.Sprintf("bad glob pattern %q: %v", p, err)
	}
	return ""
}

// checkRegion accepts an AWS region name (names.ValidRegion).
func checkRegion(r string) string {
	if names.ValidRegion(r) {
		return ""
	}
	return fmt.Sprintf("%q is not an AWS region name such as eu-west-1", r)
}

// checkGuardrail accepts a guardrail rule id.
func checkGuardrail(id string) string {
	ids := guardrail.IDs()
	for _, known := range ids {
		if id == known {
			return ""
		}
	}
	if s := yamlstrict.Suggest(id, ids); s != "" {
		return fmt.Sprintf("unknown guardrail %q (did you mean %q?)", id, s)
	}
	return fmt.Sprintf("unknown guardrail %q (known guardrails: %s)", id, strings.Join(ids, ", "))
}

// choice decodes one of allowed, what naming the value in messages; ""
// when n is not one of them.
func (d *decoder) choice(n *yaml.Node, path, what string, allowed []string) string {
	s, ok := d.Str(n, path)
	if !ok {
		return ""
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	if sug := yamlstrict.Suggest(s, allowed); sug != "" {
		d.Errorf(n, path, "unknown %s %q (did you mean %q?)", what, s, sug)
	} else {
		d.Errorf(n, path, "unknown %s %q (want %s)", what, s, yamlstrict.OrList(allowed))
	}
	return ""
}

// severity decodes a severity name.
func (d *decoder) severity(n *yaml.Node, path string) (drift.Severity, bool) {
	s := d.choice(n, path, "severity", severityNames())
	if s == "" {
		return 0, false
	}
	v, err := drift.ParseSeverity(s)
	return v, err == nil
}

// glob decodes a glob pattern; nil when it is not a valid one.
func (d *decoder) glob(n *yaml.Node, path string) *glob.Pattern {
	s, ok := d.Str(n, path)
	if !ok {
		return nil
	}
	g, err := glob.Compile(s)
	if err != nil {
		d.Errorf(n, path, "bad glob pattern %q: %v", s, err)
		return nil
	}
	return g
}

// date decodes an until: date (YYYY-MM-DD). The entry holds through that
// whole day in UTC, so it returns the next midnight UTC and the date as
// written.
func (d *decoder) date(n *yaml.Node, path string) (time.Time, string) {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!timestamp" || n.Tag == "!!str") {
		if t, err := time.Parse(time.DateOnly, n.Value); err == nil {
			return t.AddDate(0, 0, 1), n.Value
		}
	}
	d.Errorf(n, path, "must be a date such as 2026-12-31 (the last day the entry holds), got %s", yamlstrict.Describe(n))
	return time.Time{}, ""
}

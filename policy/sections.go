package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/glob"
	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// root decodes the whole file into p.
func (d *decoder) root(n *yaml.Node, p *Policy) {
	d.Mapping(n, "", []yamlstrict.Field{
		{Key: "volatile", Decode: func(v *yaml.Node, path string) {
			for _, it := range d.Items(v, path, `[my_counter, "wsrep_*"]`, checkGlob) {
				g, _ := glob.Compile(it.Val)
				p.volatile = append(p.volatile, g)
			}
		}},
		{Key: "expect", Decode: func(v *yaml.Node, path string) { p.expect = d.expectations(v, path) }},
		{Key: "declared", Decode: func(v *yaml.Node, path string) { p.declared = d.matchers(v, path, declaredEntry) }},
		{Key: "ignore", Decode: func(v *yaml.Node, path string) { p.ignore = d.matchers(v, path, ignoreEntry) }},
		{Key: "severity", Decode: func(v *yaml.Node, path string) { p.severity = d.matchers(v, path, severityEntry) }},
		{Key: "guardrails", Decode: func(v *yaml.Node, path string) { d.guardrails(v, path, p) }},
	})
}

// list calls each for every item of the list n; a null n is an empty
// list. example shows a valid item when n is not a list.
func (d *decoder) list(n *yaml.Node, path, example string, each func(item *yaml.Node, path string)) {
	if yamlstrict.IsNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, "must be a list of entries (- %s), got %s", example, yamlstrict.Describe(n))
		return
	}
	for i, item := range n.Content {
		each(yamlstrict.Resolve(item), yamlstrict.Index(path, i))
	}
}

// entryKind says which list a matcher entry is in.
type entryKind int

const (
	declaredEntry entryKind = iota
	ignoreEntry
	severityEntry
)

// matchers decodes declared:, ignore: or severity:.
func (d *decoder) matchers(n *yaml.Node, path string, kind entryKind) []*matcher {
	example := map[entryKind]string{
		declaredEntry: `{object: "shop.orders*", reason: "PR #123"}`,
		ignoreEntry:   `{kind: size, object: "logs.*", reason: "log tables grow"}`,
		severityEntry: `{kind: parameter, object: "innodb_*", severity: high}`,
	}[kind]
	var out []*matcher
	d.list(n, path, example, func(item *yaml.Node, ip string) {
		if m := d.matcher(item, ip, kind); m != nil {
			out = append(out, m)
		}
	})
	return out
}

// matcher decodes one entry of declared:, ignore: or severity:; nil when
// it is not a mapping.
func (d *decoder) matcher(n *yaml.Node, path string, kind entryKind) *matcher {
	m := &matcher{place: place{n.Line, n.Column, path}}
	fields := []yamlstrict.Field{
		{Key: "select", Decode: func(v *yaml.Node, p string) { m.sel = d.selector(v, p) }},
		{Key: "kind", Decode: func(v *yaml.Node, p string) { m.kind = drift.Kind(d.choice(v, p, "kind", kindNames())) }},
		{Key: "change", Decode: func(v *yaml.Node, p string) { m.change = drift.Change(d.choice(v, p, "change", changeNames())) }},
		{Key: "object", Decode: func(v *yaml.Node, p string) { m.object = d.glob(v, p) }},
		{Key: "field", Decode: func(v *yaml.Node, p string) { m.field, _ = d.Str(v, p) }},
		{Key: "rule", Decode: func(v *yaml.Node, p string) { m.rule = d.glob(v, p) }},
		{Key: "to", Decode: func(v *yaml.Node, p string) { m.to, _ = d.Str(v, p) }},
		{Key: "reason", Decode: func(v *yaml.Node, p string) { m.reason, _ = d.NonEmpty(v, p) }},
	}
	if kind == severityEntry {
		fields = append(fields, yamlstrict.Field{Key: "severity", Decode: func(v *yaml.Node, p string) { m.severity, _ = d.severity(v, p) }})
	} else {
		fields = append(fields, yamlstrict.Field{Key: "until", Decode: func(v *yaml.Node, p string) { m.until, m.untilDay = d.date(v, p) }})
	}
	present := d.Mapping(n, path, fields)
	if present == nil {
		return nil
	}
	if present["kind"] == nil && present["object"] == nil && present["rule"] == nil {
		d.Errorf(n, path, "say what the entry matches: give kind, object or rule (object: \"*\" for everything)")
	}
	if kind != severityEntry && present["reason"] == nil {
		d.Errorf(n, yamlstrict.Join(path, "reason"), "required key is missing: say why, e.g. the pull request or ticket")
	}
	if kind == severityEntry && present["severity"] == nil {
		d.Errorf(n, yamlstrict.Join(path, "severity"), "required key is missing: one of %s", yamlstrict.OrList(severityNames()))
	}
	return m
}

// expectations decodes expect:.
func (d *decoder) expectations(n *yaml.Node, path string) []*expectation {
	var out []*expectation
	names := map[string]*yaml.Node{}
	d.list(n, path, `{parameters: {require_secure_transport: "ON"}}`, func(item *yaml.Node, ip string) {
		e := &expectation{place: place{item.Line, item.Column, ip}, id: ip, severity: drift.SeverityMedium}
		present := d.Mapping(item, ip, []yamlstrict.Field{
			{Key: "name", Decode: func(v *yaml.Node, p string) {
				s, ok := d.NonEmpty(v, p)
				if !ok {
					return
				}
				if prev := names[s]; prev != nil {
					d.Errorf(v, p, "duplicate name %q (first used at line %d)", s, prev.Line)
					return
				}
				names[s], e.id = v, s
			}},
			{Key: "select", Decode: func(v *yaml.Node, p string) { e.sel = d.selector(v, p) }},
			{Key: "parameters", Decode: func(v *yaml.Node, p string) { e.parameters = d.settings(v, p) }},
			{Key: "variables", Decode: func(v *yaml.Node, p string) { e.variables = d.settings(v, p) }},
			{Key: "severity", Decode: func(v *yaml.Node, p string) {
				if s, ok := d.severity(v, p); ok {
					e.severity = s
				}
			}},
		})
		if present == nil {
			return
		}
		if present["parameters"] == nil && present["variables"] == nil {
			d.Errorf(item, ip, "expects nothing: give parameters, variables or both")
		}
		out = append(out, e)
	})
	return out
}

// settings decodes a mapping of parameter or variable names to expected
// values, sorted by name. Values are strings as written: numbers are
// taken as written, booleans are refused (MySQL says ON and OFF).
func (d *decoder) settings(n *yaml.Node, path string) []setting {
	if yamlstrict.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, `must be a mapping of names to expected values such as {require_secure_transport: "ON"}, got %s`, yamlstrict.Describe(n))
		return nil
	}
	var out []setting
	for _, e := range d.Entries(n, path) {
		kp := yamlstrict.Join(path, e.Key.Value)
		if e.Key.Value == "" {
			d.Errorf(e.Key, path, "names must not be empty")
			continue
		}
		if v, ok := d.Str(yamlstrict.Resolve(e.Val), kp); ok {
			out = append(out, setting{e.Key.Value, v})
		}
	}
	slices.SortFunc(out, func(a, b setting) int { return strings.Compare(a.name, b.name) })
	return out
}

// selector decodes a select: block.
func (d *decoder) selector(n *yaml.Node, path string) selector {
	var s selector
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "targets", Decode: func(v *yaml.Node, p string) {
			for _, it := range d.Set(v, p, "target pattern", `["eu-west-1/*"]`, checkGlob) {
				g, _ := glob.Compile(it.Val)
				s.targets = append(s.targets, g)
			}
		}},
		{Key: "cluster_id", Decode: func(v *yaml.Node, p string) {
			if src, ok := d.NonEmpty(v, p); ok {
				re, err := regexp.Compile(src)
				if err != nil {
					d.Errorf(v, p, "invalid regular expression %q: %s (these are Go regular expressions, not globs: ^orders- for ids starting with orders-)", src, regexpProblem(err))
					return
				}
				s.clusterID = re
			}
		}},
		{Key: "tags", Decode: func(v *yaml.Node, p string) { s.tags = d.Tags(v, p) }},
		{Key: "regions", Decode: func(v *yaml.Node, p string) {
			s.regions = yamlstrict.Values(d.Set(v, p, "region", "[eu-west-1]", checkRegion))
		}},
	})
	return s
}

// guardrails decodes the guardrails: section into p.
func (d *decoder) guardrails(n *yaml.Node, path string, p *Policy) {
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "disable", Decode: func(v *yaml.Node, kp string) {
			p.guardrails.Disable = yamlstrict.Values(d.Set(v, kp, "guardrail", "[char-set-not-utf8mb4]", checkGuardrail))
		}},
		{Key: "severity", Decode: func(v *yaml.Node, kp string) {
			if yamlstrict.IsNull(v) {
				return
			}
			if v.Kind != yaml.MappingNode {
				d.Errorf(v, kp, "must be a mapping of guardrail ids to severities such as {no-primary-key: high}, got %s", yamlstrict.Describe(v))
				return
			}
			for _, e := range d.Entries(v, kp) {
				ep := yamlstrict.Join(kp, e.Key.Value)
				if msg := checkGuardrail(e.Key.Value); msg != "" {
					d.Errorf(e.Key, ep, "%s", msg)
					continue
				}
				if s, ok := d.severity(yamlstrict.Resolve(e.Val), ep); ok {
					if p.guardrails.Severity == nil {
						p.guardrails.Severity = map[string]drift.Severity{}
					}
					p.guardrails.Severity[e.Key.Value] = s
				}
			}
		}},
	})
}

// regexpProblem is the part of a regexp error that says what is wrong.
func regexpProblem(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "error parsing regexp") {
		msg = msg[i+2:]
	}
	return fmt.Sprint(msg)
}

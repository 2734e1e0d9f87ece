package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/drift"
)

// root decodes the whole file into p.
func (d *decoder) root(n *yaml.Node, p *Policy) {
	d.mapping(n, "", []field{
		{key: "volatile", decode: func(v *yaml.Node, path string) {
			for _, it := range d.items(v, path, `[my_counter, "wsrep_*"]`, checkGlob) {
				g, _ := compileGlob(it.val)
				p.volatile = append(p.volatile, g)
			}
		}},
		{key: "expect", decode: func(v *yaml.Node, path string) { p.expect = d.expectations(v, path) }},
		{key: "declared", decode: func(v *yaml.Node, path string) { p.declared = d.matchers(v, path, declaredEntry) }},
		{key: "ignore", decode: func(v *yaml.Node, path string) { p.ignore = d.matchers(v, path, ignoreEntry) }},
		{key: "severity", decode: func(v *yaml.Node, path string) { p.severity = d.matchers(v, path, severityEntry) }},
		{key: "guardrails", decode: func(v *yaml.Node, path string) { d.guardrails(v, path, p) }},
	})
}

// list calls each for every item of the list n; a null n is an empty
// list. example shows a valid item when n is not a list.
func (d *decoder) list(n *yaml.Node, path, example string, each func(item *yaml.Node, path string)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "must be a list of entries (- %s), got %s", example, describe(n))
		return
	}
	for i, item := range n.Content {
		each(resolve(item), index(path, i))
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
	fields := []field{
		{key: "select", decode: func(v *yaml.Node, p string) { m.sel = d.selector(v, p) }},
		{key: "kind", decode: func(v *yaml.Node, p string) { m.kind = drift.Kind(d.choice(v, p, "kind", kindNames())) }},
		{key: "change", decode: func(v *yaml.Node, p string) { m.change = drift.Change(d.choice(v, p, "change", changeNames())) }},
		{key: "object", decode: func(v *yaml.Node, p string) { m.object = d.glob(v, p) }},
		{key: "field", decode: func(v *yaml.Node, p string) { m.field, _ = d.str(v, p) }},
		{key: "rule", decode: func(v *yaml.Node, p string) { m.rule = d.glob(v, p) }},
		{key: "to", decode: func(v *yaml.Node, p string) { m.to, _ = d.str(v, p) }},
		{key: "reason", decode: func(v *yaml.Node, p string) { m.reason, _ = d.nonEmpty(v, p) }},
	}
	if kind == severityEntry {
		fields = append(fields, field{key: "severity", decode: func(v *yaml.Node, p string) { m.severity, _ = d.severity(v, p) }})
	} else {
		fields = append(fields, field{key: "until", decode: func(v *yaml.Node, p string) { m.until, m.untilDay = d.date(v, p) }})
	}
	present := d.mapping(n, path, fields)
	if present == nil {
		return nil
	}
	if present["kind"] == nil && present["object"] == nil && present["rule"] == nil {
		d.errorf(n, path, "say what the entry matches: give kind, object or rule (object: \"*\" for everything)")
	}
	if kind != severityEntry && present["reason"] == nil {
		d.errorf(n, join(path, "reason"), "required key is missing: say why, e.g. the pull request or ticket")
	}
	if kind == severityEntry && present["severity"] == nil {
		d.errorf(n, join(path, "severity"), "required key is missing: one of %s", orList(severityNames()))
	}
	return m
}

// expectations decodes expect:.
func (d *decoder) expectations(n *yaml.Node, path string) []*expectation {
	var out []*expectation
	names := map[string]*yaml.Node{}
	d.list(n, path, `{parameters: {require_secure_transport: "ON"}}`, func(item *yaml.Node, ip string) {
		e := &expectation{place: place{item.Line, item.Column, ip}, id: ip, severity: drift.SeverityMedium}
		present := d.mapping(item, ip, []field{
			{key: "name", decode: func(v *yaml.Node, p string) {
				s, ok := d.nonEmpty(v, p)
				if !ok {
					return
				}
				if prev := names[s]; prev != nil {
					d.errorf(v, p, "duplicate name %q (first used at line %d)", s, prev.Line)
					return
				}
				names[s], e.id = v, s
			}},
			{key: "select", decode: func(v *yaml.Node, p string) { e.sel = d.selector(v, p) }},
			{key: "parameters", decode: func(v *yaml.Node, p string) { e.parameters = d.settings(v, p) }},
			{key: "variables", decode: func(v *yaml.Node, p string) { e.variables = d.settings(v, p) }},
			{key: "severity", decode: func(v *yaml.Node, p string) {
				if s, ok := d.severity(v, p); ok {
					e.severity = s
				}
			}},
		})
		if present == nil {
			return
		}
		if present["parameters"] == nil && present["variables"] == nil {
			d.errorf(item, ip, "expects nothing: give parameters, variables or both")
		}
		out = append(out, e)
	})
	return out
}

// settings decodes a mapping of parameter or variable names to expected
// values, sorted by name. Values are strings as written: numbers are
// taken as written, booleans are refused (MySQL says ON and OFF).
func (d *decoder) settings(n *yaml.Node, path string) []setting {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, `must be a mapping of names to expected values such as {require_secure_transport: "ON"}, got %s`, describe(n))
		return nil
	}
	var out []setting
	for _, e := range d.entries(n, path) {
		kp := join(path, e.key.Value)
		if e.key.Value == "" {
			d.errorf(e.key, path, "names must not be empty")
			continue
		}
		if v, ok := d.str(resolve(e.val), kp); ok {
			out = append(out, setting{e.key.Value, v})
		}
	}
	slices.SortFunc(out, func(a, b setting) int { return strings.Compare(a.name, b.name) })
	return out
}

// selector decodes a select: block.
func (d *decoder) selector(n *yaml.Node, path string) selector {
	var s selector
	d.mapping(n, path, []field{
		{key: "targets", decode: func(v *yaml.Node, p string) {
			for _, it := range d.set(v, p, "target pattern", `["eu-west-1/*"]`, checkGlob) {
				g, _ := compileGlob(it.val)
				s.targets = append(s.targets, g)
			}
		}},
		{key: "cluster_id", decode: func(v *yaml.Node, p string) {
			if src, ok := d.nonEmpty(v, p); ok {
				re, err := regexp.Compile(src)
				if err != nil {
					d.errorf(v, p, "invalid regular expression %q: %s (these are Go regular expressions, not globs: ^orders- for ids starting with orders-)", src, regexpProblem(err))
					return
				}
				s.clusterID = re
			}
		}},
		{key: "tags", decode: func(v *yaml.Node, p string) { s.tags = d.tags(v, p) }},
		{key: "regions", decode: func(v *yaml.Node, p string) {
			s.regions = values(d.set(v, p, "region", "[eu-west-1]", checkRegion))
		}},
	})
	return s
}

// tags decodes select.tags, a mapping of tag keys to values ("*": any
// value); nil when absent or empty.
func (d *decoder) tags(n *yaml.Node, path string) map[string]string {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "must be a mapping of tag keys to values such as {env: prd}, got %s", describe(n))
		return nil
	}
	var out map[string]string
	for _, e := range d.entries(n, path) {
		kp := join(path, e.key.Value)
		v := resolve(e.val)
		if e.key.Value == "" {
			d.errorf(e.key, path, "tag keys must not be empty")
			continue
		}
		if isNull(v) {
			d.errorf(v, kp, `needs a value: the tag's value, or "*" for any value`)
			continue
		}
		if s, ok := d.str(v, kp); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[e.key.Value] = s
		}
	}
	return out
}

// guardrails decodes the guardrails: section into p.
func (d *decoder) guardrails(n *yaml.Node, path string, p *Policy) {
	d.mapping(n, path, []field{
		{key: "disable", decode: func(v *yaml.Node, kp string) {
			p.guardrails.Disable = values(d.set(v, kp, "guardrail", "[char-set-not-utf8mb4]", checkGuardrail))
		}},
		{key: "severity", decode: func(v *yaml.Node, kp string) {
			if isNull(v) {
				return
			}
			if v.Kind != yaml.MappingNode {
				d.errorf(v, kp, "must be a mapping of guardrail ids to severities such as {no-primary-key: high}, got %s", describe(v))
				return
			}
			for _, e := range d.entries(v, kp) {
				ep := join(kp, e.key.Value)
				if msg := checkGuardrail(e.key.Value); msg != "" {
					d.errorf(e.key, ep, "%s", msg)
					continue
				}
				if s, ok := d.severity(resolve(e.val), ep); ok {
					if p.guardrails.Severity == nil {
						p.guardrails.Severity = map[string]drift.Severity{}
					}
					p.guardrails.Severity[e.key.Value] = s
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

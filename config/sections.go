package config

import (
	"slices"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// The sections of auroradoc.yaml, one decoder per mapping, each listing the
// keys it accepts. A new section is one more field in root plus its
// decoder here. The aws: and credentials: decoders are in aws_sections.go.

// root decodes the whole file into c, applying defaults for absent keys.
func (d *decoder) root(n *yaml.Node, c *Config) {
	c.Crawl = Default()
	c.Schemas = Filter{Include: []string{"*"}}
	var targets *yaml.Node
	present := d.mapping(n, "", []field{
		{key: "store", decode: func(v *yaml.Node, p string) { c.Store, _ = d.nonEmpty(v, p) }},
		{key: "crawl", decode: func(v *yaml.Node, p string) { d.crawl(v, p, &c.Crawl) }},
		{key: "schemas", decode: func(v *yaml.Node, p string) { c.Schemas = d.filter(v, p) }},
		{key: "targets", decode: func(v *yaml.Node, p string) { targets = v; c.Targets = d.targets(v, p) }},
		{key: "aws", decode: func(v *yaml.Node, p string) { c.AWS = d.aws(v, p) }},
		{key: "credentials", decode: func(v *yaml.Node, p string) { c.Credentials = d.credentials(v, p) }},
		{key: "retention", decode: func(v *yaml.Node, p string) { d.retention(v, p, &c.Retention) }},
		{key: "site", decode: func(v *yaml.Node, p string) { d.site(v, p, &c.Site) }},
		{key: "drift", decode: func(v *yaml.Node, p string) { d.drift(v, p, &c.Drift) }},
		{key: "notify", decode: func(v *yaml.Node, p string) { d.notify(v, p, &c.Notify) }},
	})
	if present == nil { // not a mapping, already reported
		return
	}
	// A section that is present but not a mapping is nil here and already
	// reported; so is a misspelt one, which still counts as present, so
	// that a typo does not also bring "missing" errors.
	if c.AWS != nil {
		c.AWS.Line = present["aws"].Line
		if present["credentials"] == nil {
			d.errorf(present["aws"], "aws", "credentials: is required with aws: "+
				"(secret_id or iam_auth: how to log in to the discovered clusters)")
		}
	}
	if c.Credentials != nil {
		c.Credentials.Line = present["credentials"].Line
		if present["aws"] == nil {
			d.errorf(present["credentials"], "credentials", "only applies to clusters discovered through aws:, "+
				"and there is no aws: section (static targets use password_env)")
		}
	}
	noTargets := isNull(targets) || (targets.Kind == yaml.SequenceNode && len(targets.Content) == 0)
	if noTargets && present["aws"] == nil {
		d.errorf(targets, "targets", "no targets and no aws: section configured")
	}
}

// crawl decodes the crawl: section over the defaults already in c.
func (d *decoder) crawl(n *yaml.Node, path string, c *Crawl) {
	d.mapping(n, path, []field{
		{key: "concurrency", decode: d.intIn(&c.Concurrency, 1, 256)},
		{key: "connections_per_target", decode: d.intIn(&c.ConnectionsPerTarget, 1, 16)},
		{key: "timeout", decode: d.duration(&c.Timeout, time.Second)},
		{key: "connect_timeout", decode: d.duration(&c.ConnectTimeout, time.Millisecond)},
		{key: "statement_timeout", decode: d.duration(&c.StatementTimeout, time.Millisecond)},
		{key: "lock_wait_timeout", decode: d.duration(&c.LockWaitTimeout, time.Second)},
		{key: "show_create_batch", decode: d.intIn(&c.ShowCreateBatch, 1, 1000)},
	})
}

// filter decodes a schemas: section (global or per target). Include is
// ["*"] when absent or empty.
func (d *decoder) filter(n *yaml.Node, path string) Filter {
	var f Filter
	d.mapping(n, path, []field{
		{key: "include", decode: func(v *yaml.Node, p string) { f.Include = d.stringList(v, p, checkPattern) }},
		{key: "exclude", decode: func(v *yaml.Node, p string) { f.Exclude = d.stringList(v, p, checkPattern) }},
	})
	if len(f.Include) == 0 {
		f.Include = []string{"*"}
	}
	return f
}

// targets decodes the targets: list and reports duplicate names.
func (d *decoder) targets(n *yaml.Node, path string) []Target {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "must be a list of targets (- name: ...), got %s", describe(n))
		return nil
	}
	var out []Target
	first := map[string]*yaml.Node{} // target name -> its name: value node
	for i, item := range n.Content {
		item = resolve(item)
		ip := index(path, i)
		if item.Kind != yaml.MappingNode {
			d.errorf(item, ip, "each target must be a mapping with name, host, user and password_env, got %s", describe(item))
			continue
		}
		t, nameNode := d.target(item, ip)
		if nameNode != nil {
			if prev := first[t.Name]; prev != nil {
				d.errorf(nameNode, join(ip, "name"), "duplicate target name %q (first defined at line %d)", t.Name, prev.Line)
			} else {
				first[t.Name] = nameNode
			}
		}
		out = append(out, t)
	}
	return out
}

// target decodes one entry of targets:. It returns the target and the node
// of its valid name (nil if the name is missing or invalid).
func (d *decoder) target(n *yaml.Node, path string) (Target, *yaml.Node) {
	t := Target{Port: 3306, TLS: "false", Line: n.Line}
	var nameNode *yaml.Node
	present := d.mapping(n, path, []field{
		{key: "name", decode: func(v *yaml.Node, p string) {
			if s, ok := d.checked(v, p, checkTargetName); ok {
				t.Name, nameNode = s, v
			}
		}},
		{key: "host", decode: func(v *yaml.Node, p string) { t.Host, _ = d.checked(v, p, checkHost) }},
		{key: "port", decode: d.intIn(&t.Port, 1, 65535)},
		{key: "user", decode: func(v *yaml.Node, p string) { t.User, _ = d.nonEmpty(v, p) }},
		{key: "password_env", decode: func(v *yaml.Node, p string) { t.PasswordEnv, _ = d.checked(v, p, checkEnvName) }},
		{key: "password", forbidden: "inline passwords are not allowed; use password_env to name the environment variable that holds the password"},
		{key: "schemas", decode: func(v *yaml.Node, p string) {
			if !isNull(v) {
				f := d.filter(v, p)
				t.Schemas = &f
			}
		}},
		{key: "tls", decode: d.tls(&t.TLS, "false", "true", "skip-verify", "preferred")},
	})
	for _, k := range []string{"name", "host", "user", "password_env"} {
		if present[k] != nil {
			continue
		}
		if t.Name != "" {
			d.errorf(n, join(path, k), "required key is missing (target %q)", t.Name)
		} else {
			d.errorf(n, join(path, k), "required key is missing")
		}
	}
	return t, nameNode
}

// tls returns a decoder for a tls: key, stored as go-sql-driver's tls
// parameter, which must be one of allowed. YAML booleans are taken as
// "true" and "false".
func (d *decoder) tls(dst *string, allowed ...string) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		if n.Kind == yaml.ScalarNode {
			v := n.Value
			var b bool
			if n.Tag == "!!bool" && n.Decode(&b) == nil {
				v = strconv.FormatBool(b)
			}
			if (n.Tag == "!!bool" || n.Tag == "!!str") && slices.Contains(allowed, v) {
				*dst = v
				return
			}
		}
		d.errorf(n, path, "must be %s, got %s", orList(allowed), describe(n))
	}
}

// checked decodes a non-empty string and applies check, which returns a
// problem or "".
func (d *decoder) checked(n *yaml.Node, path string, check func(string) string) (string, bool) {
	s, ok := d.nonEmpty(n, path)
	if !ok {
		return "", false
	}
	if msg := check(s); msg != "" {
		d.errorf(n, path, "%s", msg)
		return "", false
	}
	return s, true
}

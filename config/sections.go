package config

import (
	"slices"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// The sections of auroradoc.yaml, one decoder per mapping, each listing the
// keys it accepts. A new section is one more field in root plus its
// decoder here. The aws: and credentials: decoders are in aws_sections.go.

// root decodes the whole file into c, applying defaults for absent keys.
func (d *decoder) root(n *yaml.Node, c *Config) {
	c.Crawl = Default()
	c.Schemas = Filter{Include: []string{"*"}}
	var targets *yaml.Node
	present := d.Mapping(n, "", []yamlstrict.Field{
		{Key: "store", Decode: func(v *yaml.Node, p string) { c.Store, _ = d.NonEmpty(v, p) }},
		{Key: "crawl", Decode: func(v *yaml.Node, p string) { d.crawl(v, p, &c.Crawl) }},
		{Key: "schemas", Decode: func(v *yaml.Node, p string) { c.Schemas = d.filter(v, p) }},
		{Key: "targets", Decode: func(v *yaml.Node, p string) { targets = v; c.Targets = d.targets(v, p) }},
		{Key: "aws", Decode: func(v *yaml.Node, p string) { c.AWS = d.aws(v, p) }},
		{Key: "credentials", Decode: func(v *yaml.Node, p string) { c.Credentials = d.credentials(v, p) }},
		{Key: "retention", Decode: func(v *yaml.Node, p string) { d.retention(v, p, &c.Retention) }},
		{Key: "site", Decode: func(v *yaml.Node, p string) { d.site(v, p, &c.Site) }},
		{Key: "drift", Decode: func(v *yaml.Node, p string) { d.drift(v, p, &c.Drift) }},
		{Key: "notify", Decode: func(v *yaml.Node, p string) { d.notify(v, p, &c.Notify) }},
		{Key: "review", Decode: func(v *yaml.Node, p string) { d.review(v, p, &c.Review) }},
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
			d.Errorf(present["aws"], "aws", "credentials: is required with aws: "+
				"(secret_id or iam_auth: how to log in to the discovered clusters)")
		}
	}
	if c.Credentials != nil {
		c.Credentials.Line = present["credentials"].Line
		if present["aws"] == nil {
			d.Errorf(present["credentials"], "credentials", "only applies to clusters discovered through aws:, "+
				"and there is no aws: section (static targets use password_env)")
		}
	}
	d.targetsVsAccounts(targets, c)
	noTargets := yamlstrict.IsNull(targets) || (targets.Kind == yaml.SequenceNode && len(targets.Content) == 0)
	if noTargets && present["aws"] == nil {
		d.Errorf(targets, "targets", "no targets and no aws: section configured")
	}
}

// crawl decodes the crawl: section over the defaults already in c.
func (d *decoder) crawl(n *yaml.Node, path string, c *Crawl) {
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "concurrency", Decode: d.IntIn(&c.Concurrency, 1, 256)},
		{Key: "connections_per_target", Decode: d.IntIn(&c.ConnectionsPerTarget, 1, 16)},
		{Key: "timeout", Decode: d.Duration(&c.Timeout, time.Second)},
		{Key: "connect_timeout", Decode: d.Duration(&c.ConnectTimeout, time.Millisecond)},
		{Key: "statement_timeout", Decode: d.Duration(&c.StatementTimeout, time.Millisecond)},
		{Key: "lock_wait_timeout", Decode: d.Duration(&c.LockWaitTimeout, time.Second)},
		{Key: "show_create_batch", Decode: d.IntIn(&c.ShowCreateBatch, 1, 1000)},
	})
}

// filter decodes a schemas: section (global or per target). Include is
// ["*"] when absent or empty.
func (d *decoder) filter(n *yaml.Node, path string) Filter {
	var f Filter
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "include", Decode: func(v *yaml.Node, p string) { f.Include = d.StringList(v, p, `["app_*"]`, checkPattern) }},
		{Key: "exclude", Decode: func(v *yaml.Node, p string) { f.Exclude = d.StringList(v, p, `["app_*"]`, checkPattern) }},
	})
	if len(f.Include) == 0 {
		f.Include = []string{"*"}
	}
	return f
}

// targets decodes the targets: list and reports duplicate names.
func (d *decoder) targets(n *yaml.Node, path string) []Target {
	if yamlstrict.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, "must be a list of targets (- name: ...), got %s", yamlstrict.Describe(n))
		return nil
	}
	var out []Target
	first := map[string]*yaml.Node{} // target name -> its name: value node
	d.eachMapping(n, path, "each target must be a mapping with name, host, user and password_env", func(item *yaml.Node, ip string) {
		t, nameNode := d.target(item, ip)
		if nameNode != nil {
			if prev := first[t.Name]; prev != nil {
				d.Errorf(nameNode, yamlstrict.Join(ip, "name"), "duplicate target name %q (first defined at line %d)", t.Name, prev.Line)
			} else {
				first[t.Name] = nameNode
			}
		}
		out = append(out, t)
	})
	return out
}

// target decodes one entry of targets:. It returns the target and the node
// of its valid name (nil if the name is missing or invalid).
func (d *decoder) target(n *yaml.Node, path string) (Target, *yaml.Node) {
	t := Target{Port: 3306, TLS: "false", Line: n.Line}
	var nameNode *yaml.Node
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "name", Decode: func(v *yaml.Node, p string) {
			if s, ok := d.checked(v, p, checkTargetName); ok {
				t.Name, nameNode = s, v
			}
		}},
		{Key: "host", Decode: func(v *yaml.Node, p string) { t.Host, _ = d.checked(v, p, checkHost) }},
		{Key: "port", Decode: d.IntIn(&t.Port, 1, 65535)},
		{Key: "user", Decode: func(v *yaml.Node, p string) { t.User, _ = d.NonEmpty(v, p) }},
		{Key: "password_env", Decode: func(v *yaml.Node, p string) { t.PasswordEnv, _ = d.checked(v, p, checkEnvName) }},
		{Key: "password", Forbidden: "inline passwords are not allowed; use password_env to name the environment variable that holds the password"},
		{Key: "schemas", Decode: func(v *yaml.Node, p string) {
			if !yamlstrict.IsNull(v) {
				f := d.filter(v, p)
				t.Schemas = &f
			}
		}},
		{Key: "tls", Decode: d.tls(&t.TLS, "false", "true", "skip-verify", "preferred")},
	})
	for _, k := range []string{"name", "host", "user", "password_env"} {
		if present[k] != nil {
			continue
		}
		if t.Name != "" {
			d.Errorf(n, yamlstrict.Join(path, k), "required key is missing (target %q)", t.Name)
		} else {
			d.Errorf(n, yamlstrict.Join(path, k), "required key is missing")
		}
	}
	return t, nameNode
}

// tls returns a decoder for a tls: key, stored as go-sql-driver's tls
// parameter, which must be one of allowed. YAML booleans are taken as
// "true" and "false".
func (d *decoder) tls(dst *string, allowed ...string) func(*yaml.Node, string) {
	return TLSMode(d.Decoder, dst, allowed...)
}

// TLSMode decodes a tls: mode into dst: one of allowed ("true",
// "skip-verify", "false", …), written as a YAML boolean or string.
// auroradoc.yaml's credentials.tls and bastion.yaml's tls.mode use it.
func TLSMode(d *yamlstrict.Decoder, dst *string, allowed ...string) func(*yaml.Node, string) {
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
		d.Errorf(n, path, "must be %s, got %s", yamlstrict.OrList(allowed), yamlstrict.Describe(n))
	}
}

// checked decodes a non-empty string and applies check, which returns a
// problem or "".
func (d *decoder) checked(n *yaml.Node, path string, check func(string) string) (string, bool) {
	s, ok := d.NonEmpty(n, path)
	if !ok {
		return "", false
	}
	if msg := check(s); msg != "" {
		d.Errorf(n, path, "%s", msg)
		return "", false
	}
	return s, true
}

// targetsVsAccounts reports a static target named like an account key: its
// site directory t/<name>/ would hold that account's clusters too.
func (d *decoder) targetsVsAccounts(targets *yaml.Node, c *Config) {
	if c.AWS == nil || len(c.AWS.Accounts) == 0 || targets == nil || targets.Kind != yaml.SequenceNode {
		return
	}
	keys := map[string]int{}
	for _, a := range c.AWS.Accounts {
		keys[a.Key()] = a.Line
	}
	for i, item := range targets.Content {
		item = yamlstrict.Resolve(item)
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, v := item.Content[j], yamlstrict.Resolve(item.Content[j+1])
			if line, ok := keys[v.Value]; ok && k.Value == "name" {
				d.Errorf(v, yamlstrict.Join(yamlstrict.Index("targets", i), "name"),
					"target name %q is also the key of the account at line %d: rename one", v.Value, line)
			}
		}
	}
}

// eachMapping calls each with every item of the sequence n that is a
// mapping, and its key path; the other items are reported with what ("each
// target must be a mapping with ...").
func (d *decoder) eachMapping(n *yaml.Node, path, what string, each func(item *yaml.Node, ip string)) {
	for i, item := range n.Content {
		item = yamlstrict.Resolve(item)
		ip := yamlstrict.Index(path, i)
		if item.Kind != yaml.MappingNode {
			d.Errorf(item, ip, "%s, got %s", what, yamlstrict.Describe(item))
			continue
		}
		each(item, ip)
	}
}

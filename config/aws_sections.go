package config

import (
	"regexp"

	"gopkg.in/yaml.v3"
)

// The aws: and credentials: sections: fleet discovery and how to log in to
// what it finds. root checks that they come together.

// aws decodes the aws: section, applying defaults for absent keys. It
// returns nil when n is not a mapping (already reported).
func (d *decoder) aws(n *yaml.Node, path string) *AWS {
	a := &AWS{
		Engines:              []string{"aurora-mysql"},
		Endpoint:             "reader",
		ConcurrencyPerRegion: 4,
		APIMaxAttempts:       10,
	}
	present := d.mapping(n, path, []field{
		{key: "regions", decode: func(v *yaml.Node, p string) { a.Regions, a.AllRegions = d.regions(v, p) }},
		{key: "engines", decode: func(v *yaml.Node, p string) {
			if engines := d.set(v, p, "engine", "[aurora-mysql]", checkEngine); len(engines) > 0 {
				a.Engines = values(engines)
			}
		}},
		{key: "include_tags", decode: func(v *yaml.Node, p string) { a.IncludeTags = d.tags(v, p) }},
		{key: "exclude", decode: func(v *yaml.Node, p string) { a.ExcludePatterns, a.Exclude = d.regexps(v, p) }},
		{key: "endpoint", decode: d.oneOf(&a.Endpoint, "reader", "writer")},
		{key: "wake_paused", decode: d.boolean(&a.WakePaused)},
		{key: "concurrency_per_region", decode: d.intIn(&a.ConcurrencyPerRegion, 1, 64)},
		{key: "api_max_attempts", decode: d.intIn(&a.APIMaxAttempts, 1, 50)},
	})
	if present == nil {
		return nil
	}
	if present["regions"] == nil {
		d.errorf(n, join(path, "regions"), "required key is missing: list the regions to search, "+
			"such as [us-east-1, eu-west-1], or write [all] for every enabled region")
	}
	return a
}

// regions decodes aws.regions: distinct region names, or [all] alone.
func (d *decoder) regions(n *yaml.Node, path string) (regions []string, all bool) {
	items := d.set(n, path, "region", "[us-east-1, eu-west-1] or [all]", func(r string) string {
		if r == "all" {
			return ""
		}
		return checkRegion(r)
	})
	for _, it := range items {
		if it.val != "all" {
			regions = append(regions, it.val)
			continue
		}
		all = true
		for _, other := range n.Content {
			if resolve(other).Value != "all" {
				d.errorf(it.node, it.path, `"all" (every enabled region) cannot be mixed with region names: `+
					"write [all] alone, or list the regions")
				break
			}
		}
	}
	if all {
		return nil, true
	}
	return regions, false
}

// tags decodes aws.include_tags, a mapping of tag keys to values; nil when
// absent or empty.
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

// regexps decodes aws.exclude, a list of Go regular expressions, returning
// them as written and compiled.
func (d *decoder) regexps(n *yaml.Node, path string) ([]string, []*regexp.Regexp) {
	var res []*regexp.Regexp
	items := d.items(n, path, `["^tmp-"]`, func(p string) string {
		re, msg := compileExclude(p)
		if re != nil {
			res = append(res, re)
		}
		return msg
	})
	return values(items), res
}

// credentials decodes the credentials: section. It returns nil when n is
// not a mapping (already reported).
func (d *decoder) credentials(n *yaml.Node, path string) *Credentials {
	c := &Credentials{TLS: "true"}
	var tlsNode *yaml.Node
	present := d.mapping(n, path, []field{
		{key: "secret_id", decode: func(v *yaml.Node, p string) { c.SecretID, _ = d.checked(v, p, checkSecretID) }},
		{key: "iam_auth", decode: func(v *yaml.Node, p string) { c.IAMUser = d.iamAuth(v, p) }},
		{key: "tls", decode: func(v *yaml.Node, p string) { tlsNode = v; d.tls(&c.TLS, "true", "skip-verify", "false")(v, p) }},
		{key: "ca_bundle", decode: func(v *yaml.Node, p string) { c.CABundle, _ = d.str(v, p) }},
		{key: "password", forbidden: "inline passwords are not allowed; keep them in the Secrets Manager secret " +
			"named by secret_id, or use iam_auth"},
		{key: "username", forbidden: "the user name is read from the secret named by secret_id " +
			`(JSON {"username", "password"}), or set with iam_auth: {user: ...}`},
	})
	if present == nil {
		return nil
	}
	secret, iam := present["secret_id"], present["iam_auth"]
	switch {
	case secret == nil && iam == nil:
		d.errorf(n, path, "needs secret_id (a Secrets Manager secret per cluster) or iam_auth (IAM database authentication)")
	case secret != nil && iam != nil:
		first, second := "secret_id", "iam_auth" // report the later one
		if iam.Line < secret.Line || (iam.Line == secret.Line && iam.Column < secret.Column) {
			first, second = second, first
		}
		d.errorf(present[second], join(path, second), "secret_id and iam_auth are exclusive (%s is set at line %d): keep one",
			first, present[first].Line)
	case iam != nil && c.TLS == "false":
		d.errorf(tlsNode, join(path, "tls"), "must be true or skip-verify with iam_auth: "+
			"IAM authentication tokens are only accepted over TLS")
	}
	return c
}

// iamAuth decodes credentials.iam_auth, {user: NAME}, returning the user.
func (d *decoder) iamAuth(n *yaml.Node, path string) string {
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		d.errorf(n, path, "must be a mapping such as {user: auroradoc}, got %s", describe(n))
		return ""
	}
	var user string
	present := d.mapping(n, path, []field{
		{key: "user", decode: func(v *yaml.Node, p string) { user, _ = d.nonEmpty(v, p) }},
	})
	if present != nil && present["user"] == nil {
		d.errorf(n, join(path, "user"), "required key is missing: the database user to log in as with an IAM token")
	}
	return user
}

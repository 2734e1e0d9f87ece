package config

import (
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// The aws: and credentials: sections: fleet discovery and how to log in to
// what it finds. root checks that they come together.

// aws decodes the aws: section, applying defaults for absent keys. It
// returns nil when n is not a mapping (already reported).
func (d *decoder) aws(n *yaml.Node, path string) *AWS {
	a := NewAWS()
	disc := DiscoveryFields(d.Decoder, a) // regions … exclude, then api_max_attempts, accounts
	crawl := []yamlstrict.Field{
		{Key: "endpoint", Decode: d.OneOf(&a.Endpoint, "reader", "writer")},
		{Key: "wake_paused", Decode: d.Boolean(&a.WakePaused)},
		{Key: "concurrency_per_region", Decode: d.IntIn(&a.ConcurrencyPerRegion, 1, 64)},
	}
	present := d.Mapping(n, path, slices.Concat(disc[:4], crawl, disc[4:]))
	if present == nil {
		return nil
	}
	RequireRegions(d.Decoder, n, path, present)
	return a
}

// NewAWS returns an aws: section with the defaults of absent keys.
func NewAWS() *AWS {
	return &AWS{Engines: []string{"aurora-mysql"}, Endpoint: "reader", ConcurrencyPerRegion: 4, APIMaxAttempts: 10}
}

// DiscoveryFields are the keys of an aws: section that say which clusters
// discovery finds, decoded by d into a: regions, engines, include_tags,
// exclude, api_max_attempts, accounts. auroradoc.yaml's aws: section is
// these and its crawl keys; bastion.yaml's is these and its own, so both
// files select clusters with the same keys and rules.
func DiscoveryFields(yd *yamlstrict.Decoder, a *AWS) []yamlstrict.Field {
	d := &decoder{yd}
	return []yamlstrict.Field{
		{Key: "regions", Decode: func(v *yaml.Node, p string) { a.Regions, a.AllRegions = d.regions(v, p) }},
		{Key: "engines", Decode: func(v *yaml.Node, p string) {
			if engines := d.Set(v, p, "engine", "[aurora-mysql]", checkEngine); len(engines) > 0 {
				a.Engines = yamlstrict.Values(engines)
			}
		}},
		{Key: "include_tags", Decode: func(v *yaml.Node, p string) { a.IncludeTags = d.Tags(v, p) }},
		{Key: "exclude", Decode: func(v *yaml.Node, p string) { a.ExcludePatterns, a.Exclude = d.regexps(v, p) }},
		{Key: "api_max_attempts", Decode: d.IntIn(&a.APIMaxAttempts, 1, 50)},
		{Key: "accounts", Decode: func(v *yaml.Node, p string) { a.Accounts = d.accounts(v, p) }},
	}
}

// RequireRegions reports a missing regions: key of the aws: section n at
// path, whose keys present are as yamlstrict.Decoder.Mapping returned.
func RequireRegions(d *yamlstrict.Decoder, n *yaml.Node, path string, present map[string]*yaml.Node) {
	if present["regions"] == nil {
		d.Errorf(n, yamlstrict.Join(path, "regions"), "required key is missing: list the regions to search, "+
			"such as [us-east-1, eu-west-1], or write [all] for every enabled region")
	}
}

// regions decodes aws.regions: distinct region names, or [all] alone.
func (d *decoder) regions(n *yaml.Node, path string) (regions []string, all bool) {
	items := d.Set(n, path, "region", "[us-east-1, eu-west-1] or [all]", func(r string) string {
		if r == "all" {
			return ""
		}
		return checkRegion(r)
	})
	for _, it := range items {
		if it.Val != "all" {
			regions = append(regions, it.Val)
			continue
		}
		all = true
		for _, other := range n.Content {
			if yamlstrict.Resolve(other).Value != "all" {
				d.Errorf(it.Node, it.Path, `"all" (every enabled region) cannot be mixed with region names: `+
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

// regexps decodes aws.exclude, a list of Go regular expressions, returning
// them as written and compiled.
func (d *decoder) regexps(n *yaml.Node, path string) ([]string, []*regexp.Regexp) {
	var res []*regexp.Regexp
	items := d.Items(n, path, `["^tmp-"]`, func(p string) string {
		re, msg := compileExclude(p)
		if re != nil {
			res = append(res, re)
		}
		return msg
	})
	return yamlstrict.Values(items), res
}

// credentials decodes the credentials: section. It returns nil when n is
// not a mapping (already reported).
func (d *decoder) credentials(n *yaml.Node, path string) *Credentials {
	c := &Credentials{TLS: "true"}
	var tlsNode *yaml.Node
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "secret_id", Decode: func(v *yaml.Node, p string) { c.SecretID, _ = d.checked(v, p, checkSecretID) }},
		{Key: "iam_auth", Decode: func(v *yaml.Node, p string) { c.IAMUser = d.iamAuth(v, p) }},
		{Key: "tls", Decode: func(v *yaml.Node, p string) { tlsNode = v; d.tls(&c.TLS, "true", "skip-verify", "false")(v, p) }},
		{Key: "ca_bundle", Decode: func(v *yaml.Node, p string) { c.CABundle, _ = d.Str(v, p) }},
		{Key: "password", Forbidden: "inline passwords are not allowed; keep them in the Secrets Manager secret " +
			"named by secret_id, or use iam_auth"},
		{Key: "username", Forbidden: "the user name is read from the secret named by secret_id " +
			`(JSON {"username", "password"}), or set with iam_auth: {user: ...}`},
	})
	if present == nil {
		return nil
	}
	secret, iam := present["secret_id"], present["iam_auth"]
	switch {
	case secret == nil && iam == nil:
		d.Errorf(n, path, "needs secret_id (a Secrets Manager secret per cluster) or iam_auth (IAM database authentication)")
	case secret != nil && iam != nil:
		first, second := "secret_id", "iam_auth" // report the later one
		if iam.Line < secret.Line || (iam.Line == secret.Line && iam.Column < secret.Column) {
			first, second = second, first
		}
		d.Errorf(present[second], yamlstrict.Join(path, second), "secret_id and iam_auth are exclusive (%s is set at line %d): keep one",
			first, present[first].Line)
	case iam != nil && c.TLS == "false":
		d.Errorf(tlsNode, yamlstrict.Join(path, "tls"), "must be true or skip-verify with iam_auth: "+
			"IAM authentication tokens are only accepted over TLS")
	}
	return c
}

// iamAuth decodes credentials.iam_auth, {user: NAME}, returning the user.
func (d *decoder) iamAuth(n *yaml.Node, path string) string {
	if n.Kind == yaml.ScalarNode && !yamlstrict.IsNull(n) {
		d.Errorf(n, path, "must be a mapping such as {user: auroradoc}, got %s", yamlstrict.Describe(n))
		return ""
	}
	var user string
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "user", Decode: func(v *yaml.Node, p string) { user, _ = d.NonEmpty(v, p) }},
	})
	if present != nil && present["user"] == nil {
		d.Errorf(n, yamlstrict.Join(path, "user"), "required key is missing: the database user to log in as with an IAM token")
	}
	return user
}

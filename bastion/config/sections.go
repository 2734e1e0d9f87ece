package config

import (
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/dbuser"
	adconfig "github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/internal/dbtls"
	"github.com/auroradoc/auroradoc/internal/names"
	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// decoder is a yamlstrict.Decoder that knows the sections of bastion.yaml.
type decoder struct {
	*yamlstrict.Decoder
}

// root decodes the whole file into c, applying defaults for absent keys.
func (d *decoder) root(n *yaml.Node, c *Config) {
	c.Retention, c.SecretPrefix = DefaultRetention, DefaultSecretPrefix
	c.SweepInterval, c.WarnBefore = DefaultSweepInterval, DefaultWarnBefore
	c.Limits = bastion.Limits{MaxDuration: bastion.DefaultMaxDuration, ApprovalWindow: DefaultApprovalWindow, MaxStartAhead: 7 * 24 * time.Hour}
	c.Levels = DefaultLevels()
	c.TLS.Mode = "true"
	var clusters, awsNode *yaml.Node
	present := d.Mapping(n, "", []yamlstrict.Field{
		{Key: "dynamodb", Decode: func(v *yaml.Node, p string) { d.dynamodb(v, p, c) }},
		{Key: "secrets", Decode: func(v *yaml.Node, p string) {
			d.Mapping(v, p, []yamlstrict.Field{{Key: "prefix", Decode: func(v *yaml.Node, p string) { c.SecretPrefix = d.secretPrefix(v, p) }}})
		}},
		{Key: "limits", Decode: func(v *yaml.Node, p string) { d.limits(v, p, &c.Limits) }},
		{Key: "sweep_interval", Decode: d.Duration(&c.SweepInterval, 10*time.Second)},
		{Key: "warn_before", Decode: d.Duration(&c.WarnBefore, time.Minute)},
		{Key: "levels", Decode: func(v *yaml.Node, p string) { d.levels(v, p, c.Levels) }},
		{Key: "groups", Decode: func(v *yaml.Node, p string) { c.Groups = d.groups(v, p) }},
		{Key: "clusters", Decode: func(v *yaml.Node, p string) { clusters = v }},
		{Key: "aws", Decode: func(v *yaml.Node, p string) { awsNode = v }},
		{Key: "tls", Decode: func(v *yaml.Node, p string) { c.TLS = d.tls(v, p) }},
		{Key: "roles", Decode: d.Boolean(&c.Roles)},
	})
	if present == nil {
		return
	}
	if present["dynamodb"] == nil {
		d.Errorf(nil, "dynamodb", "dynamodb: is required (the table of requests and audit events)")
	}
	if awsNode != nil { // after groups:, wherever it is in the file
		c.AWS = d.discovery(awsNode, "aws", c.Groups)
	}
	switch {
	case clusters != nil && !yamlstrict.IsNull(clusters):
		c.Clusters = d.clusters(clusters, "clusters", c.Groups)
	case present["clusters"] != nil:
		d.Errorf(present["clusters"], "clusters", "must list at least one cluster")
	case awsNode == nil:
		d.Errorf(nil, "clusters", "clusters: or aws: is required (the clusters access can be granted on)")
	}
	if c.WarnBefore >= c.Limits.MaxDuration {
		d.Errorf(present["warn_before"], "warn_before", "must be shorter than limits.max_duration (%s)", c.Limits.MaxDuration)
	}
}

func (d *decoder) dynamodb(n *yaml.Node, path string, c *Config) {
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "table", Decode: func(v *yaml.Node, p string) { c.Table = d.tableName(v, p) }},
		{Key: "retention", Decode: d.Duration(&c.Retention, 24*time.Hour)},
	})
	if present != nil && present["table"] == nil {
		d.Errorf(n, yamlstrict.Join(path, "table"), "is required")
	}
}

var tableRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{3,255}$`)

func (d *decoder) tableName(n *yaml.Node, path string) string {
	s, ok := d.NonEmpty(n, path)
	if ok && !tableRE.MatchString(s) {
		d.Errorf(n, path, "%q is not a DynamoDB table name (3 to 255 of A-Z a-z 0-9 _ . -)", s)
		return ""
	}
	return s
}

var secretPrefixRE = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,400}$`)

func (d *decoder) secretPrefix(n *yaml.Node, path string) string {
	s, ok := d.NonEmpty(n, path)
	if ok && !secretPrefixRE.MatchString(s) {
		d.Errorf(n, path, "%q is not a secret name prefix (letters, digits and /_+=.@-)", s)
		return DefaultSecretPrefix
	}
	return s
}

func (d *decoder) limits(n *yaml.Node, path string, l *bastion.Limits) {
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "max_duration", Decode: d.Duration(&l.MaxDuration, time.Minute)},
		{Key: "approval_window", Decode: d.Duration(&l.ApprovalWindow, time.Minute)},
		{Key: "max_start_ahead", Decode: d.Duration(&l.MaxStartAhead, 0)},
	})
}

func (d *decoder) levels(n *yaml.Node, path string, levels map[bastion.Level]bastion.Privileges) {
	var fields []yamlstrict.Field
	for _, l := range []bastion.Level{bastion.LevelRead, bastion.LevelDML, bastion.LevelDDL} {
		fields = append(fields, yamlstrict.Field{Key: string(l), Decode: func(v *yaml.Node, p string) {
			levels[l] = d.privileges(v, p, levels[l])
		}})
	}
	d.Mapping(n, path, fields)
}

// privileges decodes one level over its defaults p, then checks the
// result with dbuser.ValidatePrivileges (the one rule of what a grant may
// carry) and returns it normalised.
func (d *decoder) privileges(n *yaml.Node, path string, p bastion.Privileges) bastion.Privileges {
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "privileges", Decode: func(v *yaml.Node, pp string) {
			p.Privileges = yamlstrict.Values(d.Set(v, pp, "privilege", "[SELECT, SHOW VIEW]", nil))
		}},
		{Key: "schemas", Decode: func(v *yaml.Node, pp string) {
			p.Schemas = yamlstrict.Values(d.Set(v, pp, "schema", `["*"] or [orders, billing]`, func(s string) string {
				if strings.ContainsAny(s, "`'\"\\\x00") || len(s) > 64 {
					return "must be a schema name (at most 64 characters, no quotes or backslashes) or *"
				}
				return ""
			}))
		}},
	})
	if present == nil {
		return p
	}
	norm, err := dbuser.ValidatePrivileges(p)
	if err != nil {
		at := n
		if present["privileges"] != nil {
			at = present["privileges"]
		}
		d.Errorf(at, path, "%v", err)
		return p
	}
	return norm
}

func (d *decoder) groups(n *yaml.Node, path string) map[string][]string {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, "must map group names to lists of users, got %s", yamlstrict.Describe(n))
		return nil
	}
	out := map[string][]string{}
	for _, e := range d.Entries(n, path) {
		p := yamlstrict.Join(path, e.Key.Value)
		out[e.Key.Value] = yamlstrict.Values(d.Set(yamlstrict.Resolve(e.Val), p, "user", "[alice@example.com]", nil))
	}
	return out
}

func (d *decoder) clusters(n *yaml.Node, path string, groups map[string][]string) map[string]*Cluster {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, "must map cluster names to their settings, got %s", yamlstrict.Describe(n))
		return nil
	}
	out := map[string]*Cluster{}
	for _, e := range d.Entries(n, path) {
		name := e.Key.Value
		p := yamlstrict.Join(path, name)
		if !names.ValidTarget(name) {
			d.Errorf(e.Key, p, "%q is not a cluster name (1 to 63 of a-z 0-9 . _ -, starting with a letter or digit)", name)
			continue
		}
		out[name] = d.cluster(yamlstrict.Resolve(e.Val), p, name, groups)
	}
	return out
}

func (d *decoder) cluster(n *yaml.Node, path, name string, groups map[string][]string) *Cluster {
	c := &Cluster{Name: name}
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "instances", Decode: func(v *yaml.Node, p string) {
			c.Instances = yamlstrict.Values(d.Set(v, p, "instance endpoint", "[writer.example:3306, reader.example:3306]", checkEndpoint))
		}},
		{Key: "admin", Decode: func(v *yaml.Node, p string) { c.Admin = d.admin(v, p) }},
		{Key: "approvers", Decode: func(v *yaml.Node, p string) { c.Approvers = d.approvers(v, p, groups) }},
	})
	if present == nil {
		return c
	}
	for _, k := range []string{"instances", "admin", "approvers"} {
		if present[k] == nil {
			d.Errorf(n, yamlstrict.Join(path, k), "is required")
		}
	}
	return c
}

// checkEndpoint accepts host:port.
func checkEndpoint(s string) string {
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" {
		return "must be host:port, such as orders-1.abc.us-east-1.rds.amazonaws.com:3306"
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return "port must be 1 to 65535"
	}
	return ""
}

func (d *decoder) admin(n *yaml.Node, path string) Admin {
	var a Admin
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "user", Decode: func(v *yaml.Node, p string) { a.User, _ = d.NonEmpty(v, p) }},
		{Key: "password_env", Decode: func(v *yaml.Node, p string) { a.PasswordEnv, _ = d.NonEmpty(v, p) }},
		{Key: "secret_id", Decode: func(v *yaml.Node, p string) { a.SecretID, _ = d.NonEmpty(v, p) }},
		{Key: "password", Forbidden: "passwords do not go in the config file: use password_env or secret_id"},
	})
	if present == nil {
		return a
	}
	if present["user"] == nil {
		d.Errorf(n, yamlstrict.Join(path, "user"), "is required")
	}
	if (present["password_env"] == nil) == (present["secret_id"] == nil) {
		d.Errorf(n, path, "needs exactly one of password_env and secret_id")
	}
	return a
}

var slackGroupRE = regexp.MustCompile(`^S[A-Z0-9]{2,20}$`)

func (d *decoder) approvers(n *yaml.Node, path string, groups map[string][]string) Approvers {
	var a Approvers
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "users", Decode: func(v *yaml.Node, p string) {
			a.Users = yamlstrict.Values(d.Set(v, p, "user", "[alice@example.com]", nil))
		}},
		{Key: "groups", Decode: func(v *yaml.Node, p string) {
			for _, it := range d.Set(v, p, "group", "[dbre]", nil) {
				if _, ok := groups[it.Val]; !ok {
					d.Errorf(it.Node, it.Path, "group %q is not defined under groups:", it.Val)
					continue
				}
				a.Groups = append(a.Groups, it.Val)
			}
		}},
		{Key: "slack_groups", Decode: func(v *yaml.Node, p string) {
			for _, it := range d.Set(v, p, "Slack user group id", "[S0123ABCD]", nil) {
				if !slackGroupRE.MatchString(it.Val) {
					d.Errorf(it.Node, it.Path, "%q is not a Slack user group id (S followed by letters and digits)", it.Val)
					continue
				}
				a.SlackGroups = append(a.SlackGroups, it.Val)
			}
		}},
	})
	if present != nil && present["users"] == nil && present["groups"] == nil && present["slack_groups"] == nil {
		d.Errorf(n, path, "needs users, groups or slack_groups: nobody could approve access to this cluster")
	}
	return a
}

// discovery decodes the aws: section: auroradoc's cluster selection keys,
// the admin login of every cluster found (user, and a secret_id template),
// and their approvers.
func (d *decoder) discovery(n *yaml.Node, path string, groups map[string][]string) *Discovery {
	disc := &Discovery{Select: adconfig.NewAWS()}
	fields := append(adconfig.DiscoveryFields(d.Decoder, disc.Select),
		yamlstrict.Field{Key: "admin", Decode: func(v *yaml.Node, p string) { disc.Admin = d.discoveryAdmin(v, p) }},
		yamlstrict.Field{Key: "approvers", Decode: func(v *yaml.Node, p string) { disc.Approvers = d.approvers(v, p, groups) }},
	)
	present := d.Mapping(n, path, fields)
	if present == nil {
		return nil
	}
	adconfig.RequireRegions(d.Decoder, n, path, present)
	for _, k := range []string{"admin", "approvers"} {
		if present[k] == nil {
			d.Errorf(n, yamlstrict.Join(path, k), "is required")
		}
	}
	return disc
}

// discoveryAdmin decodes aws.admin: the user and the secret_id template.
func (d *decoder) discoveryAdmin(n *yaml.Node, path string) Admin {
	var a Admin
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "user", Decode: func(v *yaml.Node, p string) { a.User, _ = d.NonEmpty(v, p) }},
		{Key: "secret_id", Decode: func(v *yaml.Node, p string) { a.SecretID, _ = d.NonEmpty(v, p) }},
		{Key: "password_env", Forbidden: "discovered clusters read the admin login from Secrets Manager: use secret_id " +
			"(a template with {cluster} and {region}, or the cluster's " + AdminSecretTag + " tag)"},
		{Key: "password", Forbidden: "passwords do not go in the config file: use secret_id"},
	})
	if present == nil {
		return a
	}
	for _, k := range []string{"user", "secret_id"} {
		if present[k] == nil {
			d.Errorf(n, yamlstrict.Join(path, k), "is required")
		}
	}
	return a
}

// tls decodes the tls: section: mode (true, skip-verify, false) and
// ca_bundle, a PEM file read now so that a bad bundle is a configuration
// error.
func (d *decoder) tls(n *yaml.Node, path string) TLS {
	t := TLS{Mode: "true"}
	var bundle *yaml.Node
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "mode", Decode: adconfig.TLSMode(d.Decoder, &t.Mode, "true", "skip-verify", "false")},
		{Key: "ca_bundle", Decode: func(v *yaml.Node, p string) { bundle = v; t.CABundle, _ = d.NonEmpty(v, p) }},
	})
	if t.CABundle != "" {
		roots, err := dbtls.LoadCABundle(t.CABundle)
		if err != nil {
			d.Errorf(bundle, yamlstrict.Join(path, "ca_bundle"), "%v", err)
		}
		t.Roots = roots
		if t.Mode != "true" {
			d.Errorf(bundle, yamlstrict.Join(path, "ca_bundle"), "is only used with mode: true (the server verified against it), not %s", t.Mode)
		}
	}
	return t
}

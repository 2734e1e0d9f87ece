// Package config reads the access engine's configuration file
// (bastion.yaml): strict YAML with file:line:col errors, defaults for
// absent keys, and the Policy the engine asks on every action (approvers
// per cluster, levels' privileges).
package config

import (
	"crypto/x509"
	"fmt"
	"os"
	"slices"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/bastion"
	adconfig "github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// Config is a parsed bastion.yaml.
type Config struct {
	// Source is the file it was read from.
	Source string
	// Table is the DynamoDB table of requests and audit events.
	Table string
	// Retention is how long ended requests and audit events are kept
	// (DynamoDB TTL).
	Retention time.Duration
	// SecretPrefix starts every grant's secret name.
	SecretPrefix string
	Limits       bastion.Limits
	// SweepInterval is how often the sweep runs (the scheduler's
	// cadence; grants outlive their expiry by at most this).
	SweepInterval time.Duration
	// WarnBefore is how long before expiry the warning is given.
	WarnBefore time.Duration
	// Levels are the privileges of each level.
	Levels map[bastion.Level]bastion.Privileges
	// Groups are named lists of users, for approvers.
	Groups map[string][]string
	// Clusters by name: those listed under clusters:, and those found
	// through AWS (Discovery) once AddDiscovered has added them.
	Clusters map[string]*Cluster
	// AWS is the aws: section, nil when absent: clusters found through
	// RDS discovery.
	AWS *Discovery
	// TLS is how the engine reaches every cluster's instances.
	TLS TLS
	// Roles grants the levels through roles on servers that have them
	// (MySQL 8 / Aurora MySQL 3, MariaDB; needs ROLE_ADMIN, see
	// dbuser.AdminGrants); false (the default): direct grants everywhere.
	// Aurora MySQL 2 (5.7) always gets direct grants.
	Roles bool
}

// TLS is the tls: section (internal/dbtls): Mode "true" (the default:
// verified, against CABundle when set, else the system trust store),
// "skip-verify" or "false"; Roots is CABundle read when the file is.
type TLS struct {
	Mode     string
	CABundle string
	Roots    *x509.CertPool
}

// Discovery is the aws: section: the clusters found through RDS (the same
// selection keys as auroradoc.yaml's aws:), with one admin login rule and
// one set of approvers for all of them.
type Discovery struct {
	// Select is which clusters: regions, engines, include_tags, exclude,
	// accounts, api_max_attempts (auroradoc's config.DiscoveryFields).
	Select *adconfig.AWS
	// Admin is the engine's admin login on every discovered cluster:
	// SecretID is a template with {cluster} and {region}; a cluster's
	// AdminSecretTag overrides it.
	Admin Admin
	// Approvers of every discovered cluster.
	Approvers Approvers
}

// AdminSecretTag is the cluster tag naming the engine's admin secret of a
// discovered cluster, overriding aws.admin.secret_id.
const AdminSecretTag = "bastion:admin-secret-id"

// AdminSecretFor is the admin secret of the discovered cluster id in
// region: its AdminSecretTag when tags has it, else the aws.admin.secret_id
// template with {cluster} and {region} replaced.
func (d *Discovery) AdminSecretFor(id, region string, tags map[string]string) string {
	if s := tags[AdminSecretTag]; s != "" {
		return s
	}
	return (&adconfig.Credentials{SecretID: d.Admin.SecretID}).SecretIDFor(id, region)
}

// AddDiscovered adds the cluster cl found through aws: (its name is the
// discovery name, "<region>/<id>" or "<account>/<region>/<id>", which no
// listed cluster can have).
func (c *Config) AddDiscovered(cl *Cluster) {
	if c.Clusters == nil {
		c.Clusters = map[string]*Cluster{}
	}
	c.Clusters[cl.Name] = cl
}

// Cluster is one cluster access can be granted on.
type Cluster struct {
	Name string
	// Instances are the instance endpoints (host:port), the writer first:
	// sessions are killed on every one of them.
	Instances []string
	Admin     Admin
	Approvers Approvers
	// Region is where the admin secret is read ("" = the AWS
	// configuration's region); set for discovered clusters.
	Region string
}

// Admin is how the engine logs in to a cluster to manage users: the
// password from an environment variable or from a Secrets Manager secret.
type Admin struct {
	User        string
	PasswordEnv string
	SecretID    string
}

// Approvers of a cluster: users by name, groups of the config, and Slack
// user groups (ids), whose members the Slack app asks Slack for at the
// time of every click (slackapp.Policy).
type Approvers struct {
	Users       []string
	Groups      []string
	SlackGroups []string
}

// The defaults of absent keys.
const (
	DefaultSecretPrefix   = "bastion/grants/"
	DefaultSweepInterval  = time.Minute
	DefaultWarnBefore     = 10 * time.Minute
	DefaultApprovalWindow = time.Hour
	DefaultRetention      = 400 * 24 * time.Hour
)

// DefaultLevels are the levels' privileges when the file sets none.
func DefaultLevels() map[bastion.Level]bastion.Privileges {
	read := []string{"SELECT", "SHOW VIEW"}
	dml := append(slices.Clone(read), "INSERT", "UPDATE", "DELETE")
	ddl := append(slices.Clone(dml), "CREATE", "ALTER", "DROP", "INDEX", "REFERENCES", "CREATE VIEW")
	all := []string{"*"}
	return map[bastion.Level]bastion.Privileges{
		bastion.LevelRead: {Privileges: read, Schemas: all},
		bastion.LevelDML:  {Privileges: dml, Schemas: all},
		bastion.LevelDDL:  {Privileges: ddl, Schemas: all},
	}
}

// Load reads and parses the file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config file: %w", err)
	}
	return Parse(data, path)
}

// Parse parses and validates a configuration; source names it in
// messages. On any problem it returns nil and a *yamlstrict.Errors
// listing every problem found.
func Parse(data []byte, source string) (*Config, error) {
	c := &Config{Source: source}
	err := yamlstrict.Parse(source, data, func(d *yamlstrict.Decoder, n *yaml.Node) {
		(&decoder{d}).root(n, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

var _ bastion.Policy = (*Config)(nil)

// IsApprover reports whether user approves on cluster: listed by name or
// a member of a listed group.
func (c *Config) IsApprover(cluster, user string) bool {
	cl := c.Clusters[cluster]
	if cl == nil || user == "" {
		return false
	}
	if slices.Contains(cl.Approvers.Users, user) {
		return true
	}
	for _, g := range cl.Approvers.Groups {
		if slices.Contains(c.Groups[g], user) {
			return true
		}
	}
	return false
}

// Privileges returns what level grants on cluster.
func (c *Config) Privileges(cluster string, level bastion.Level) (bastion.Privileges, bool) {
	if c.Clusters[cluster] == nil {
		return bastion.Privileges{}, false
	}
	p, ok := c.Levels[level]
	return p, ok
}

// SlackGroups returns the Slack user group ids of each cluster that has
// any.
func (c *Config) SlackGroups() map[string][]string {
	out := map[string][]string{}
	for name, cl := range c.Clusters {
		if len(cl.Approvers.SlackGroups) > 0 {
			out[name] = cl.Approvers.SlackGroups
		}
	}
	return out
}

// ClusterNames returns the clusters' names, sorted.
func (c *Config) ClusterNames() []string {
	var out []string
	for name := range c.Clusters {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

func TestExample(t *testing.T) {
	c, err := Load("example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Table != "auroradoc-bastion" || c.Retention != 9600*time.Hour || c.SecretPrefix != "bastion/grants/" ||
		c.Limits.MaxDuration != 8*time.Hour || c.Limits.ApprovalWindow != time.Hour || c.SweepInterval != time.Minute || c.WarnBefore != 10*time.Minute {
		t.Errorf("settings: %+v", c)
	}
	if got := c.ClusterNames(); !slices.Equal(got, []string{"billing", "orders"}) {
		t.Errorf("clusters %v", got)
	}
	if c.AWS == nil || c.AWS.Admin.User != "bastion_admin" || c.TLS.Mode != "true" || c.Roles {
		t.Errorf("aws %+v, tls %+v, roles %v", c.AWS, c.TLS, c.Roles)
	}
	if got := c.SlackGroups(); len(got) != 1 || !slices.Equal(got["orders"], []string{"S0123ABCD"}) {
		t.Errorf("slack groups %v", got)
	}
	o := c.Clusters["orders"]
	if len(o.Instances) != 2 || o.Admin.SecretID == "" || o.Admin.User != "bastion_admin" {
		t.Errorf("orders: %+v", o)
	}
	for _, c2 := range []struct {
		cluster, user string
		want          bool
	}{
		{"orders", "bob@example.com", true},   // group dbre
		{"orders", "dave@example.com", true},  // by name
		{"orders", "erin@example.com", false}, // approver elsewhere
		{"billing", "bob@example.com", false},
		{"billing", "erin@example.com", true},
		{"nosuch", "bob@example.com", false},
		{"orders", "", false},
	} {
		if got := c.IsApprover(c2.cluster, c2.user); got != c2.want {
			t.Errorf("IsApprover(%s, %s) = %v", c2.cluster, c2.user, got)
		}
	}
	p, ok := c.Privileges("orders", bastion.LevelDDL) // not in the file: the default
	if !ok || !slices.Contains(p.Privileges, "ALTER") {
		t.Errorf("ddl: %+v %v", p, ok)
	}
	if p, _ := c.Privileges("orders", bastion.LevelRead); !slices.Equal(p.Privileges, []string{"SELECT", "SHOW VIEW"}) {
		t.Errorf("read: %+v", p)
	}
	if _, ok := c.Privileges("nosuch", bastion.LevelRead); ok {
		t.Error("privileges on an unknown cluster")
	}
}

const minimal = `
dynamodb: {table: bastion}
clusters:
  c1:
    instances: [127.0.0.1:3306]
    admin: {user: root, password_env: PW}
    approvers: {users: [bob]}
`

// TestDevExample: the config the README's dev-mode command uses parses.
func TestDevExample(t *testing.T) {
	c, err := Load("dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ClusterNames(); !slices.Equal(got, []string{"local"}) || !c.IsApprover("local", "bob@example.com") || c.SweepInterval != 10*time.Second {
		t.Errorf("dev.yaml: clusters %v, sweep %s", got, c.SweepInterval)
	}
}

func TestMinimalDefaults(t *testing.T) {
	c, err := Parse([]byte(minimal), "bastion.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Limits.MaxDuration != 8*time.Hour || c.SecretPrefix != DefaultSecretPrefix || c.Retention != DefaultRetention || len(c.Levels) != 3 {
		t.Errorf("defaults: %+v", c)
	}
}

// TestLevelsNormalised: the levels' privileges go through
// dbuser.ValidatePrivileges, the one rule of what a grant may carry, and
// come out as it writes them.
func TestLevelsNormalised(t *testing.T) {
	c, err := Parse([]byte(minimal+"levels: {read: {privileges: [show  view, select, SELECT], schemas: [shop, \"*\"]}}\n"), "bastion.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p := c.Levels[bastion.LevelRead]; !slices.Equal(p.Privileges, []string{"SELECT", "SHOW VIEW"}) || !slices.Equal(p.Schemas, []string{"*"}) {
		t.Errorf("read: %+v", p)
	}
}

// TestDiscovery: aws: alone is a configuration, with auroradoc's
// selection keys, the admin secret template (a cluster's tag overrides
// it), and approvers from groups defined anywhere in the file.
func TestDiscovery(t *testing.T) {
	c, err := Parse([]byte(`
aws:
  regions: [us-east-1, eu-west-1]
  include_tags: {bastion: enabled}
  exclude: ["^tmp-"]
  accounts: [{id: "123456789012", role_arn: "arn:aws:iam::123456789012:role/bastion", name: prod}]
  admin: {user: bastion_admin, secret_id: "bastion/admin/{region}/{cluster}"}
  approvers: {groups: [dbre]}
dynamodb: {table: bastion}
groups: {dbre: [bob]}
`), "bastion.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := c.AWS
	if d == nil || !slices.Equal(d.Select.Regions, []string{"us-east-1", "eu-west-1"}) || d.Select.IncludeTags["bastion"] != "enabled" ||
		!d.Select.Excluded("tmp-1") || d.Select.Excluded("orders") || len(d.Select.Accounts) != 1 || d.Admin.User != "bastion_admin" {
		t.Fatalf("aws: %+v", d)
	}
	if got := d.AdminSecretFor("orders", "eu-west-1", nil); got != "bastion/admin/eu-west-1/orders" {
		t.Errorf("AdminSecretFor = %q", got)
	}
	if got := d.AdminSecretFor("orders", "eu-west-1", map[string]string{AdminSecretTag: "mine"}); got != "mine" {
		t.Errorf("AdminSecretFor with the tag = %q", got)
	}
	if len(c.Clusters) != 0 {
		t.Errorf("clusters before discovery: %v", c.ClusterNames())
	}
	c.AddDiscovered(&Cluster{Name: "us-east-1/orders", Approvers: d.Approvers})
	if !c.IsApprover("us-east-1/orders", "bob") || c.IsApprover("us-east-1/orders", "mallory") {
		t.Error("approvers of a discovered cluster")
	}
	if _, ok := c.Privileges("us-east-1/orders", bastion.LevelRead); !ok {
		t.Error("no privileges on a discovered cluster")
	}
}

// TestTLSAndRoles: TLS is verified and grants are direct unless the file
// says otherwise; a CA bundle is read with the file.
func TestTLSAndRoles(t *testing.T) {
	c, err := Parse([]byte(minimal), "bastion.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.TLS.Mode != "true" || c.TLS.Roots != nil || c.Roles {
		t.Errorf("defaults: tls %+v, roles %v", c.TLS, c.Roles)
	}
	c, err = Parse([]byte(minimal+"tls: {mode: false}\nroles: true\n"), "bastion.yaml")
	if err != nil || c.TLS.Mode != "false" || !c.Roles {
		t.Errorf("tls off, roles on: %v %+v %v", err, c.TLS, c.Roles)
	}
	c, err = Parse([]byte(minimal+"tls: {ca_bundle: testdata/ca.pem}\n"), "bastion.yaml")
	if err != nil || c.TLS.Mode != "true" || c.TLS.Roots == nil {
		t.Errorf("ca bundle: %v %+v", err, c.TLS)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"no table", "clusters: {}\n", "dynamodb: is required"},
		{"no clusters", "dynamodb: {table: bastion}\n", "clusters: or aws: is required"},
		{"unknown key", minimal + "sweep_intervl: 1m\n", `did you mean "sweep_interval"`},
		{"aws without regions", minimal + "aws: {admin: {user: a, secret_id: s}, approvers: {users: [bob]}}\n", "aws.regions: required key is missing"},
		{"aws without admin", minimal + "aws: {regions: [us-east-1], approvers: {users: [bob]}}\n", "aws.admin: is required"},
		{"aws admin without secret", minimal + "aws: {regions: [us-east-1], admin: {user: a}, approvers: {users: [bob]}}\n", "aws.admin.secret_id: is required"},
		{"aws admin password_env", minimal + "aws: {regions: [us-east-1], admin: {user: a, secret_id: s, password_env: X}, approvers: {users: [bob]}}\n", "use secret_id"},
		{"aws crawl key", minimal + "aws: {regions: [us-east-1], endpoint: writer, admin: {user: a, secret_id: s}, approvers: {users: [bob]}}\n", "unknown key"},
		{"aws bad region", minimal + "aws: {regions: [mars-1], admin: {user: a, secret_id: s}, approvers: {users: [bob]}}\n", "aws.regions"},
		{"aws unknown group", minimal + "aws: {regions: [us-east-1], admin: {user: a, secret_id: s}, approvers: {groups: [nope]}}\n", `group "nope" is not defined`},
		{"password in file", strings.Replace(minimal, "password_env: PW", "password: hunter2", 1), "do not go in the config file"},
		{"both password sources", strings.Replace(minimal, "password_env: PW", "password_env: PW, secret_id: x", 1), "exactly one of"},
		{"no approvers", strings.Replace(minimal, "approvers: {users: [bob]}", "approvers: {}", 1), "nobody could approve"},
		{"unknown group", strings.Replace(minimal, "users: [bob]", "groups: [dbre]", 1), `group "dbre" is not defined`},
		{"bad endpoint", strings.Replace(minimal, "127.0.0.1:3306", "localhost", 1), "must be host:port"},
		{"bad cluster name", strings.Replace(minimal, "  c1:", "  C 1:", 1), "is not a cluster name"},
		{"bad privilege", minimal + "levels: {read: {privileges: [\"SELECT; DROP\"]}}\n", "not one a grant may carry"},
		{"all privileges", minimal + "levels: {ddl: {privileges: [ALL PRIVILEGES]}}\n", "not one a grant may carry"},
		{"global privilege", minimal + "levels: {dml: {privileges: [SELECT, PROCESS]}}\n", `privilege "PROCESS" is not one a grant may carry`},
		{"unknown level", minimal + "levels: {admin: {}}\n", "unknown key"},
		{"bad duration", minimal + "limits: {max_duration: 8}\n", "must be a duration"},
		{"warn too long", minimal + "limits: {max_duration: 5m}\nwarn_before: 10m\n", "shorter than limits.max_duration"},
		{"bad tls mode", minimal + "tls: {mode: maybe}\n", "tls.mode: must be"},
		{"missing ca bundle", minimal + "tls: {ca_bundle: /nonexistent/ca.pem}\n", "tls.ca_bundle: open /nonexistent/ca.pem"},
		{"not a ca bundle", minimal + "tls: {ca_bundle: example.yaml}\n", "holds no PEM certificate"},
		{"ca bundle unused", minimal + "tls: {mode: skip-verify, ca_bundle: testdata/ca.pem}\n", "only used with mode: true"},
		{"roles not a bool", minimal + "roles: sometimes\n", "roles"},
		{"bad slack group", strings.Replace(minimal, "users: [bob]", "slack_groups: [dbre]", 1), `"dbre" is not a Slack user group id`},
		{"schema quote", minimal + "levels: {read: {schemas: [\"a`b\"]}}\n", "must be a schema name"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.src), "bastion.yaml")
		var ye *yamlstrict.Errors
		if err == nil || !errors.As(err, &ye) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
		if err != nil && !strings.Contains(err.Error(), "bastion.yaml") {
			t.Errorf("%s: %v does not name the file", c.name, err)
		}
	}
}

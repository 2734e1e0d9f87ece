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

func TestErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"no table", "clusters: {}\n", "dynamodb: is required"},
		{"no clusters", "dynamodb: {table: bastion}\n", "clusters: is required"},
		{"unknown key", minimal + "sweep_intervl: 1m\n", `did you mean "sweep_interval"`},
		{"aws", minimal + "aws: {}\n", "not implemented yet"},
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

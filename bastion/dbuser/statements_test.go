package dbuser

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/flavor"
)

// TestProvisionStatements: each server gets its own role syntax, 5.7
// direct grants even when roles are configured, and quoting holds.
func TestProvisionStatements(t *testing.T) {
	p, err := ValidatePrivileges(bastion.Privileges{Privileges: []string{"select", "show  view"}, Schemas: []string{"shop", "a_b"}})
	if err != nil {
		t.Fatal(err)
	}
	role := "`" + roleName(p) + "`"
	sqls := func(f flavor.Flavor, roles bool) []string {
		var out []string
		for _, st := range provisionStatements(f, roles, false, "o'k", "p'w", p) {
			out = append(out, st.sql)
		}
		return out
	}
	head := []string{
		"CREATE USER IF NOT EXISTS 'o''k'@'%' IDENTIFIED BY 'p''w'",
		"REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'o''k'@'%'",
	}
	direct := append(slices.Clone(head),
		"GRANT SELECT, SHOW VIEW ON `a\\_b`.* TO 'o''k'@'%'",
		"GRANT SELECT, SHOW VIEW ON `shop`.* TO 'o''k'@'%'")
	viaRole := func(set string) []string {
		return append(slices.Clone(head),
			"CREATE ROLE IF NOT EXISTS "+role,
			"GRANT SELECT, SHOW VIEW ON `a\\_b`.* TO "+role,
			"GRANT SELECT, SHOW VIEW ON `shop`.* TO "+role,
			"GRANT "+role+" TO 'o''k'@'%'",
			set)
	}
	for _, tc := range []struct {
		f     flavor.Flavor
		roles bool
		want  []string
	}{
		{flavor.Parse("8.0.mysql_aurora.3.05.2", "3.05.2"), true, viaRole("SET DEFAULT ROLE ALL TO 'o''k'@'%'")},
		{flavor.Parse("8.0.mysql_aurora.3.05.2", "3.05.2"), false, direct},
		{flavor.Parse("5.7.mysql_aurora.2.11.2", "2.11.2"), true, direct},
		{flavor.Parse("10.11.6-MariaDB", ""), true, viaRole("SET DEFAULT ROLE " + role + " FOR 'o''k'@'%'")},
	} {
		if got := sqls(tc.f, tc.roles); !slices.Equal(got, tc.want) {
			t.Errorf("%s, roles %v:\n got %q\nwant %q", tc.f, tc.roles, got, tc.want)
		}
	}
	retry := provisionStatements(flavor.Parse("8.0.36", ""), true, true, "u", "pw", p)
	if retry[0].sql != "ALTER USER 'u'@'%' IDENTIFIED BY 'pw'" {
		t.Errorf("an existing account gets %q first, want ALTER USER", retry[0].sql)
	}
	for _, st := range retry {
		if strings.Contains(st.sql, "'pw'") != st.secret {
			t.Errorf("%q: secret = %v", st.sql, st.secret)
		}
	}
}

func TestValidatePrivileges(t *testing.T) {
	got, err := ValidatePrivileges(bastion.Privileges{Privileges: []string{"insert", "Select", "SELECT", "lock   tables"}, Schemas: []string{"b", "*", "a"}})
	if err != nil || !slices.Equal(got.Privileges, []string{"INSERT", "LOCK TABLES", "SELECT"}) || !slices.Equal(got.Schemas, []string{"*"}) {
		t.Errorf("got %+v, %v", got, err)
	}
	for _, bad := range []bastion.Privileges{
		{},
		{Privileges: []string{"SELECT"}},
		{Schemas: []string{"*"}},
		{Privileges: []string{"SUPER"}, Schemas: []string{"*"}},
		{Privileges: []string{"GRANT OPTION"}, Schemas: []string{"*"}},
		{Privileges: []string{"ALL"}, Schemas: []string{"*"}},
		{Privileges: []string{"SELECT ON *.* TO x; --"}, Schemas: []string{"*"}},
		{Privileges: []string{"SELECT"}, Schemas: []string{""}},
		{Privileges: []string{"SELECT"}, Schemas: []string{`a\b`}},
	} {
		if _, err := ValidatePrivileges(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// TestAdminGrantsInDocs: docs/access.md shows, for Aurora MySQL 2 and 3,
// exactly the statements AdminGrants gives for its example configuration.
func TestAdminGrantsInDocs(t *testing.T) {
	doc, err := os.ReadFile("../../docs/access.md")
	if err != nil {
		t.Fatal(err)
	}
	levels := []bastion.Privileges{
		{Privileges: []string{"SELECT", "SHOW VIEW"}, Schemas: []string{"*"}},
		{Privileges: []string{"SELECT", "SHOW VIEW", "INSERT", "UPDATE", "DELETE"}, Schemas: []string{"*"}},
		{Privileges: []string{"SELECT", "SHOW VIEW", "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "INDEX"}, Schemas: []string{"*"}},
	}
	for _, tc := range []struct {
		heading string
		f       flavor.Flavor
		roles   bool
	}{
		{"Aurora MySQL 2", flavor.Parse("5.7.mysql_aurora.2.11.2", "2.11.2"), false},
		{"Aurora MySQL 3", flavor.Parse("8.0.mysql_aurora.3.05.2", "3.05.2"), false},
		{"Aurora MySQL 3 with roles", flavor.Parse("8.0.mysql_aurora.3.05.2", "3.05.2"), true},
	} {
		grants, err := AdminGrants(tc.f, "bastion_admin", tc.roles, levels)
		if err != nil {
			t.Fatal(err)
		}
		want := "```sql\n-- " + tc.heading + "\n" + strings.Join(grants, ";\n") + ";\n```"
		if !strings.Contains(string(doc), want) {
			t.Errorf("docs/access.md lacks the admin grants for %s:\n%s", tc.heading, want)
		}
	}
	if _, err := AdminGrants(flavor.Parse("", ""), "a", false, nil); err == nil {
		t.Error("AdminGrants for an unknown server accepted")
	}
}

// TestErrorsKeepSecretsOut: a server error on a statement with a password
// reports the step and number but not the message, which may quote it.
func TestErrorsKeepSecretsOut(t *testing.T) {
	driverErr := &mysql.MySQLError{Number: 1064, Message: "You have an error in your SQL syntax near 'hunter2-secret'"}
	err := fmt.Errorf("provisioning: %w", &serverError{what: "CREATE USER", number: 1064, err: driverErr})
	if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "1064") {
		t.Errorf("error text %q", err)
	}
	if mysqlErrorNumber(err) != 1064 {
		t.Error("the driver's error is not reachable with errors.As")
	}
	c := Cluster{Name: "orders", Instances: []string{"w:3306"}, User: "admin", Password: "hunter2-secret"}
	if s := fmt.Sprint(c); strings.Contains(s, "hunter2") {
		t.Errorf("Cluster prints its password: %s", s)
	}
}

// TestDefinerErrorIsRecognisable: the engine sees a kept account through
// an interface, without importing this package, and the 4006 underneath.
func TestDefinerErrorIsRecognisable(t *testing.T) {
	var err error = fmt.Errorf("revoking: %w", &DefinerError{Cluster: "orders", User: "jit_x", Err: &mysql.MySQLError{Number: errUserIsDefiner}})
	var kept interface{ KeptLocked() bool }
	if !errors.As(err, &kept) || !kept.KeptLocked() {
		t.Error("not recognisable as a kept-locked account")
	}
	if mysqlErrorNumber(err) != errUserIsDefiner {
		t.Error("error 4006 not reachable")
	}
}

func TestNewRefusesBadClusters(t *testing.T) {
	for name, cs := range map[string][]Cluster{
		"no name":         {{Instances: []string{"a:1"}, User: "u"}},
		"no instances":    {{Name: "c", User: "u"}},
		"no admin":        {{Name: "c", Instances: []string{"a:1"}}},
		"twice":           {{Name: "c", Instances: []string{"a:1"}, User: "u"}, {Name: "c", Instances: []string{"b:1"}, User: "u"}},
		"instance twice":  {{Name: "c", Instances: []string{"a:1", "a:1"}, User: "u"}},
		"unknown tls cfg": {{Name: "c", Instances: []string{"a:1"}, User: "u", TLS: "no-such-config"}},
	} {
		if m, err := New(cs, Options{}); err == nil {
			_ = m.Close()
			t.Errorf("%s: accepted", name)
		}
	}
	m, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Provision(t.Context(), "nope", "u", "pw", bastion.Privileges{Privileges: []string{"SELECT"}, Schemas: []string{"*"}}); err == nil || !strings.Contains(err.Error(), "unknown cluster") {
		t.Errorf("unknown cluster: %v", err)
	}
}

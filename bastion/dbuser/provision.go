package dbuser

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/flavor"
)

// statement is one SQL statement of a step, with what it does for errors
// and logs; secret statements (they hold a password) never appear in
// either, nor does the server's message about them.
type statement struct {
	what, sql string
	secret    bool
}

// Provision creates user on the cluster's writer with password and p's
// privileges, directly or through a role (Cluster.Roles, on servers that
// have roles). A user that exists already (a retried step) gets the
// password set again and its privileges reset to exactly p. Provision
// never unlocks an account: a user locked by a revocation stays locked.
func (m *Manager) Provision(ctx context.Context, clusterName, user, password string, p bastion.Privileges) error {
	if err := checkPassword(password); err != nil {
		return fmt.Errorf("provisioning %q on %s: %w", user, clusterName, err)
	}
	p, err := ValidatePrivileges(p)
	if err != nil {
		return fmt.Errorf("provisioning %q on %s: %w", user, clusterName, err)
	}
	c, w, f, err := m.onWriter(ctx, clusterName, user)
	if err != nil {
		return fmt.Errorf("provisioning %q: %w", user, err)
	}
	exists, err := accountExists(ctx, w, user)
	if err != nil {
		return fmt.Errorf("provisioning %q on %s (%s): %w", user, clusterName, w.addr, err)
	}
	// Taken after every other query of the pool: a goroutine holding a
	// connection while waiting for another would deadlock a full pool.
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("provisioning %q on %s: connecting to %s: %w", user, clusterName, w.addr, err)
	}
	defer conn.Close()
	for _, st := range provisionStatements(f, c.cfg.Roles, exists, user, password, p) {
		if err := execStatement(ctx, conn, st); err != nil {
			return fmt.Errorf("provisioning %q on %s (%s, %s): %w", user, clusterName, w.addr, f, err)
		}
	}
	m.log.InfoContext(ctx, "dbuser: provisioned", "cluster", clusterName, "user", user, "instance", w.addr,
		"privileges", p.Privileges, "schemas", p.Schemas, "role", c.cfg.Roles && f.Roles() != flavor.NoRoles)
	return nil
}

// provisionStatements are Provision's statements, in order, for a server
// of flavor f; p is validated. An account that exists gets ALTER USER, a
// new one CREATE USER (IF NOT EXISTS, for a concurrent retry): setting the
// password twice would trip a password_history policy.
func provisionStatements(f flavor.Flavor, roles, exists bool, user, password string, p bastion.Privileges) []statement {
	acct := account(user)
	pw := quoteString(password)
	out := []statement{{"CREATE USER", "CREATE USER IF NOT EXISTS " + acct + " IDENTIFIED BY " + pw, true}}
	if exists {
		out = []statement{{"ALTER USER (password)", "ALTER USER " + acct + " IDENTIFIED BY " + pw, true}}
	}
	out = append(out, statement{"REVOKE ALL", "REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + acct, false})
	syntax := f.Roles()
	if !roles || syntax == flavor.NoRoles {
		for _, g := range grantStatements(p, acct) {
			out = append(out, statement{"GRANT", g, false})
		}
		return out
	}
	role := quoteIdent(roleName(p))
	out = append(out, statement{"CREATE ROLE", "CREATE ROLE IF NOT EXISTS " + role, false})
	for _, g := range grantStatements(p, role) {
		out = append(out, statement{"GRANT to role", g, false})
	}
	out = append(out, statement{"GRANT role", "GRANT " + role + " TO " + acct, false})
	if syntax == flavor.MySQLRoles {
		out = append(out, statement{"SET DEFAULT ROLE", "SET DEFAULT ROLE ALL TO " + acct, false})
	} else {
		out = append(out, statement{"SET DEFAULT ROLE", "SET DEFAULT ROLE " + role + " FOR " + acct, false})
	}
	return out
}

// execStatement runs st on conn; the error names the step, and for a
// secret statement only the server's error number, not its message (a
// syntax error quotes the statement).
func execStatement(ctx context.Context, conn *sql.Conn, st statement) error {
	_, err := conn.ExecContext(ctx, st.sql)
	if err == nil {
		return nil
	}
	if st.secret {
		if n := mysqlErrorNumber(err); n != 0 {
			return &serverError{what: st.what, number: n, err: err}
		}
		return fmt.Errorf("%s: %w", st.what, err)
	}
	return fmt.Errorf("%s (%s): %w", st.what, st.sql, err)
}

// serverError is a server error on a statement that held a password: it
// says which step and the error number, and unwraps to the driver's error
// for errors.As, but its text leaves the server's message out.
type serverError struct {
	what   string
	number uint16
	err    error
}

func (e *serverError) Error() string {
	return fmt.Sprintf("%s: server error %d (message withheld: the statement holds a password)", e.what, e.number)
}

func (e *serverError) Unwrap() error { return e.err }

package dbuser

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/auroradoc/auroradoc/internal/flavor"
)

// pollInterval is how often Lock and Kill look again while waiting.
const pollInterval = 25 * time.Millisecond

// Lock stops new logins of user (ALTER USER … ACCOUNT LOCK on the writer)
// and waits until every instance has the account locked or gone, so that
// a Kill that follows cannot be undone by a login on a reader that has
// not seen the lock yet. A user that does not exist is not an error.
func (m *Manager) Lock(ctx context.Context, clusterName, user string) error {
	c, w, f, err := m.onWriter(ctx, clusterName, user)
	if err != nil {
		return fmt.Errorf("locking %q: %w", user, err)
	}
	if !f.HasAccountLock() {
		return fmt.Errorf("locking %q on %s: %s (%s) has no ACCOUNT LOCK", user, clusterName, w.addr, f)
	}
	if _, err := w.db.ExecContext(ctx, "ALTER USER IF EXISTS "+account(user)+" ACCOUNT LOCK"); err != nil {
		return fmt.Errorf("locking %q on %s (%s): ALTER USER … ACCOUNT LOCK: %w", user, clusterName, w.addr, err)
	}
	err = c.eachInstance(func(in *instance) error {
		return m.settleOn(ctx, in, func() (bool, error) {
			st, err := accountState(ctx, in, user)
			return st != accountActive, err
		}, "the lock")
	})
	if err != nil {
		return fmt.Errorf("locking %q on %s: %w", user, clusterName, err)
	}
	m.log.InfoContext(ctx, "dbuser: locked", "cluster", clusterName, "user", user)
	return nil
}

// settleOn polls done on in until it is true, ctx ends or the settle
// timeout passes.
func (m *Manager) settleOn(ctx context.Context, in *instance, done func() (bool, error), what string) error {
	deadline := time.Now().Add(m.settle)
	for {
		ok, err := done()
		if err != nil {
			return fmt.Errorf("%s: %w", in.addr, err)
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: %s not in effect after %v", in.addr, what, m.settle)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: waiting for %s: %w", in.addr, what, context.Cause(ctx))
		case <-time.After(pollInterval):
		}
	}
}

// accountStatus is what one instance knows of an account.
type accountStatus int

const (
	accountAbsent accountStatus = iota
	accountLocked
	accountActive
)

// accountState reads the account on one instance: absent, locked or
// active (from SHOW CREATE USER, after the account's own name so that a
// user named "x ACCOUNT LOCK" does not look locked).
func accountState(ctx context.Context, in *instance, user string) (accountStatus, error) {
	exists, err := accountExists(ctx, in, user)
	if err != nil || !exists {
		return accountAbsent, err
	}
	var create string
	err = in.db.QueryRowContext(ctx, "SHOW CREATE USER "+account(user)).Scan(&create)
	if mysqlErrorNumber(err) == errCannotUser {
		return accountAbsent, nil // dropped meanwhile
	}
	if err != nil {
		return 0, fmt.Errorf("SHOW CREATE USER: %w", err)
	}
	name := quoteIdent(user) + "@" + quoteIdent(accountHost)
	_, rest, ok := strings.Cut(create, name)
	if !ok {
		return 0, fmt.Errorf("SHOW CREATE USER answered without the account name %s", name)
	}
	if strings.Contains(rest, " ACCOUNT LOCK") {
		return accountLocked, nil
	}
	return accountActive, nil
}

// accountExists reports whether user@% is in mysql.user on one instance
// (compared byte for byte: user names are case-sensitive).
func accountExists(ctx context.Context, in *instance, user string) (bool, error) {
	rows, err := in.db.QueryContext(ctx, "SELECT User FROM mysql.user WHERE User = ? AND Host = ?", user, accountHost)
	if err != nil {
		return false, fmt.Errorf("reading mysql.user: %w", err)
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return false, fmt.Errorf("reading mysql.user: %w", err)
		}
		found = found || u == user
	}
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("reading mysql.user: %w", err)
	}
	return found, nil
}

// session is one row of a process list.
type session struct {
	id      int64
	command string // COMMAND: Sleep, Query, …; Connect while logging in
}

// sessions lists user's rows in one instance's process list (the column's
// collation is case-insensitive, so names are compared again here).
// MariaDB lists a login attempt under the user name it asks for while the
// handshake runs, failed ones included: those rows have COMMAND Connect.
func sessions(ctx context.Context, in *instance, user string) ([]session, error) {
	rows, err := in.db.QueryContext(ctx, "SELECT ID, USER, COMMAND FROM information_schema.PROCESSLIST WHERE USER = ?", user)
	if err != nil {
		return nil, fmt.Errorf("reading the process list: %w", err)
	}
	defer rows.Close()
	var out []session
	for rows.Next() {
		var s session
		var u string
		var cmd sql.NullString
		if err := rows.Scan(&s.id, &u, &cmd); err != nil {
			return nil, fmt.Errorf("reading the process list: %w", err)
		}
		s.command = cmd.String
		if u == user {
			out = append(out, s)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the process list: %w", err)
	}
	return out, nil
}

// Kill ends every session of user on every instance of the cluster (KILL
// CONNECTION, or CALL mysql.rds_kill where the admin may not KILL other
// users' sessions, as on Aurora MySQL 2) and waits until they have left
// the process lists. A session that ended meanwhile is not an error. It
// returns how many sessions it killed.
func (m *Manager) Kill(ctx context.Context, clusterName, user string) (int, error) {
	c, err := m.cluster(clusterName, user)
	if err != nil {
		return 0, fmt.Errorf("killing the sessions of %q: %w", user, err)
	}
	var total atomic.Int64
	err = c.eachInstance(func(in *instance) error {
		n, err := m.killOn(ctx, in, user)
		total.Add(int64(n))
		if n > 0 {
			m.log.InfoContext(ctx, "dbuser: killed sessions", "cluster", clusterName, "user", user, "instance", in.addr, "sessions", n)
		}
		return err
	})
	if err != nil {
		return int(total.Load()), fmt.Errorf("killing the sessions of %q on %s: %w", user, clusterName, err)
	}
	return int(total.Load()), nil
}

// killOn kills user's sessions on one instance: every row it sees, and
// it waits until none is left but rows still logging in (COMMAND
// Connect). Those are killed too when seen, but not waited for: after
// Lock they are failed logins, and someone hammering the login must not
// keep the revocation from finishing. One that did log in just before the
// lock is a session by the next look, which Verify counts, so the sweep
// repeats the revocation.
func (m *Manager) killOn(ctx context.Context, in *instance, user string) (int, error) {
	killed := map[int64]bool{}
	n := 0
	err := m.settleOn(ctx, in, func() (bool, error) {
		rows, err := sessions(ctx, in, user)
		if err != nil {
			return false, err
		}
		settled := true
		for _, s := range rows {
			if !strings.EqualFold(s.command, "Connect") {
				settled = false
			}
			if killed[s.id] {
				continue // killed, still leaving
			}
			killed[s.id] = true
			ok, err := killSession(ctx, in, s.id)
			if err != nil {
				return false, err
			}
			if ok && !strings.EqualFold(s.command, "Connect") {
				n++
			}
		}
		return settled, nil
	}, "KILL of every session")
	return n, err
}

// killSession ends one session: KILL CONNECTION, or mysql.rds_kill when
// KILL is refused (error 1095). It reports false when the session was
// gone already.
func killSession(ctx context.Context, in *instance, id int64) (bool, error) {
	_, err := in.db.ExecContext(ctx, fmt.Sprintf("KILL CONNECTION %d", id))
	if mysqlErrorNumber(err) == errNotOwner {
		_, err = in.db.ExecContext(ctx, fmt.Sprintf("CALL mysql.rds_kill(%d)", id))
	}
	switch {
	case err == nil:
		return true, nil
	case mysqlErrorNumber(err) == errUnknownThread:
		return false, nil
	}
	return false, fmt.Errorf("killing session %d: %w", id, err)
}

// DefinerError reports a user that Drop could not drop because it is the
// DEFINER of views, routines, triggers or events (MySQL 8.0.22 and newer,
// error 4006). The account is left locked, without privileges and roles,
// with a random password no one knows: it cannot log in, but it exists,
// so Verify reports it. Someone has to reassign the objects' DEFINER and
// drop it.
type DefinerError struct {
	Cluster, User string
	Err           error // the server's error 4006
}

func (e *DefinerError) Error() string {
	return fmt.Sprintf("user %q on %s is the DEFINER of stored objects and cannot be dropped (%v); "+
		"it is kept locked, without privileges, with an unknown password", e.User, e.Cluster, e.Err)
}

func (e *DefinerError) Unwrap() error { return e.Err }

// KeptLocked reports that the account still exists but cannot be used;
// the engine tests for it through an interface, without importing this
// package.
func (e *DefinerError) KeptLocked() bool { return true }

// Drop drops user (DROP USER IF EXISTS on the writer) and waits until
// every instance has the account gone, so that a Verify right after does
// not find it on a reader that has not applied the drop yet. When the
// server refuses because the user is a DEFINER, it neutralises the
// account instead and returns a *DefinerError. A user that does not exist
// is not an error.
func (m *Manager) Drop(ctx context.Context, clusterName, user string) error {
	c, w, f, err := m.onWriter(ctx, clusterName, user)
	if err != nil {
		return fmt.Errorf("dropping %q: %w", user, err)
	}
	_, err = w.db.ExecContext(ctx, "DROP USER IF EXISTS "+account(user))
	if mysqlErrorNumber(err) == errUserIsDefiner {
		if nerr := neutralise(ctx, w, f, user); nerr != nil {
			return fmt.Errorf("dropping %q on %s (%s): %w; and keeping it locked without privileges failed: %w", user, clusterName, w.addr, err, nerr)
		}
		m.log.WarnContext(ctx, "dbuser: user is a DEFINER; kept locked without privileges instead of dropped", "cluster", clusterName, "user", user)
		return &DefinerError{Cluster: clusterName, User: user, Err: err}
	}
	if err != nil {
		return fmt.Errorf("dropping %q on %s (%s): DROP USER: %w", user, clusterName, w.addr, err)
	}
	err = c.eachInstance(func(in *instance) error {
		return m.settleOn(ctx, in, func() (bool, error) {
			exists, err := accountExists(ctx, in, user)
			return !exists, err
		}, "the drop")
	})
	if err != nil {
		return fmt.Errorf("dropping %q on %s: %w", user, clusterName, err)
	}
	m.log.InfoContext(ctx, "dbuser: dropped", "cluster", clusterName, "user", user)
	return nil
}

// neutralise leaves user on the writer w (of flavor f) locked, with a
// random password and without privileges or roles.
func neutralise(ctx context.Context, w *instance, f flavor.Flavor, user string) error {
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", w.addr, err)
	}
	defer conn.Close()
	acct := account(user)
	steps := []statement{
		{"ALTER USER (random password, lock)", "ALTER USER " + acct + " IDENTIFIED BY " + quoteString(rand.Text()) + " ACCOUNT LOCK", true},
		{"REVOKE ALL", "REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + acct, false},
	}
	switch f.Roles() {
	case flavor.MySQLRoles:
		steps = append(steps, statement{"SET DEFAULT ROLE NONE", "SET DEFAULT ROLE NONE TO " + acct, false})
	case flavor.MariaDBRoles:
		steps = append(steps, statement{"SET DEFAULT ROLE NONE", "SET DEFAULT ROLE NONE FOR " + acct, false})
	}
	for _, st := range steps {
		if err := execStatement(ctx, conn, st); err != nil {
			return err
		}
	}
	// Read after REVOKE ALL, which takes MariaDB's roles along.
	roles, err := grantedRoles(ctx, conn, f, user)
	if err != nil {
		return err
	}
	for _, r := range roles {
		if err := execStatement(ctx, conn, statement{"REVOKE role", "REVOKE " + r + " FROM " + acct, false}); err != nil {
			return err
		}
	}
	return nil
}

// grantedRoles are the (quoted) roles granted to user: MySQL 8's
// mysql.role_edges, MariaDB's mysql.roles_mapping.
func grantedRoles(ctx context.Context, conn *sql.Conn, f flavor.Flavor, user string) ([]string, error) {
	var q string
	switch f.Roles() {
	case flavor.MySQLRoles:
		q = "SELECT FROM_USER, FROM_HOST FROM mysql.role_edges WHERE TO_USER = ? AND TO_HOST = ?"
	case flavor.MariaDBRoles:
		q = "SELECT Role, '' FROM mysql.roles_mapping WHERE User = ? AND Host = ?"
	default:
		return nil, nil
	}
	rows, err := conn.QueryContext(ctx, q, user, accountHost)
	if err != nil {
		return nil, fmt.Errorf("reading the roles granted to %q: %w", user, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, host string
		if err := rows.Scan(&name, &host); err != nil {
			return nil, fmt.Errorf("reading the roles granted to %q: %w", user, err)
		}
		if host == "" {
			out = append(out, quoteIdent(name))
		} else {
			out = append(out, quoteIdent(name)+"@"+quoteIdent(host))
		}
	}
	return out, rows.Err()
}

// Verify reports what is left of user on the cluster: whether any
// instance still has the account, and its sessions on all instances —
// every process-list row under the name, so a login attempt in progress
// counts too (conservative: the sweep looks again).
func (m *Manager) Verify(ctx context.Context, clusterName, user string) (bool, int, error) {
	c, err := m.cluster(clusterName, user)
	if err != nil {
		return false, 0, fmt.Errorf("verifying %q: %w", user, err)
	}
	var exists atomic.Bool
	var count atomic.Int64
	err = c.eachInstance(func(in *instance) error {
		e, err := accountExists(ctx, in, user)
		if err != nil {
			return fmt.Errorf("%s: %w", in.addr, err)
		}
		rows, err := sessions(ctx, in, user)
		if err != nil {
			return fmt.Errorf("%s: %w", in.addr, err)
		}
		if e {
			exists.Store(true)
		}
		count.Add(int64(len(rows)))
		return nil
	})
	if err != nil {
		return false, 0, fmt.Errorf("verifying %q on %s: %w", user, clusterName, err)
	}
	return exists.Load(), int(count.Load()), nil
}

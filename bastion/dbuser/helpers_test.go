package dbuser

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/flavor"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

const (
	adminUser     = "bastion_admin"
	adminPassword = "admin-Pw-0123456789-abcdefghijklmnop"
	clusterName   = "orders"
)

// testLevels are the three levels on the test schema "shop".
func testLevels() map[bastion.Level]bastion.Privileges {
	shop := []string{"shop"}
	return map[bastion.Level]bastion.Privileges{
		bastion.LevelRead: {Privileges: []string{"SELECT", "SHOW VIEW"}, Schemas: shop},
		bastion.LevelDML:  {Privileges: []string{"SELECT", "SHOW VIEW", "INSERT", "UPDATE", "DELETE"}, Schemas: shop},
		bastion.LevelDDL: {Privileges: []string{"SELECT", "SHOW VIEW", "INSERT", "UPDATE", "DELETE",
			"CREATE", "ALTER", "DROP", "INDEX"}, Schemas: shop},
	}
}

// testCluster is a writer and a replicating read-only reader with the
// schema "shop" and the engine's admin login, granted exactly what
// AdminGrants lists for the server (or for asIf, when set: the Aurora 2
// admin on MariaDB, whose KILL of other users' sessions is refused).
type testCluster struct {
	writer, reader *testbed.MariaDB
}

func startCluster(t *testing.T, asIf *flavor.Flavor) *testCluster {
	t.Helper()
	w, r := testbed.StartReplicated(t)
	// mysql.rds_kill as RDS has it: runs as its definer, so a caller
	// without CONNECTION ADMIN can end other users' sessions.
	w.Exec(t, "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY);"+
		"INSERT INTO shop.t VALUES (1), (2);"+
		"CREATE PROCEDURE mysql.rds_kill(IN thread BIGINT) SQL SECURITY DEFINER KILL CONNECTION thread")
	f := flavor.Parse(w.Version, "")
	if asIf != nil {
		f = *asIf
	}
	var levels []bastion.Privileges
	for _, p := range testLevels() {
		levels = append(levels, p)
	}
	grants, err := AdminGrants(f, adminUser, true, levels)
	if err != nil {
		t.Fatal(err)
	}
	w.Exec(t, "CREATE USER "+account(adminUser)+" IDENTIFIED BY "+quoteString(adminPassword)+";\n"+strings.Join(grants, ";\n"))
	testbed.SyncReplica(t, w, r)
	return &testCluster{writer: w, reader: r}
}

func (c *testCluster) instances() []*testbed.MariaDB { return []*testbed.MariaDB{c.writer, c.reader} }

// manager is a Manager for the cluster, logging into the test log.
func (c *testCluster) manager(t *testing.T, roles bool) *Manager {
	t.Helper()
	m, err := New([]Cluster{{
		Name:      clusterName,
		Instances: []string{c.reader.Addr(), c.writer.Addr()}, // the writer is found, not assumed first
		User:      adminUser, Password: adminPassword, Roles: roles,
	}}, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SettleTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func (c *testCluster) sync(t *testing.T) { t.Helper(); testbed.SyncReplica(t, c.writer, c.reader) }

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// login opens a pool as user and pings; the caller closes it.
func login(m *testbed.MariaDB, user, password string) (*sql.DB, error) {
	db, err := sql.Open("mysql", m.DSN(user, password, "shop"))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openSession is one open connection of a test user.
func openSession(t *testing.T, m *testbed.MariaDB, user, password string) *sql.Conn {
	t.Helper()
	db, err := login(m, user, password)
	if err != nil {
		t.Fatalf("%s: login as %q: %v", m.Addr(), user, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	if _, err := conn.ExecContext(t.Context(), "SELECT 1"); err != nil {
		t.Fatalf("%s: fresh session of %q: %v", m.Addr(), user, err)
	}
	return conn
}

// alive reports whether a session still answers.
func alive(conn *sql.Conn) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var one int
	return conn.QueryRowContext(ctx, "SELECT 1").Scan(&one) == nil
}

// refusedLogin fails the test unless user's login is refused on m.
func refusedLogin(t *testing.T, m *testbed.MariaDB, user, password string) {
	t.Helper()
	db, err := login(m, user, password)
	if err == nil {
		db.Close()
		t.Errorf("%s: %q can still log in", m.Addr(), user)
		return
	}
	var me *mysql.MySQLError
	if !errors.As(err, &me) || (me.Number != 1045 && me.Number != 4151) {
		t.Errorf("%s: login of %q failed with %v, want access denied (1045) or account locked (4151)", m.Addr(), user, err)
	}
}

// count runs a COUNT query as root.
func count(t *testing.T, m *testbed.MariaDB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := m.RootDB(t).QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %s: %v", m.Addr(), q, err)
	}
	return n
}

// revoke runs the engine's revocation sequence and checks Verify.
func revoke(t *testing.T, ctx context.Context, m *Manager, user string) int {
	t.Helper()
	if err := m.Lock(ctx, clusterName, user); err != nil {
		t.Fatalf("Lock(%q): %v", user, err)
	}
	n, err := m.Kill(ctx, clusterName, user)
	if err != nil {
		t.Fatalf("Kill(%q): %v", user, err)
	}
	if err := m.Drop(ctx, clusterName, user); err != nil {
		t.Fatalf("Drop(%q): %v", user, err)
	}
	return n
}

// verifyGone waits (up to 10s) for Verify to find nothing of user, as the
// engine's next sweep would: a failed login attempt made just before is
// listed under the user's name until its thread ends.
func verifyGone(t *testing.T, ctx context.Context, m *Manager, user string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		exists, n, err := m.Verify(ctx, clusterName, user)
		if err == nil && !exists && n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("Verify(%q) = %v, %d, %v; want nothing left", user, exists, n, err)
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

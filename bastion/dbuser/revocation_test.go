package dbuser

import (
	"database/sql"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

// TestRevocationOnWriterAndReader is the database side's promise on real
// MariaDB with a replicating reader: provisioned users log in on both
// instances and can do exactly their level; after Lock, Kill and Drop
// their open sessions on both instances are dead, logins fail on both,
// and Verify finds nothing. Every step done twice is harmless. Run with
// direct grants and with roles.
func TestRevocationOnWriterAndReader(t *testing.T) {
	c := startCluster(t, nil)
	for _, roles := range []bool{false, true} {
		name := "direct"
		if roles {
			name = "roles"
		}
		t.Run(name, func(t *testing.T) {
			ctx := testContext(t)
			m := c.manager(t, roles)
			users := map[bastion.Level]string{
				bastion.LevelRead: "jit_read_" + name,
				bastion.LevelDML:  "jit_dml_" + name,
				bastion.LevelDDL:  "jit_ddl_" + name,
			}
			pw := "Pw-" + name + "-0123456789abcdefghijklmnopqrstuv"
			for level, user := range users {
				for range 2 { // a retried Provision is harmless
					if err := m.Provision(ctx, clusterName, user, pw, testLevels()[level]); err != nil {
						t.Fatalf("Provision(%s, %s): %v", user, level, err)
					}
				}
			}
			c.sync(t)

			for level, user := range users {
				for _, inst := range c.instances() {
					var n int
					if err := openSession(t, inst, user, pw).QueryRowContext(ctx, "SELECT COUNT(*) FROM shop.t").Scan(&n); err != nil || n < 2 {
						t.Errorf("%s on %s: SELECT gave %d, %v", user, inst.Addr(), n, err)
					}
				}
				s := openSession(t, c.writer, user, pw)
				_, insErr := s.ExecContext(ctx, "INSERT INTO shop.t VALUES (100) ON DUPLICATE KEY UPDATE id = id")
				_, createErr := s.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS shop.made_by_"+user+" (id INT)")
				_, otherErr := s.ExecContext(ctx, "SELECT COUNT(*) FROM mysql.user")
				if (insErr == nil) != (level != bastion.LevelRead) {
					t.Errorf("%s (%s): INSERT error %v", user, level, insErr)
				}
				if (createErr == nil) != (level == bastion.LevelDDL) {
					t.Errorf("%s (%s): CREATE TABLE error %v", user, level, createErr)
				}
				if otherErr == nil {
					t.Errorf("%s (%s) can read mysql.user", user, level)
				}
			}

			for _, user := range users {
				open := []*sql.Conn{openSession(t, c.writer, user, pw), openSession(t, c.reader, user, pw)}
				want := 0
				for _, inst := range c.instances() {
					want += count(t, inst, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = ?", user)
				}
				for i := range 2 { // every step twice
					began := time.Now()
					n := revoke(t, ctx, m, user)
					if i == 0 {
						t.Logf("%s: lock → kill (%d sessions on 2 instances) → drop in %v", user, n, time.Since(began).Round(time.Millisecond))
					}
					if i == 0 && (n != want || want < 2) {
						t.Errorf("%s: Kill reported %d sessions, the process lists had %d (at least one per instance)", user, n, want)
					}
					if i == 1 && n != 0 {
						t.Errorf("%s: second Kill reported %d sessions", user, n)
					}
				}
				for i, s := range open {
					if alive(s) {
						t.Errorf("%s: session on %s still answers after revocation", user, c.instances()[i].Addr())
					}
				}
				c.sync(t)
				// Before the login attempts: a failed login is listed
				// under its user name while it runs.
				exists, n, err := m.Verify(ctx, clusterName, user)
				if err != nil || exists || n != 0 {
					t.Errorf("Verify(%s) = %v, %d, %v; want nothing left", user, exists, n, err)
				}
				for _, inst := range c.instances() {
					refusedLogin(t, inst, user, pw)
				}
			}
			for _, inst := range c.instances() {
				if n := count(t, inst, "SELECT COUNT(*) FROM mysql.user WHERE User LIKE 'jit\\_%'"); n != 0 {
					t.Errorf("%s: %d jit_ accounts left", inst.Addr(), n)
				}
			}
		})
	}
}

// TestDropWaitsForEveryInstance: Drop returns only once every instance
// has the account gone, so the engine's Verify right after it does not
// find the account on a reader still applying the drop. With the
// reader's replication paused Drop times out naming the reader; once it
// resumes, Drop (again) returns and Verify at once finds nothing.
func TestDropWaitsForEveryInstance(t *testing.T) {
	c := startCluster(t, nil)
	ctx := testContext(t)
	m, err := New([]Cluster{{Name: clusterName, Instances: []string{c.writer.Addr(), c.reader.Addr()}, User: adminUser, Password: adminPassword}},
		Options{Logger: slog.New(slog.DiscardHandler), SettleTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	const user = "jit_lagging_reader"
	if err := m.Provision(ctx, clusterName, user, "Pw-lagging-0123456789abcdefghijklmnop", testLevels()[bastion.LevelRead]); err != nil {
		t.Fatal(err)
	}
	c.sync(t)
	if err := m.Lock(ctx, clusterName, user); err != nil {
		t.Fatal(err)
	}
	c.reader.Exec(t, "STOP SLAVE SQL_THREAD")
	err = m.Drop(ctx, clusterName, user)
	if err == nil || !strings.Contains(err.Error(), c.reader.Addr()) || !strings.Contains(err.Error(), "the drop not in effect") {
		t.Errorf("Drop with the reader behind: %v, want a timeout naming the reader", err)
	}
	c.reader.Exec(t, "START SLAVE SQL_THREAD")
	if err := m.Drop(ctx, clusterName, user); err != nil {
		t.Fatal(err)
	}
	if exists, n, err := m.Verify(ctx, clusterName, user); err != nil || exists || n != 0 {
		t.Errorf("Verify right after Drop: exists %v, %d sessions, %v", exists, n, err)
	}
}

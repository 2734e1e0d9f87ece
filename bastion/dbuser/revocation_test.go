package dbuser

import (
	"database/sql"
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

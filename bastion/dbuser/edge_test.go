package dbuser

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/flavor"
)

// TestEdgeCases shares one cluster: a user that never existed, a crash
// after Lock, an Aurora-2-shaped admin whose KILL is refused, hostile
// names, the DEFINER fallback, and 50 users at once.
func TestEdgeCases(t *testing.T) {
	c := startCluster(t, nil)
	m := c.manager(t, false)
	read := testLevels()[bastion.LevelRead]
	const pw = "Pw-0123456789abcdefghijklmnopqrstuvwxyz"

	t.Run("never existed", func(t *testing.T) {
		ctx := testContext(t)
		for range 2 {
			if n := revoke(t, ctx, m, "jit_ghost"); n != 0 {
				t.Errorf("Kill of a user that never existed killed %d sessions", n)
			}
			if exists, n, err := m.Verify(ctx, clusterName, "jit_ghost"); err != nil || exists || n != 0 {
				t.Errorf("Verify = %v, %d, %v", exists, n, err)
			}
		}
	})

	t.Run("retry with a new password", func(t *testing.T) {
		ctx := testContext(t)
		const user, pw2 = "jit_retry", "Pw2-0123456789abcdefghijklmnopqrstuvwxyz"
		for _, p := range []string{pw, pw2} {
			if err := m.Provision(ctx, clusterName, user, p, read); err != nil {
				t.Fatal(err)
			}
		}
		c.sync(t)
		for _, inst := range c.instances() {
			openSession(t, inst, user, pw2)
			if db, err := login(inst, user, pw); err == nil {
				db.Close()
				t.Errorf("%s: the first password still works", inst.Addr())
			}
		}
		revoke(t, ctx, m, user)
	})

	t.Run("crash after lock", func(t *testing.T) {
		ctx := testContext(t)
		const user = "jit_crash"
		if err := m.Provision(ctx, clusterName, user, pw, read); err != nil {
			t.Fatal(err)
		}
		c.sync(t)
		open := []*sql.Conn{openSession(t, c.writer, user, pw), openSession(t, c.reader, user, pw)}
		if err := m.Lock(ctx, clusterName, user); err != nil {
			t.Fatal(err)
		}
		// The engine died here. The lock holds on both instances...
		for _, inst := range c.instances() {
			refusedLogin(t, inst, user, pw)
		}
		// ... and the next sweep redoes the whole sequence.
		if n := revoke(t, ctx, m, user); n != 2 {
			t.Errorf("the second sequence killed %d sessions, want 2", n)
		}
		for _, s := range open {
			if alive(s) {
				t.Error("a session survived the second sequence")
			}
		}
		c.sync(t)
		verifyGone(t, ctx, m, user) // the refused logins above may still be leaving
	})

	t.Run("login hammering", func(t *testing.T) {
		// Someone retrying the login of a locked user must not keep Kill
		// from finishing: rows still logging in are killed, not waited for.
		ctx := testContext(t)
		const user = "jit_hammer"
		if err := m.Provision(ctx, clusterName, user, pw, read); err != nil {
			t.Fatal(err)
		}
		c.sync(t)
		open := openSession(t, c.reader, user, pw)
		if err := m.Lock(ctx, clusterName, user); err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for _, inst := range c.instances() {
			for range 4 {
				wg.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						if db, err := login(inst, user, pw); err == nil {
							db.Close()
							t.Error("a locked user logged in")
						}
					}
				})
			}
		}
		began := time.Now()
		n, err := m.Kill(ctx, clusterName, user)
		took := time.Since(began)
		close(stop)
		wg.Wait()
		if err != nil || n != 1 {
			t.Errorf("Kill under login hammering: %d sessions, %v (after %v)", n, err, took)
		}
		if alive(open) {
			t.Error("the open session survived")
		}
		t.Logf("Kill under login hammering took %v", took.Round(time.Millisecond))
		if err := m.Drop(ctx, clusterName, user); err != nil {
			t.Fatal(err)
		}
		c.sync(t)
		verifyGone(t, ctx, m, user)
	})

	t.Run("hostile names", func(t *testing.T) {
		ctx := testContext(t)
		c.writer.Exec(t, "CREATE DATABASE `sh_p`; CREATE TABLE `sh_p`.t (id INT); CREATE DATABASE shxp; CREATE TABLE shxp.t (id INT);"+
			"GRANT SELECT ON "+grantTarget("sh_p")+" TO "+account(adminUser)+" WITH GRANT OPTION")
		hostile := []string{
			`a'b`, "x`; DROP DATABASE shop; --", `x' OR '1'='1`, "ACCOUNT LOCK", "Bob", "bob", "ü名 user", `pct%`, strings.Repeat("z", 32),
		}
		hostilePw := `p'w"; DROP DATABASE shop; -- ` + "`x`"
		p := bastion.Privileges{Privileges: []string{"select"}, Schemas: []string{"sh_p", "shop"}}
		for _, u := range hostile {
			if err := m.Provision(ctx, clusterName, u, hostilePw, p); err != nil {
				t.Fatalf("Provision(%q): %v", u, err)
			}
		}
		c.sync(t)
		for _, u := range hostile {
			s := openSession(t, c.reader, u, hostilePw)
			var n int
			if err := s.QueryRowContext(ctx, "SELECT COUNT(*) FROM `sh_p`.t").Scan(&n); err != nil {
				t.Errorf("%q cannot read sh_p: %v", u, err)
			}
			if err := s.QueryRowContext(ctx, "SELECT COUNT(*) FROM shxp.t").Scan(&n); err == nil {
				t.Errorf("%q reads shxp: the grant on sh_p was taken as a wildcard", u)
			}
		}
		// Revoking "bob" leaves "Bob" (names are case-sensitive), and the
		// account named "ACCOUNT LOCK" is not taken for locked.
		bob := openSession(t, c.writer, "Bob", hostilePw)
		if err := m.Lock(ctx, clusterName, "ACCOUNT LOCK"); err != nil {
			t.Fatal(err)
		}
		revoke(t, ctx, m, "bob")
		if !alive(bob) {
			t.Error(`revoking "bob" killed "Bob"'s session`)
		}
		for _, u := range hostile {
			revoke(t, ctx, m, u)
		}
		c.sync(t)
		for _, inst := range c.instances() {
			if n := count(t, inst, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'shop'"); n != 1 {
				t.Errorf("%s: schema shop gone", inst.Addr())
			}
		}
		for _, u := range hostile {
			if exists, n, err := m.Verify(ctx, clusterName, u); err != nil || exists || n != 0 {
				t.Errorf("Verify(%q) = %v, %d, %v", u, exists, n, err)
			}
		}

		for _, bad := range []string{"", `back\slash`, "nul\x00", "new\nline", strings.Repeat("z", 33), "\xff", adminUser} {
			err := m.Provision(ctx, clusterName, bad, pw, read)
			if err == nil {
				t.Errorf("Provision(%q) accepted", bad)
			}
			for _, f := range []func() error{
				func() error { return m.Lock(ctx, clusterName, bad) },
				func() error { _, err := m.Kill(ctx, clusterName, bad); return err },
				func() error { return m.Drop(ctx, clusterName, bad) },
			} {
				if f() == nil {
					t.Errorf("a revocation step accepted %q", bad)
				}
			}
		}
		for _, bad := range []string{"", `p\w`, "p\x00w"} {
			err := m.Provision(ctx, clusterName, "jit_badpw", bad, read)
			if err == nil {
				t.Errorf("password %q accepted", bad)
			} else if bad != "" && strings.Contains(err.Error(), bad) {
				t.Errorf("the error shows the password: %v", err)
			}
		}
		if n := count(t, c.writer, "SELECT COUNT(*) FROM mysql.user WHERE User NOT IN ('root', 'mariadb.sys', 'replication', ?, 'Bob', '')", adminUser); n != 0 {
			t.Errorf("%d accounts left over", n)
		}
	})

	t.Run("definer fallback", func(t *testing.T) {
		ctx := testContext(t)
		const user = "jit_definer"
		mr := c.manager(t, true)
		if err := mr.Provision(ctx, clusterName, user, pw, read); err != nil {
			t.Fatal(err)
		}
		_, w, f, err := mr.onWriter(ctx, clusterName, user)
		if err != nil {
			t.Fatal(err)
		}
		// MariaDB never refuses DROP USER with 4006; the fallback itself
		// runs on the real server.
		if err := neutralise(ctx, w, f, user); err != nil {
			t.Fatalf("neutralise: %v", err)
		}
		c.sync(t)
		for _, inst := range c.instances() {
			refusedLogin(t, inst, user, pw)
			if n := count(t, inst, "SELECT COUNT(*) FROM mysql.roles_mapping WHERE User = ?", user); n != 0 {
				t.Errorf("%s: %d roles still granted", inst.Addr(), n)
			}
		}
		var grants []string
		rows, err := c.writer.RootDB(t).QueryContext(ctx, "SHOW GRANTS FOR "+account(user))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var g string
			_ = rows.Scan(&g)
			grants = append(grants, g)
		}
		if len(grants) != 1 || !strings.HasPrefix(grants[0], "GRANT USAGE ON *.*") {
			t.Errorf("grants left: %q", grants)
		}
		if exists, _, err := mr.Verify(ctx, clusterName, user); err != nil || !exists {
			t.Errorf("Verify of the kept account = %v, %v; want it reported", exists, err)
		}
		if err := mr.Drop(ctx, clusterName, user); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("50 at once", func(t *testing.T) {
		ctx := testContext(t)
		const n = 50
		began := time.Now()
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				errs[i] = m.Provision(ctx, clusterName, fmt.Sprintf("jit_many_%02d", i), pw, testLevels()[bastion.LevelDML])
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d users provisioned concurrently in %v", n, time.Since(began).Round(time.Millisecond))
		c.sync(t)
		for _, inst := range c.instances() {
			if got := count(t, inst, "SELECT COUNT(*) FROM mysql.user WHERE User LIKE 'jit\\_many\\_%'"); got != n {
				t.Fatalf("%s: %d users provisioned, want %d", inst.Addr(), got, n)
			}
		}
		for i := range n {
			openSession(t, c.instances()[i%2], fmt.Sprintf("jit_many_%02d", i), pw)
		}
		killed := make([]int, n)
		began = time.Now()
		for i := range n {
			wg.Go(func() {
				u := fmt.Sprintf("jit_many_%02d", i)
				if errs[i] = m.Lock(ctx, clusterName, u); errs[i] != nil {
					return
				}
				if killed[i], errs[i] = m.Kill(ctx, clusterName, u); errs[i] != nil {
					return
				}
				errs[i] = m.Drop(ctx, clusterName, u)
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d users locked, killed and dropped concurrently in %v", n, time.Since(began).Round(time.Millisecond))
		total := 0
		for _, k := range killed {
			total += k
		}
		if total != n {
			t.Errorf("killed %d sessions, want %d", total, n)
		}
		c.sync(t)
		for _, inst := range c.instances() {
			if got := count(t, inst, "SELECT COUNT(*) FROM mysql.user WHERE User LIKE 'jit\\_many\\_%'"); got != 0 {
				t.Errorf("%s: %d users left", inst.Addr(), got)
			}
			if got := count(t, inst, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER LIKE 'jit\\_many\\_%'"); got != 0 {
				t.Errorf("%s: %d sessions left", inst.Addr(), got)
			}
		}
	})
}

// TestAuroraTwoAdminKillsThroughRDSKill gives the admin exactly what
// AdminGrants lists for Aurora MySQL 2 — no CONNECTION ADMIN, so KILL of
// another user's session is refused (1095) — and checks that Kill ends
// the sessions through mysql.rds_kill on both instances.
func TestAuroraTwoAdminKillsThroughRDSKill(t *testing.T) {
	aurora2 := flavor.Parse("5.7.mysql_aurora.2.11.2", "2.11.2")
	c := startCluster(t, &aurora2)
	m := c.manager(t, false)
	ctx := testContext(t)
	const user, pw = "jit_a2", "Pw-0123456789abcdefghijklmnopqrstuvwxyz"
	if err := m.Provision(ctx, clusterName, user, pw, testLevels()[bastion.LevelRead]); err != nil {
		t.Fatal(err)
	}
	c.sync(t)
	open := []*sql.Conn{openSession(t, c.writer, user, pw), openSession(t, c.reader, user, pw)}

	admin, err := login(c.writer, adminUser, adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var id int64
	if err := c.writer.RootDB(t).QueryRow("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?", user).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(fmt.Sprintf("KILL CONNECTION %d", id)); mysqlErrorNumber(err) != errNotOwner {
		t.Fatalf("the Aurora-2-shaped admin's own KILL: %v, want error 1095 (the fallback would not be exercised)", err)
	}

	if n := revoke(t, ctx, m, user); n != 2 {
		t.Errorf("killed %d sessions, want 2", n)
	}
	for _, s := range open {
		if alive(s) {
			t.Error("a session survived")
		}
	}
}

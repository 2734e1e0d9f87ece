package collector

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/gmsserver"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/snapshot"
)

// mariaWithFixtures starts a private MariaDB with the realistic and hostile
// fixtures loaded.
func mariaWithFixtures(t *testing.T) *testbed.MariaDB {
	t.Helper()
	m := testbed.StartMariaDB(t)
	for _, s := range fixtures.MariaDB() {
		m.Exec(t, s.SQL)
	}
	return m
}

func gmsWithFixtures(t *testing.T) *gmsserver.Server {
	t.Helper()
	return gmsVersionWithFixtures(t, "")
}

// gmsVersionWithFixtures starts go-mysql-server reporting version ("" is
// its default) with the MySQL 8 fixtures loaded.
func gmsVersionWithFixtures(t *testing.T, version string) *gmsserver.Server {
	t.Helper()
	srv, err := gmsserver.Start(context.Background(), gmsserver.Options{RootPassword: "root", Version: version})
	if err != nil {
		t.Fatalf("starting go-mysql-server: %v", err)
	}
	t.Cleanup(func() {
		srv.Close()
		if version != "" {
			// @@version is process-wide in go-mysql-server; later tests
			// expect the default back.
			if s, err := gmsserver.Start(context.Background(), gmsserver.Options{}); err == nil {
				s.Close()
			}
		}
	})
	db, err := sql.Open("mysql", srv.DSN("root", "root", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range fixtures.MySQL8() {
		if _, err := db.Exec(s.SQL); err != nil {
			t.Fatalf("loading fixture %s into go-mysql-server: %v", s.Name, err)
		}
	}
	return srv
}

func TestTblsEquivalenceMariaDB(t *testing.T) {
	m := mariaWithFixtures(t)
	snap := introspectDSN(t, m.DSN("root", m.RootPassword, ""), Options{})
	if len(snap.Schemas) != len(fixtures.SchemaNames()) {
		t.Fatalf("got %d schemas, want %v", len(snap.Schemas), fixtures.SchemaNames())
	}
	assertTblsEquivalent(t, snap, func(s string) string { return m.DSN("root", m.RootPassword, s) }, true,
		map[string]string{"hostile db": "syntax"})
}

func TestTblsEquivalenceMySQL8(t *testing.T) {
	srv := gmsWithFixtures(t)
	snap := introspectDSN(t, srv.DSN("root", "root", ""), Options{})
	if len(snap.Schemas) == 0 {
		t.Fatal("no schemas read from go-mysql-server")
	}
	if snap.Server.Flavor != "mysql" || !strings.HasPrefix(snap.Server.Version, "8.") {
		t.Errorf("server facts: %+v", snap.Server)
	}
	assertTblsEquivalent(t, snap, func(s string) string { return srv.DSN("root", "root", s) }, false,
		map[string]string{"hostile db": "syntax"})
}

// TestSnapshotContent checks facts of the realistic and hostile fixtures that
// equivalence with tbls alone does not prove.
func TestSnapshotContent(t *testing.T) {
	m := mariaWithFixtures(t)
	snap := introspectDSN(t, m.DSN("root", m.RootPassword, ""), Options{ShowCreateBatch: 3})
	if snap.Variables["max_connections"] == "" || snap.Server.Flavor != "mariadb" {
		t.Errorf("server facts missing: %+v, %d variables", snap.Server, len(snap.Variables))
	}
	var tables, withRows, ddl int
	for _, sc := range snap.Schemas {
		for _, ti := range sc.Tables {
			tables++
			if ti.Rows > 0 && ti.DataLength > 0 {
				withRows++
			}
		}
		for _, tt := range sc.Tbls.Tables {
			if tt.Type == "BASE TABLE" {
				if tt.Def == "" {
					t.Errorf("%s.%s: no DDL", sc.Name, tt.Name)
				}
				if strings.Contains(tt.Def, ") ENGINE=") && strings.Contains(tt.Def, "AUTO_INCREMENT=") {
					t.Errorf("%s.%s: AUTO_INCREMENT=N left in DDL:\n%s", sc.Name, tt.Name, tt.Def)
				}
				ddl++
			}
		}
	}
	if withRows == 0 || ddl == 0 || tables < 15 {
		t.Errorf("tables=%d withRows=%d ddl=%d: fixtures not fully read", tables, withRows, ddl)
	}
	for _, w := range snap.Warnings {
		t.Errorf("unexpected warning as root: %s", w)
	}
}

// TestDeterministicSnapshots crawls the same server twice; with the clock
// pinned, the snapshot files must be byte-identical.
func TestDeterministicSnapshots(t *testing.T) {
	m := mariaWithFixtures(t)
	target := Target{Name: "det", Host: m.Host, Port: m.Port, User: "root", Password: m.RootPassword}
	now := func() time.Time { return time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC) }
	var files [2][]byte
	for i := range files {
		err := Crawl(context.Background(), []Target{target}, FleetOptions{Now: now, Introspect: Options{Connections: 1 + i*3, ShowCreateBatch: 2 + i*40}},
			func(_ context.Context, r Result) error {
				if r.Err != nil {
					return r.Err
				}
				var buf bytes.Buffer
				if err := snapshot.Write(&buf, r.Snapshot); err != nil {
					return err
				}
				files[i] = buf.Bytes()
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files[0]) == 0 || !bytes.Equal(files[0], files[1]) {
		t.Fatal("two crawls of an unchanged server (different connection counts and batch sizes) gave different snapshot bytes")
	}
}

// TestReadOnlySession proves the crawl session cannot write.
func TestReadOnlySession(t *testing.T) {
	m := testbed.StartMariaDB(t)
	m.Exec(t, "CREATE DATABASE ro; CREATE TABLE ro.t (id INT PRIMARY KEY)")
	db, err := sql.Open("mysql", m.DSN("root", m.RootPassword, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	sess, err := openSession(ctx, db, sessionOptions{conns: 2, statementTimeout: time.Second, lockWaitTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.close()
	for i, c := range sess.all {
		_, err := c.ExecContext(ctx, "INSERT INTO ro.t VALUES (?)", i)
		var me *mysql.MySQLError
		if !errors.As(err, &me) || me.Number != 1792 { // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
			t.Errorf("connection %d: INSERT in the crawl session: want error 1792, got %v", i, err)
		}
		var stmtTime string
		if err := c.QueryRowContext(ctx, "SELECT @@SESSION.max_statement_time").Scan(&stmtTime); err != nil || !strings.HasPrefix(stmtTime, "1") {
			t.Errorf("connection %d: max_statement_time = %q (%v), want 1", i, stmtTime, err)
		}
	}
}

// TestLeastPrivilegeCrawl crawls with exactly the grants docs/grants.md
// lists: every granted schema is documented, the ungranted one is absent
// with a warning, nothing fails.
func TestLeastPrivilegeCrawl(t *testing.T) {
	m := mariaWithFixtures(t)
	m.Exec(t, `CREATE DATABASE secret_hr; CREATE TABLE secret_hr.salary (id INT PRIMARY KEY, amount INT);
CREATE USER 'auroradoc'@'%' IDENTIFIED BY 'crawl-pw';
GRANT SELECT, SHOW VIEW ON shop.* TO 'auroradoc'@'%';
GRANT SELECT, SHOW VIEW ON billing.* TO 'auroradoc'@'%';
GRANT SELECT ON mysql.proc TO 'auroradoc'@'%';`)
	db, err := sql.Open("mysql", m.DSN("auroradoc", "crawl-pw", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snap, err := Introspect(context.Background(), db, Options{ExplicitSchemas: []string{"shop", "billing", "secret_hr"}})
	if err != nil {
		t.Fatalf("crawl with minimal grants failed: %v", err)
	}
	var names []string
	for _, s := range snap.Schemas {
		names = append(names, s.Name)
		if len(s.Tbls.Tables) == 0 {
			t.Errorf("schema %s: no tables visible", s.Name)
		}
		if s.Name == "shop" && len(s.Tbls.Functions) == 0 {
			t.Errorf("schema shop: routines not visible with SELECT ON mysql.proc")
		}
		for _, tt := range s.Tbls.Tables {
			if tt.Type == "VIEW" && tt.Def == "" {
				t.Errorf("view %s.%s: definition hidden despite SHOW VIEW", s.Name, tt.Name)
			}
			if tt.Type == "BASE TABLE" && tt.Def == "" {
				t.Errorf("table %s.%s: no DDL", s.Name, tt.Name)
			}
		}
	}
	if strings.Join(names, ",") != "billing,shop" {
		t.Errorf("schemas = %v, want billing,shop", names)
	}
	want := []string{"schema secret_hr: not visible", "schema shop: triggers not visible", "schema billing: triggers not visible"}
	all := strings.Join(snap.Warnings, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("missing warning %q in:\n%s", w, all)
		}
	}
}

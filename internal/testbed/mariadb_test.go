package testbed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func version(t *testing.T, db *sql.DB) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var v string
	err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&v)
	return v, err
}

func TestStartMariaDBSideBySideAndKill(t *testing.T) {
	t.Parallel()
	// Started from the test goroutine: StartMariaDB may t.Skip or t.Fatal.
	a := StartMariaDB(t)
	b := StartMariaDB(t)
	if a.Port == b.Port || a.dir == b.dir {
		t.Fatalf("instances share port or dir: %s %s / %s %s", a.Addr(), a.dir, b.Addr(), b.dir)
	}
	if a.RootPassword == b.RootPassword {
		t.Errorf("instances share root password %q", a.RootPassword)
	}
	dbA, dbB := a.RootDB(t), b.RootDB(t)
	for _, c := range []struct {
		m  *MariaDB
		db *sql.DB
	}{{a, dbA}, {b, dbB}} {
		v, err := version(t, c.db)
		if err != nil {
			t.Fatalf("SELECT VERSION() on %s: %v", c.m.Addr(), err)
		}
		if !strings.Contains(v, "MariaDB") || v != c.m.Version {
			t.Fatalf("VERSION() on %s = %q, want MariaDB matching Version field %q", c.m.Addr(), v, c.m.Version)
		}
	}

	a.Kill()
	if _, err := version(t, dbA); err == nil {
		t.Fatalf("query on killed %s succeeded", a.Addr())
	}
	fresh, err := sql.Open("mysql", a.DSN(a.RootUser, a.RootPassword, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := version(t, fresh); err == nil {
		t.Fatalf("new connection to killed %s succeeded", a.Addr())
	}
	if v, err := version(t, dbB); err != nil || !strings.Contains(v, "MariaDB") {
		t.Fatalf("surviving %s: VERSION() = %q, %v", b.Addr(), v, err)
	}
	a.Kill() // twice is fine
	a.Stop() // and so is Stop after Kill
}

func TestExecAndDSN(t *testing.T) {
	t.Parallel()
	m := StartMariaDB(t)
	m.Exec(t, `CREATE DATABASE shop;
		CREATE TABLE shop.item (id INT PRIMARY KEY, name VARCHAR(20));
		INSERT INTO shop.item VALUES (1, 'apple'), (2, 'pear');
		CREATE USER 'reader'@'%' IDENTIFIED BY 'pw';
		GRANT SELECT ON shop.* TO 'reader'@'%';`)

	db, err := sql.Open("mysql", m.DSN("reader", "pw", "shop"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM item").Scan(&n); err != nil || n != 2 {
		t.Fatalf("count via reader DSN = %d, %v; want 2", n, err)
	}
	// multiStatements=true and parseTime=false: DATETIME comes back as text.
	var a, b int
	var ts any
	rows, err := db.Query("SELECT 1; SELECT 2")
	if err != nil {
		t.Fatalf("multi-statement query: %v", err)
	}
	rows.Next()
	_ = rows.Scan(&a)
	rows.NextResultSet()
	rows.Next()
	_ = rows.Scan(&b)
	rows.Close()
	if a != 1 || b != 2 {
		t.Fatalf("multi-statement results = %d, %d", a, b)
	}
	if err := db.QueryRow("SELECT CAST('2024-01-02 03:04:05' AS DATETIME)").Scan(&ts); err != nil {
		t.Fatal(err)
	}
	if _, ok := ts.([]byte); !ok {
		t.Fatalf("DATETIME scanned as %T, want []byte (parseTime=false)", ts)
	}

	if err := denied(m.DSN("root", "wrong", "")); err == nil {
		t.Fatal("root with a wrong password was accepted")
	}
	if err := denied(m.DSN("root", "", "")); err == nil {
		t.Fatal("root without a password was accepted")
	}
}

func denied(dsn string) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Ping()
}

// recordingTB captures Fatalf/Skipf instead of ending the real test. Call
// the code under test through run, because those methods stop the goroutine.
type recordingTB struct {
	testing.TB
	mu      sync.Mutex
	fatal   string
	skipped string
}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.fatal = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recordingTB) Skipf(format string, args ...any) {
	r.mu.Lock()
	r.skipped = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recordingTB) run(f func(tb testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
}

func TestExecFailureReportsServerError(t *testing.T) {
	t.Parallel()
	m := StartMariaDB(t)
	// The failing statement is not the first one: the error must still surface.
	r := &recordingTB{TB: t}
	r.run(func(tb testing.TB) { m.Exec(tb, "CREATE DATABASE ok1; CREATE TABLE nodb.t (id INT)") })
	if !strings.Contains(r.fatal, "nodb") || !strings.Contains(r.fatal, "1049") {
		t.Fatalf("Exec failure message = %q, want the server error about unknown database nodb", r.fatal)
	}
}

func TestWithOptions(t *testing.T) {
	t.Parallel()
	m := StartMariaDB(t, WithServerArgs("--max-connections=17"), WithRootPassword(`it's\secret`))
	if m.RootPassword != `it's\secret` {
		t.Fatalf("RootPassword = %q", m.RootPassword)
	}
	var n int
	if err := m.RootDB(t).QueryRow("SELECT @@max_connections").Scan(&n); err != nil || n != 17 {
		t.Fatalf("@@max_connections = %d, %v; want 17", n, err)
	}
}

func TestStopAndCleanupRemoveEverything(t *testing.T) {
	t.Parallel()
	var m *MariaDB
	t.Run("instance", func(t *testing.T) {
		m = StartMariaDB(t)
		m.Stop()
		if _, err := os.Stat(m.pidFile); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("pid file after graceful Stop: %v, want it removed by mariadbd", err)
		}
		if err := denied(m.DSN(m.RootUser, m.RootPassword, "")); err == nil {
			t.Error("stopped server still accepts connections")
		}
		m.Stop()
	})
	if m == nil {
		t.FailNow()
	}
	if _, err := os.Stat(m.dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s after cleanup: %v, want it removed", m.dir, err)
	}
}

func TestCleanupAfterKillRemovesFiles(t *testing.T) {
	t.Parallel()
	var m *MariaDB
	t.Run("instance", func(t *testing.T) {
		m = StartMariaDB(t)
		m.Kill()
	})
	if m == nil {
		t.FailNow()
	}
	if _, err := os.Stat(m.dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s after cleanup: %v, want it removed", m.dir, err)
	}
}

func TestMissingBinariesSkipOrFailUnderCI(t *testing.T) {
	nowhere := searchPaths{
		server:    []string{"/nonexistent/sbin/mariadbd", "no-such-mariadbd-binary"},
		installDB: []string{"/nonexistent/bin/mariadb-install-db"},
	}
	for _, c := range []struct {
		name, ci, override string
		wantSkip           bool
	}{
		{"local", "", "", true},
		{"ci", "true", "", false},
		{"broken override", "", "/nonexistent/mariadbd", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{"CI": c.ci, serverEnv: c.override}
			r := &recordingTB{TB: t}
			r.run(func(tb testing.TB) { requireBinaries(tb, func(k string) string { return env[k] }, nowhere) })
			got := r.fatal
			if c.wantSkip {
				got = r.skipped
			}
			if got == "" {
				t.Fatalf("want skip=%v; got fatal %q, skip %q", c.wantSkip, r.fatal, r.skipped)
			}
			if !strings.Contains(got, "apt-get install -y mariadb-server") {
				t.Errorf("message %q does not say what to install", got)
			}
		})
	}
}

func TestQuoteSQL(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:      `'plain'`,
		`it's`:       `'it''s'`,
		`back\slash`: `'back\\slash'`,
	} {
		if got := quoteSQL(in); got != want {
			t.Errorf("quoteSQL(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestLaunchOnTakenPortReportsErrPortTaken(t *testing.T) {
	t.Parallel()
	bins := requireBinaries(t, os.Getenv, defaultSearch())
	wd, err := newWorkDir()
	if err != nil {
		t.Fatal(err)
	}
	m := newMariaDB(wd.path)
	t.Cleanup(func() {
		m.Kill()
		_ = wd.remove()
	})
	cfg := newConfig(nil)
	m.RootPassword = "pw"
	if err := m.install(t.Context(), bins, cfg); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	m.Port = l.Addr().(*net.TCPAddr).Port
	err = m.launch(t.Context(), bins, cfg)
	if !errors.Is(err, errPortTaken) {
		t.Fatalf("launch on a taken port: %v, want errPortTaken so StartMariaDB retries", err)
	}
}

func TestStartFailuresExplainThemselves(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		opt  Option
		want []string
	}{
		{"timeout", WithStartTimeout(time.Millisecond), []string{"did not accept connections within 1ms", "error.log"}},
		{"bad option", WithServerArgs("--no-such-option-xyz"), []string{"no-such-option-xyz"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := &recordingTB{TB: t}
			r.run(func(tb testing.TB) { StartMariaDB(tb, c.opt) })
			if r.skipped != "" {
				t.Skip(r.skipped)
			}
			t.Logf("failure message: %s", r.fatal)
			for _, w := range c.want {
				if !strings.Contains(r.fatal, w) {
					t.Errorf("failure message lacks %q:\n%s", w, r.fatal)
				}
			}
		})
	}
}

// TestStartReplicated: what the writer does reaches the reader, the reader
// refuses writes from non-admin accounts, and a 127.0.0.1 login of a
// 'u'@'%' account is not shadowed by an anonymous account.
func TestStartReplicated(t *testing.T) {
	writer, reader := StartReplicated(t)
	writer.Exec(t, "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY); INSERT INTO shop.t VALUES (1), (2);"+
		"CREATE USER 'u'@'%' IDENTIFIED BY 'pw'; GRANT SELECT, INSERT ON shop.* TO 'u'@'%'")
	SyncReplica(t, writer, reader)
	for _, m := range []*MariaDB{reader, writer} { // reader first: the writer's INSERT replicates
		db, err := sql.Open("mysql", m.DSN("u", "pw", "shop"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != 2 {
			t.Errorf("%s: 'u'@'%%' reads %d rows, %v; want 2", m.Addr(), n, err)
		}
		_, err = db.Exec("INSERT INTO t VALUES (3)")
		if m == reader && err == nil {
			t.Errorf("reader %s accepted a write from a plain account", m.Addr())
		}
		if m == writer && err != nil {
			t.Errorf("writer %s: %v", m.Addr(), err)
		}
	}
}

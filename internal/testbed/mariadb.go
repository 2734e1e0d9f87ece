package testbed

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

const (
	host          = "127.0.0.1"
	installTime   = 2 * time.Minute  // bound on mariadb-install-db
	stopTimeout   = 30 * time.Second // graceful shutdown before SIGKILL
	execTimeout   = 5 * time.Minute  // bound on one Exec script
	startAttempts = 3                // tries with a fresh port when it was taken meanwhile
	maxSocketPath = 100              // sun_path is 108 bytes on Linux
)

// MariaDB is one private mariadbd started by StartMariaDB.
type MariaDB struct {
	Host         string // always 127.0.0.1
	Port         int
	RootUser     string // "root"
	RootPassword string
	Version      string // SELECT VERSION(), e.g. "10.11.19-MariaDB-0+deb12u1"

	dir      string // holds everything below; removed on cleanup
	datadir  string
	socket   string
	pidFile  string
	errorLog string
	outLog   string // mariadbd stdout/stderr

	cmd         *exec.Cmd
	exited      chan struct{} // closed once the process has been reaped
	installTook time.Duration
}

// StartMariaDB starts a private mariadbd and waits until root can log in over
// TCP with RootPassword. It has its own temporary directory (datadir, unix
// socket, pid file, error log), its own free port on 127.0.0.1, runs with
// --no-defaults and normal password authentication. t.Cleanup stops it and
// removes its files.
//
// When MariaDB is not installed the test is skipped, or failed if CI=true.
// AURORADOC_MARIADBD overrides the mariadbd binary.
func StartMariaDB(t testing.TB, opts ...Option) *MariaDB {
	t.Helper()
	cfg := newConfig(opts)
	bins := requireBinaries(t, os.Getenv, defaultSearch())

	began := time.Now()
	sweepStaleDirs()
	wd, err := newWorkDir()
	if err != nil {
		t.Fatalf("testbed: %v", err)
	}
	m := newMariaDB(wd.path)
	t.Cleanup(func() {
		if _, err := os.Stat(m.errorLog); err == nil && t.Failed() {
			t.Logf("testbed: tail of %s (mariadbd on %s):\n%s", m.errorLog, m.Addr(), fileTail(m.errorLog, 20))
		}
		m.Stop()
		if err := wd.remove(); err != nil {
			t.Errorf("testbed: %v", err)
		}
	})

	if err := m.start(t.Context(), bins, cfg); err != nil {
		t.Fatalf("testbed: %v", err)
	}
	t.Logf("testbed: MariaDB %s ready on %s in %v (install %v) in %s", m.Version, m.Addr(),
		time.Since(began).Round(time.Millisecond), m.installTook.Round(time.Millisecond), m.dir)
	return m
}

// newMariaDB lays out an instance's files in dir.
func newMariaDB(dir string) *MariaDB {
	return &MariaDB{
		Host:     host,
		RootUser: "root",
		dir:      dir,
		datadir:  filepath.Join(dir, "data"),
		socket:   filepath.Join(dir, "mariadbd.sock"),
		pidFile:  filepath.Join(dir, "mariadbd.pid"),
		errorLog: filepath.Join(dir, "error.log"),
		outLog:   filepath.Join(dir, "mariadbd.out"),
	}
}

// Addr returns "127.0.0.1:port".
func (m *MariaDB) Addr() string {
	return net.JoinHostPort(m.Host, strconv.Itoa(m.Port))
}

// DSN returns a go-sql-driver/mysql DSN for user over tcp(Addr()), with
// multiStatements=true and parseTime=false. db may be "".
func (m *MariaDB) DSN(user, password, db string) string {
	c := mysql.NewConfig()
	c.User = user
	c.Passwd = password
	c.Net = "tcp"
	c.Addr = m.Addr()
	c.DBName = db
	c.MultiStatements = true
	c.ParseTime = false
	c.Timeout = 10 * time.Second
	return c.FormatDSN()
}

// RootDB returns a pool connected as root (multiStatements on), closed on
// t's cleanup.
func (m *MariaDB) RootDB(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", m.DSN(m.RootUser, m.RootPassword, ""))
	if err != nil {
		t.Fatalf("testbed: opening root connection to %s: %v", m.Addr(), err)
	}
	t.Cleanup(func() { _ = db.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("testbed: connecting as root to %s: %v", m.Addr(), err)
	}
	return db
}

// Exec runs a (multi-statement) SQL script as root on a fresh connection and
// fails the test with the server's error if any statement fails.
func (m *MariaDB) Exec(t testing.TB, sqlText string) {
	t.Helper()
	db, err := sql.Open("mysql", m.DSN(m.RootUser, m.RootPassword, ""))
	if err != nil {
		t.Fatalf("testbed: opening root connection to %s: %v", m.Addr(), err)
	}
	defer db.Close()
	// Not t.Context(): Exec may be called from a cleanup, when that is done.
	ctx, cancel := context.WithTimeout(context.Background(), execTimeout)
	defer cancel()
	if _, err := db.ExecContext(ctx, sqlText); err != nil {
		t.Fatalf("testbed: running SQL as root on %s: %v\nSQL: %s", m.Addr(), err, abbreviate(sqlText, 400))
	}
}

// Kill SIGKILLs the server, as if it crashed, and waits until it is gone.
// Safe to call more than once and after Stop; cleanup still removes the files.
func (m *MariaDB) Kill() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	select {
	case <-m.exited:
		return
	default:
	}
	_ = m.cmd.Process.Kill() // fails only if it already exited
	<-m.exited
}

// Stop shuts the server down gracefully (SIGTERM), falling back to SIGKILL
// after 30s. Safe to call more than once and after Kill.
func (m *MariaDB) Stop() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	select {
	case <-m.exited:
		return
	default:
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.exited:
	case <-time.After(stopTimeout):
		m.Kill()
	}
}

// start initialises the datadir and launches the server, retrying with a new
// port when another process grabbed the chosen one in between.
func (m *MariaDB) start(ctx context.Context, bins binaries, cfg config) error {
	if len(m.socket) > maxSocketPath {
		return fmt.Errorf("unix socket path %s is too long (%d bytes, max %d); set TMPDIR to a shorter directory", m.socket, len(m.socket), maxSocketPath)
	}
	m.RootPassword = cfg.rootPassword
	if m.RootPassword == "" {
		pw, err := randomPassword()
		if err != nil {
			return err
		}
		m.RootPassword = pw
	}
	began := time.Now()
	if err := m.install(ctx, bins, cfg); err != nil {
		return err
	}
	m.installTook = time.Since(began)
	var err error
	for attempt := 1; attempt <= startAttempts; attempt++ {
		if m.Port, err = FreePort(); err != nil {
			return err
		}
		err = m.launch(ctx, bins, cfg)
		if !errors.Is(err, errPortTaken) {
			return err
		}
	}
	return err
}

// commonArgs are the mariadbd options used both for bootstrapping the datadir
// and for running the server.
func (m *MariaDB) commonArgs(bins binaries) []string {
	args := []string{
		"--basedir=" + bins.basedir,
		"--datadir=" + m.datadir,
		"--tmpdir=" + m.dir,
		"--skip-log-bin",
		"--innodb-buffer-pool-size=32M",
		"--innodb-log-file-size=8M",
		// Native AIO contexts are a machine-wide budget (fs.aio-max-nr) that
		// many parallel servers can exhaust; tests do not need them.
		"--innodb-use-native-aio=0",
	}
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	return args
}

// install creates the datadir with mariadb-install-db, setting the root
// password for localhost, 127.0.0.1 and ::1 and dropping hostname and
// anonymous accounts.
func (m *MariaDB) install(ctx context.Context, bins binaries, cfg config) error {
	initSQL := filepath.Join(m.dir, "init.sql")
	pw := quoteSQL(m.RootPassword)
	script := "UPDATE mysql.global_priv SET priv = JSON_SET(priv, '$.plugin', 'mysql_native_password', " +
		"'$.authentication_string', PASSWORD(" + pw + ")) WHERE User = 'root';\n" +
		"DELETE FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1');\n" +
		"DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost', '127.0.0.1', '::1');\n" +
		// The anonymous ''@'localhost' accounts would shadow a test's
		// 'u'@'%' for logins over 127.0.0.1.
		"DELETE FROM mysql.global_priv WHERE User = '';\n"
	if err := os.WriteFile(initSQL, []byte(script), 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", initSQL, err)
	}
	args := append([]string{
		"--no-defaults",
		"--auth-root-authentication-method=normal",
		"--skip-test-db",
		"--skip-name-resolve",
		"--extra-file=" + initSQL,
	}, m.commonArgs(bins)...)
	// Settings such as --lower-case-table-names must be fixed at creation.
	args = append(args, cfg.serverArgs...)

	ictx, cancel := context.WithTimeout(ctx, installTime)
	defer cancel()
	cmd := exec.CommandContext(ictx, bins.installDB, args...)
	cmd.Env = append(os.Environ(), "MYSQLD_BOOTSTRAP="+bins.server)
	cmd.SysProcAttr = serverProcAttr()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("initialising datadir %s with %s: %w\n%s", m.datadir, bins.installDB, err, errorsOrTail(out, 30))
	}
	return nil
}

// errPortTaken reports that mariadbd could not bind its port.
var errPortTaken = errors.New("port already in use")

// launch starts mariadbd on m.Port and waits until root can log in.
func (m *MariaDB) launch(ctx context.Context, bins binaries, cfg config) error {
	for _, p := range []string{m.errorLog, m.outLog, m.pidFile, m.socket} {
		_ = os.Remove(p) // leftovers of a failed attempt
	}
	args := append([]string{"--no-defaults"}, m.commonArgs(bins)...)
	args = append(args,
		"--port="+strconv.Itoa(m.Port),
		"--bind-address="+host,
		"--socket="+m.socket,
		"--pid-file="+m.pidFile,
		"--log-error="+m.errorLog,
		"--skip-name-resolve",
	)
	args = append(args, cfg.serverArgs...)

	out, err := os.Create(m.outLog)
	if err != nil {
		return fmt.Errorf("creating %s: %w", m.outLog, err)
	}
	defer out.Close() // the child keeps its own descriptor
	cmd := exec.Command(bins.server, args...)
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.SysProcAttr = serverProcAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s in %s: %w", bins.server, m.dir, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	m.cmd, m.exited = cmd, exited

	if err := m.waitReady(ctx, cfg.startTimeout); err != nil {
		m.Kill()
		return err
	}
	return nil
}

// waitReady polls until root can log in over TCP, the process exits, or
// timeout passes.
func (m *MariaDB) waitReady(ctx context.Context, timeout time.Duration) error {
	db, err := sql.Open("mysql", m.DSN(m.RootUser, m.RootPassword, ""))
	if err != nil {
		return fmt.Errorf("opening probe connection to %s: %w", m.Addr(), err)
	}
	defer db.Close()
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var lastErr error
	for {
		select {
		case <-m.exited:
			log := fileTail(m.errorLog, 30)
			if bindFailed(log) {
				return fmt.Errorf("mariadbd on port %d: %w", m.Port, errPortTaken)
			}
			return fmt.Errorf("mariadbd in %s exited during startup (%v); tail of %s:\n%s\nstdout/stderr:\n%s",
				m.dir, m.cmd.ProcessState, m.errorLog, log, fileTail(m.outLog, 10))
		case <-ctx.Done():
			why := fmt.Sprintf("did not accept connections within %v", timeout)
			if parent.Err() != nil {
				why = fmt.Sprintf("start abandoned: %v", context.Cause(parent))
			}
			return fmt.Errorf("mariadbd on %s %s (last connection error: %v); tail of %s:\n%s",
				m.Addr(), why, lastErr, m.errorLog, fileTail(m.errorLog, 30))
		case <-tick.C:
		}
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		lastErr = db.QueryRowContext(pctx, "SELECT VERSION()").Scan(&m.Version)
		pcancel()
		if lastErr == nil {
			return nil
		}
		if me := (*mysql.MySQLError)(nil); errors.As(lastErr, &me) && me.Number == 1045 {
			return fmt.Errorf("mariadbd on %s is up but rejects root's password (datadir setup went wrong): %w", m.Addr(), lastErr)
		}
		// After a bind failure mariadbd takes seconds to shut InnoDB down;
		// no need to wait for that.
		if b, err := os.ReadFile(m.errorLog); err == nil && bindFailed(string(b)) {
			return fmt.Errorf("mariadbd on port %d: %w", m.Port, errPortTaken)
		}
	}
}

// bindFailed reports whether an error log says the TCP port was taken.
func bindFailed(errorLog string) bool {
	return strings.Contains(errorLog, "Bind on TCP/IP port") || strings.Contains(errorLog, "Address already in use")
}

// FreePort asks the kernel for a free TCP port on 127.0.0.1 (for any
// server a test starts).
func FreePort() (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return 0, fmt.Errorf("finding a free port on %s: %w", host, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating a root password: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// quoteSQL returns s as a single-quoted SQL string literal.
func quoteSQL(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `''`, "\x00", `\0`)
	return "'" + r.Replace(s) + "'"
}

// abbreviate shortens s for error messages.
func abbreviate(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("... (%d more bytes)", len(s)-n)
}

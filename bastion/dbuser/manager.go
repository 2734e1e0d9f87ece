package dbuser

import (
	"context"
	"crypto/x509"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/dbtls"
	"github.com/auroradoc/auroradoc/internal/flavor"
)

var _ bastion.Database = (*Manager)(nil)

// Cluster is how the Manager reaches one cluster.
type Cluster struct {
	// Name is the cluster's name in requests.
	Name string
	// Instances are the host:port of every instance endpoint, the writer
	// and every reader (not the cluster or reader endpoints: those pick
	// one instance, and sessions on the others would survive).
	Instances []string
	// User and Password are the engine's admin login (see AdminGrants).
	User, Password string
	// TLS is how the instances are reached (internal/dbtls): "" or
	// "false" (none), "true" (verified against RootCAs, or the system
	// trust store when nil), "skip-verify" or "preferred".
	TLS     string
	RootCAs *x509.CertPool
	// Roles grants a level's privileges through a role (MySQL 8, Aurora
	// MySQL 3, MariaDB) instead of directly; servers without roles (MySQL
	// 5.7, Aurora MySQL 2) always get direct grants. Roles need ROLE_ADMIN
	// on MySQL 8 (see AdminGrants).
	Roles bool
}

// String names the cluster and its instances, never the password.
func (c Cluster) String() string {
	return fmt.Sprintf("%s (%s as %s)", c.Name, strings.Join(c.Instances, ", "), c.User)
}

// Options tune a Manager; the zero value is usable.
type Options struct {
	// Logger gets one line per account change and killed session;
	// slog.Default() when nil. Passwords are never logged.
	Logger *slog.Logger
	// SettleTimeout bounds how long Lock waits for every instance to see
	// the lock and Kill waits for killed sessions to leave the process
	// list (default 30s).
	SettleTimeout time.Duration
	// ConnectTimeout bounds connecting to one instance (default 5s).
	ConnectTimeout time.Duration
}

// Manager manages the temporary users of a set of clusters. It is safe
// for concurrent use.
type Manager struct {
	log      *slog.Logger
	settle   time.Duration
	clusters map[string]*cluster
}

// cluster is one configured cluster with its open instance pools.
type cluster struct {
	cfg       Cluster
	instances []*instance
}

// instance is one instance endpoint: a small connection pool and the
// server's flavor, read on first use.
type instance struct {
	addr string
	db   *sql.DB

	mu     sync.Mutex
	flavor *flavor.Flavor
}

// New checks the clusters and opens (lazily connecting) a small pool per
// instance endpoint. Close releases them.
func New(clusters []Cluster, o Options) (*Manager, error) {
	m := &Manager{log: o.Logger, settle: o.SettleTimeout, clusters: map[string]*cluster{}}
	if m.log == nil {
		m.log = slog.Default()
	}
	if m.settle <= 0 {
		m.settle = 30 * time.Second
	}
	connect := o.ConnectTimeout
	if connect <= 0 {
		connect = 5 * time.Second
	}
	for _, c := range clusters {
		if err := m.add(c, connect); err != nil {
			_ = m.Close()
			return nil, err
		}
	}
	return m, nil
}

// add opens the pools of one cluster.
func (m *Manager) add(c Cluster, connect time.Duration) error {
	switch {
	case c.Name == "":
		return errors.New("dbuser: a cluster without a name")
	case m.clusters[c.Name] != nil:
		return fmt.Errorf("dbuser: cluster %q configured twice", c.Name)
	case len(c.Instances) == 0:
		return fmt.Errorf("dbuser: cluster %q has no instance endpoints", c.Name)
	case c.User == "":
		return fmt.Errorf("dbuser: cluster %q has no admin user", c.Name)
	}
	cl := &cluster{cfg: c}
	m.clusters[c.Name] = cl
	seen := map[string]bool{}
	for _, addr := range c.Instances {
		if seen[addr] {
			return fmt.Errorf("dbuser: cluster %q lists instance %s twice", c.Name, addr)
		}
		seen[addr] = true
		cfg := mysql.NewConfig()
		cfg.User, cfg.Passwd = c.User, c.Password
		cfg.Net, cfg.Addr = "tcp", addr
		cfg.Timeout, cfg.ReadTimeout, cfg.WriteTimeout = connect, time.Minute, time.Minute
		if err := dbtls.Apply(cfg, c.TLS, c.RootCAs); err != nil {
			return fmt.Errorf("dbuser: cluster %q: %w", c.Name, err)
		}
		conn, err := mysql.NewConnector(cfg)
		if err != nil {
			return fmt.Errorf("dbuser: cluster %q instance %s: %w", c.Name, addr, err)
		}
		db := sql.OpenDB(conn)
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(2)
		db.SetConnMaxIdleTime(time.Minute)
		cl.instances = append(cl.instances, &instance{addr: addr, db: db})
	}
	return nil
}

// Close closes every pool.
func (m *Manager) Close() error {
	var errs []error
	for _, c := range m.clusters {
		for _, in := range c.instances {
			errs = append(errs, in.db.Close())
		}
	}
	return errors.Join(errs...)
}

// cluster returns the named cluster, and checks that user is a name this
// package manages and not the admin login itself.
func (m *Manager) cluster(name, user string) (*cluster, error) {
	c := m.clusters[name]
	if c == nil {
		return nil, fmt.Errorf("unknown cluster %q", name)
	}
	if err := checkUser(user); err != nil {
		return nil, err
	}
	if user == c.cfg.User {
		return nil, fmt.Errorf("user %q is the engine's admin login on %s; refusing to touch it", user, name)
	}
	return c, nil
}

// onWriter is what an account statement needs: the cluster, its writer
// and the writer's flavor, with user checked as in cluster.
func (m *Manager) onWriter(ctx context.Context, name, user string) (*cluster, *instance, flavor.Flavor, error) {
	c, err := m.cluster(name, user)
	if err != nil {
		return nil, nil, flavor.Flavor{}, err
	}
	w, err := c.writer(ctx)
	if err != nil {
		return nil, nil, flavor.Flavor{}, err
	}
	f, err := w.flavorOf(ctx)
	if err != nil {
		return nil, nil, flavor.Flavor{}, fmt.Errorf("cluster %s: %w", name, err)
	}
	return c, w, f, nil
}

// flavorOf reads (once) what server the instance runs.
func (in *instance) flavorOf(ctx context.Context) (flavor.Flavor, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.flavor != nil {
		return *in.flavor, nil
	}
	var version string
	if err := in.db.QueryRowContext(ctx, "SELECT @@version").Scan(&version); err != nil {
		return flavor.Flavor{}, fmt.Errorf("reading @@version on %s: %w", in.addr, err)
	}
	var aurora string
	var name string
	err := in.db.QueryRowContext(ctx, "SHOW VARIABLES LIKE 'aurora\\_version'").Scan(&name, &aurora)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return flavor.Flavor{}, fmt.Errorf("reading @@aurora_version on %s: %w", in.addr, err)
	}
	f := flavor.Parse(version, aurora)
	in.flavor = &f
	return f, nil
}

// writer finds the one instance that is not read-only (on Aurora the
// readers have innodb_read_only=1; a MariaDB replica read_only=1), asking
// every instance each time so that a failover is followed.
func (c *cluster) writer(ctx context.Context) (*instance, error) {
	var writers []*instance
	for _, in := range c.instances {
		var ro, innoRO int
		if err := in.db.QueryRowContext(ctx, "SELECT @@GLOBAL.read_only, @@GLOBAL.innodb_read_only").Scan(&ro, &innoRO); err != nil {
			return nil, fmt.Errorf("asking %s whether it is the writer: %w", in.addr, err)
		}
		if ro == 0 && innoRO == 0 {
			writers = append(writers, in)
		}
	}
	switch len(writers) {
	case 1:
		return writers[0], nil
	case 0:
		return nil, fmt.Errorf("cluster %s: no instance is writable (all read-only)", c.cfg.Name)
	}
	var addrs []string
	for _, w := range writers {
		addrs = append(addrs, w.addr)
	}
	return nil, fmt.Errorf("cluster %s: %d writable instances (%s); expected exactly one", c.cfg.Name, len(writers), strings.Join(addrs, ", "))
}

// eachInstance runs fn on every instance concurrently and joins the
// errors.
func (c *cluster) eachInstance(fn func(*instance) error) error {
	errs := make([]error, len(c.instances))
	var wg sync.WaitGroup
	for i, in := range c.instances {
		wg.Go(func() { errs[i] = fn(in) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// mysqlErrorNumber is the server error number in err, or 0.
func mysqlErrorNumber(err error) uint16 {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

// Server error numbers this package acts on.
const (
	errUnknownThread = 1094 // ER_NO_SUCH_THREAD: the session is gone already
	errNotOwner      = 1095 // ER_KILL_DENIED_ERROR: no CONNECTION_ADMIN/SUPER
	errCannotUser    = 1396 // ER_CANNOT_USER: CREATE/ALTER/DROP USER failed for the account
	errUserIsDefiner = 4006 // ER_CANNOT_USER_REFERENCED_AS_DEFINER (MySQL ≥ 8.0.22)
)

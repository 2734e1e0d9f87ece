package collector

import (
	"context"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/internal/dbtls"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Target is one server to crawl. Password is held only in memory: it is
// never logged (see LogValue), never written to a snapshot, and never part
// of an error message.
type Target struct {
	Name     string
	Host     string
	Port     int
	User     string
	Password string
	// TLS is go-sql-driver's tls parameter: "" or "false", "true",
	// "skip-verify", "preferred".
	TLS string
	// IncludeSchema and ExplicitSchemas: see Options.
	IncludeSchema   func(string) bool
	ExplicitSchemas []string

	// Kind is "static" (default) or "aurora" for discovered clusters.
	Kind string
	// Account (its key in aws.accounts; "" = the standard chain's) and
	// Region of a discovered cluster; targets of one account's region share
	// FleetOptions.GroupConcurrency.
	Account   string
	Region    string
	ClusterID string
	// Cluster is recorded in the snapshot as is.
	Cluster *snapshot.Cluster
	// Warnings found before the crawl (e.g. by discovery) are added to the
	// snapshot's warnings.
	Warnings []string
	// Login, when set, resolves the user and password at crawl time (a
	// Secrets Manager secret, an IAM token); its error fails only this
	// target.
	Login func(ctx context.Context) (user, password string, err error)
	// RootCAs, when set with TLS "true", verifies the server against these
	// CAs (e.g. the RDS CA bundle) instead of the system trust store.
	RootCAs *x509.CertPool
	// AllowCleartext sends the password with the cleartext plugin, as IAM
	// database authentication requires (only over TLS).
	AllowCleartext bool
}

// Addr is host:port.
func (t Target) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// String names the target without credentials.
func (t Target) String() string { return t.Name + " (" + t.Addr() + ")" }

// LogValue keeps the password out of structured logs.
func (t Target) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", t.Name), slog.String("addr", t.Addr()), slog.String("user", t.User))
}

// GoString keeps the password out of %#v.
func (t Target) GoString() string {
	return fmt.Sprintf("collector.Target{Name:%q, Addr:%q, User:%q}", t.Name, t.Addr(), t.User)
}

// mysqlConfig builds the driver configuration for t: multi-statements for
// batched SHOW CREATE TABLE, client-side parameter interpolation so a
// parameterised query costs one round trip instead of three, and the
// driver's own logging routed to slog at debug level.
func (t Target) mysqlConfig(connectTimeout, readTimeout time.Duration, logger *slog.Logger) (*mysql.Config, error) {
	cfg := mysql.NewConfig()
	cfg.User = t.User
	cfg.Passwd = t.Password
	cfg.Net = "tcp"
	cfg.Addr = t.Addr()
	cfg.MultiStatements = true
	cfg.InterpolateParams = true
	cfg.Timeout = connectTimeout
	cfg.ReadTimeout = readTimeout
	cfg.WriteTimeout = readTimeout
	cfg.Logger = driverLogger{logger.With("target", t.Name)}
	cfg.AllowCleartextPasswords = t.AllowCleartext
	if err := dbtls.Apply(cfg, t.TLS, t.RootCAs); err != nil {
		return nil, fmt.Errorf("target %s: %w", t.Name, err)
	}
	cfg.Params = map[string]string{}
	return cfg, nil
}

// driverLogger adapts go-sql-driver's logger (which prints to stderr by
// default) to slog.
type driverLogger struct{ l *slog.Logger }

func (d driverLogger) Print(v ...any) { d.l.Debug("mysql driver: " + fmt.Sprint(v...)) }

// group is what shares FleetOptions.GroupConcurrency: the target's region
// in its account.
func (t Target) group() string {
	if t.Account == "" {
		return t.Region
	}
	return t.Account + "/" + t.Region
}

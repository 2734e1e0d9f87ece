package collector

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/internal/flavor"
)

// sessionOptions tune the connections of one introspection.
type sessionOptions struct {
	conns            int
	statementTimeout time.Duration
	lockWaitTimeout  time.Duration
}

// session is a fixed set of initialised, read-only connections to one
// server. Connections are handed out one task at a time, so at most
// len(all) statements run on the server concurrently.
type session struct {
	all    []*sql.Conn
	pool   chan *sql.Conn
	vars   map[string]string
	flavor flavor.Flavor
}

// openSession takes n connections from db, reads the global variables on
// the first one, and makes every connection read-only with short lock and
// statement timeouts. The server's flavor, parsed once from the variables,
// decides which settings apply (see initStatements).
func openSession(ctx context.Context, db *sql.DB, o sessionOptions) (_ *session, err error) {
	if o.conns < 1 {
		o.conns = 1
	}
	s := &session{all: make([]*sql.Conn, o.conns)}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	g, gctx := errgroup.WithContext(ctx)
	for i := range s.all {
		g.Go(func() error {
			c, err := db.Conn(gctx)
			if err != nil {
				return fmt.Errorf("connecting: %w", err)
			}
			s.all[i] = c
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	s.vars, err = globalVariables(ctx, s.all[0])
	if err != nil {
		return nil, err
	}
	s.flavor = flavor.Parse(s.vars["version"], s.vars["aurora_version"])
	init := s.initStatements(o)
	g, gctx = errgroup.WithContext(ctx)
	for _, c := range s.all {
		g.Go(func() error {
			if _, err := c.ExecContext(gctx, init); err != nil {
				return fmt.Errorf("starting read-only session on %s (%s): %w", s.flavor, init, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	s.pool = make(chan *sql.Conn, len(s.all))
	for _, c := range s.all {
		s.pool <- c
	}
	return s, nil
}

// initStatements returns one multi-statement string that prepares a
// connection: read-only transactions, short lock waits, a statement time
// limit the server enforces itself, and (MySQL 8) current table statistics.
//
// The flavor picks the settings; each is also skipped when SHOW GLOBAL
// VARIABLES lacks its variable, because a SET of an unknown variable fails
// the whole target and the version can lie: MariaDB lets the operator set
// @@version to any string at startup (--version, MDEV-7780), so a MariaDB
// may claim to be MySQL 8 and have neither max_execution_time nor
// information_schema_stats_expiry.
func (s *session) initStatements(o sessionOptions) string {
	stmts := []string{"SET SESSION TRANSACTION READ ONLY"}
	has := func(name string) bool { _, ok := s.vars[name]; return ok }
	if o.lockWaitTimeout > 0 {
		secs := max(1, int(o.lockWaitTimeout/time.Second))
		if has("lock_wait_timeout") {
			stmts = append(stmts, fmt.Sprintf("SET SESSION lock_wait_timeout = %d", secs))
		}
		if has("innodb_lock_wait_timeout") {
			stmts = append(stmts, fmt.Sprintf("SET SESSION innodb_lock_wait_timeout = %d", secs))
		}
	}
	if o.statementTimeout > 0 {
		switch v := s.flavor.StatementTimeoutVariable(); {
		case !has(v):
		case v == "max_statement_time":
			stmts = append(stmts, fmt.Sprintf("SET SESSION max_statement_time = %g", o.statementTimeout.Seconds()))
		case v == "max_execution_time":
			stmts = append(stmts, fmt.Sprintf("SET SESSION max_execution_time = %d", o.statementTimeout.Milliseconds()))
		}
	}
	if s.flavor.HasStatsExpiry() && has("information_schema_stats_expiry") {
		stmts = append(stmts, "SET SESSION information_schema_stats_expiry = 0")
	}
	return strings.Join(stmts, "; ")
}

// do runs fn on a free connection of the session.
func (s *session) do(ctx context.Context, fn func(*sql.Conn) error) error {
	var c *sql.Conn
	select {
	case c = <-s.pool:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { s.pool <- c }()
	return fn(c)
}

// close returns the connections to the pool; closing the pool (db.Close)
// is the caller's business.
func (s *session) close() {
	for _, c := range s.all {
		if c != nil {
			_ = c.Close() // a broken connection is discarded by database/sql
		}
	}
}

// globalVariables reads SHOW GLOBAL VARIABLES into a map.
func globalVariables(ctx context.Context, c *sql.Conn) (map[string]string, error) {
	rows, err := c.QueryContext(ctx, "SHOW GLOBAL VARIABLES")
	if err != nil {
		return nil, fmt.Errorf("reading SHOW GLOBAL VARIABLES: %w", err)
	}
	defer rows.Close()
	vars := map[string]string{}
	for rows.Next() {
		var name string
		var value sql.NullString
		if err := rows.Scan(&name, &value); err != nil {
			return nil, fmt.Errorf("reading SHOW GLOBAL VARIABLES: %w", err)
		}
		vars[name] = value.String
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading SHOW GLOBAL VARIABLES: %w", err)
	}
	if vars["version"] == "" {
		return nil, errors.New("reading SHOW GLOBAL VARIABLES: the server reported no version")
	}
	return vars, nil
}

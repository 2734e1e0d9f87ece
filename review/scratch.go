package review

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/internal/gmsserver"
)

// scratch is a server a schema is recreated on: go-mysql-server in this
// process, or the server of --scratch-dsn.
type scratch struct {
	// name says which, for messages: "go-mysql-server" or the DSN's
	// address (never its password).
	name string
	cfg  *mysql.Config
	stop func() error
}

// ErrScratchInUse: the scratch server already has a database of the
// schema's name; the review never touches what it did not create.
var ErrScratchInUse = errors.New("the scratch server already has a database of that name")

// openScratch starts go-mysql-server when dsn is empty, else parses dsn.
func openScratch(ctx context.Context, dsn string) (*scratch, error) {
	if dsn != "" {
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			return nil, fmt.Errorf("parsing --scratch-dsn: %w", redactDSNError(err, dsn))
		}
		cfg.MultiStatements = true // the collector's session set-up is one query
		return &scratch{name: "scratch server " + cfg.Addr, cfg: cfg, stop: func() error { return nil }}, nil
	}
	pw := make([]byte, 16)
	if _, err := rand.Read(pw); err != nil {
		return nil, err
	}
	root := hex.EncodeToString(pw)
	srv, err := gmsserver.Start(ctx, gmsserver.Options{RootPassword: root})
	if err != nil {
		return nil, fmt.Errorf("starting go-mysql-server: %w", err)
	}
	cfg, err := mysql.ParseDSN(srv.DSN("root", root, ""))
	if err != nil {
		srv.Close()
		return nil, err
	}
	cfg.MultiStatements = true // the collector's session set-up is one query
	return &scratch{name: "go-mysql-server", cfg: cfg, stop: srv.Close}, nil
}

// redactDSNError keeps a DSN's password out of a parse error.
func redactDSNError(err error, dsn string) error {
	return fmt.Errorf("malformed DSN (%d characters): %s", len(dsn), errors.Unwrap(err))
}

// open returns a pool on db ("" for none) of the scratch server.
func (s *scratch) open(db string) (*sql.DB, error) {
	cfg := s.cfg.Clone()
	cfg.DBName = db
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

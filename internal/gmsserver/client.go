package gmsserver

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/go-sql-driver/mysql"
)

// DSN returns a go-sql-driver/mysql DSN for user on this server with
// multiStatements=true; db may be "" for no default database.
func (s *Server) DSN(user, password, db string) string {
	cfg := mysql.NewConfig()
	cfg.User = user
	cfg.Passwd = password
	cfg.Net = "tcp"
	cfg.Addr = s.addr
	cfg.DBName = db
	cfg.MultiStatements = true
	return cfg.FormatDSN()
}

// waitReady pings the server as root until it answers, ctx ends or 10
// seconds pass.
func (s *Server) waitReady(ctx context.Context, rootPassword string) error {
	db, err := sql.Open("mysql", s.DSN("root", rootPassword, ""))
	if err != nil {
		return fmt.Errorf("gmsserver: opening a client: %w", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for {
		err := db.PingContext(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("gmsserver: server on %s not ready: %w", s.addr, errors.Join(ctx.Err(), err))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

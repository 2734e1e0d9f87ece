package gmsserver

import (
	"context"
	"errors"
	"fmt"
	"io"

	sqle "github.com/dolthub/go-mysql-server"
	"github.com/dolthub/go-mysql-server/memory"
	"github.com/dolthub/go-mysql-server/server"
	gmssql "github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
	vmysql "github.com/dolthub/vitess/go/mysql"
	"github.com/sirupsen/logrus"
)

// setGlobalVersion sets go-mysql-server's process-wide @@version.
func setGlobalVersion(v string) error {
	if _, cur, ok := gmssql.SystemVariables.GetGlobal("version"); ok && cur == v {
		return nil
	}
	if err := gmssql.SystemVariables.AssignValues(map[string]any{"version": v}); err != nil {
		return fmt.Errorf("gmsserver: setting @@version to %q: %w", v, err)
	}
	return nil
}

// enableAccounts turns on the `mysql` database (accounts and privileges)
// with an in-memory persister (without one, CREATE USER panics) and adds a
// root superuser for hosts 'localhost' and '%'.
func enableAccounts(engine *sqle.Engine, rootPassword string) error {
	mdb := engine.Analyzer.Catalog.MySQLDb
	mdb.SetPersister(&mysql_db.NoopPersister{})
	mdb.SetEnabled(true)
	ed := mdb.Editor()
	defer ed.Close()
	for _, host := range []string{"localhost", "%"} {
		mdb.AddSuperUser(ed, "root", host, rootPassword)
	}
	if !mdb.Enabled() {
		return errors.New("gmsserver: the mysql database could not be enabled")
	}
	return nil
}

// quietSessions builds memory sessions whose logger discards everything.
func quietSessions(pro *memory.DbProvider) server.SessionBuilder {
	build := memory.NewSessionBuilder(pro)
	logger := logrus.New()
	logger.SetOutput(io.Discard)
	entry := logrus.NewEntry(logger)
	return func(ctx context.Context, conn *vmysql.Conn, addr string) (gmssql.Session, error) {
		sess, err := build(ctx, conn, addr)
		if err != nil {
			return nil, fmt.Errorf("gmsserver: new session: %w", err)
		}
		sess.SetLogger(entry)
		return sess, nil
	}
}

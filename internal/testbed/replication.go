package testbed

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// replicationWait bounds how long SyncReplica and StartReplicated wait for
// the reader.
const replicationWait = 60 * time.Second

// StartReplicated starts two private servers shaped like an Aurora
// cluster's writer and reader instance: the writer keeps a binary log
// (--log-bin, --server-id=1), the reader (--server-id=2, --read-only)
// replicates everything from the writer's first binary log on (CHANGE
// MASTER TO … MASTER_USE_GTID=slave_pos), so accounts, grants, ACCOUNT
// LOCK and DROP USER made on the writer reach it, while each instance has
// its own process list and KILL is not replicated. opts apply to both.
// It returns once the reader's replication threads run.
func StartReplicated(t testing.TB, opts ...Option) (writer, reader *MariaDB) {
	t.Helper()
	writer = StartMariaDB(t, append(opts, WithServerArgs("--log-bin=binlog", "--server-id=1"))...)
	reader = StartMariaDB(t, append(opts, WithServerArgs("--server-id=2", "--read-only=1", "--relay-log=relay"))...)

	pw, err := randomPassword()
	if err != nil {
		t.Fatalf("testbed: %v", err)
	}
	writer.Exec(t, "CREATE USER 'replication'@'127.0.0.1' IDENTIFIED BY "+quoteSQL(pw)+";\n"+
		"GRANT REPLICATION SLAVE ON *.* TO 'replication'@'127.0.0.1'")
	reader.Exec(t, fmt.Sprintf("CHANGE MASTER TO MASTER_HOST=%s, MASTER_PORT=%d, MASTER_USER='replication', MASTER_PASSWORD=%s, "+
		"MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1;\nSTART SLAVE", quoteSQL(writer.Host), writer.Port, quoteSQL(pw)))
	t.Cleanup(func() {
		if reader.cmd != nil {
			select {
			case <-reader.exited:
			default:
				reader.Exec(t, "STOP SLAVE") // before the writer goes away
			}
		}
	})
	SyncReplica(t, writer, reader)
	return writer, reader
}

// SyncReplica waits until reader has applied everything writer has written
// so far (MASTER_GTID_WAIT on the writer's @@gtid_binlog_pos), failing the
// test after a minute or when replication stopped with an error.
func SyncReplica(t testing.TB, writer, reader *MariaDB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), replicationWait+5*time.Second)
	defer cancel()
	var pos string
	if err := queryRow(ctx, writer, "SELECT @@GLOBAL.gtid_binlog_pos", &pos); err != nil {
		t.Fatalf("testbed: reading the writer's binary log position on %s: %v", writer.Addr(), err)
	}
	var res sql.NullInt64
	q := fmt.Sprintf("SELECT MASTER_GTID_WAIT(%s, %d)", quoteSQL(pos), int(replicationWait.Seconds()))
	if err := queryRow(ctx, reader, q, &res); err != nil {
		t.Fatalf("testbed: waiting for the reader %s to reach %q: %v", reader.Addr(), pos, err)
	}
	if !res.Valid || res.Int64 != 0 {
		t.Fatalf("testbed: the reader %s did not reach the writer's position %q within %v (replication: %s)",
			reader.Addr(), pos, replicationWait, replicaStatus(ctx, reader))
	}
}

// queryRow scans one value as root on a fresh connection.
func queryRow(ctx context.Context, m *MariaDB, q string, dest any) error {
	db, err := sql.Open("mysql", m.DSN(m.RootUser, m.RootPassword, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	return db.QueryRowContext(ctx, q).Scan(dest)
}

// replicaStatus summarises SHOW SLAVE STATUS for an error message.
func replicaStatus(ctx context.Context, m *MariaDB) string {
	db, err := sql.Open("mysql", m.DSN(m.RootUser, m.RootPassword, ""))
	if err != nil {
		return err.Error()
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SHOW SLAVE STATUS")
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil || !rows.Next() {
		return "not a replica"
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return err.Error()
	}
	var out string
	for i, c := range cols {
		switch c {
		case "Slave_IO_Running", "Slave_SQL_Running", "Last_IO_Error", "Last_SQL_Error":
			out += fmt.Sprintf("%s=%q ", c, vals[i].String)
		}
	}
	return out
}

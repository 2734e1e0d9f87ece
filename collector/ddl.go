package collector

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// MySQL error numbers the DDL reader tolerates per table.
const (
	errNoSuchTable      = 1146 // ER_NO_SUCH_TABLE: dropped while we crawled
	errTableAccessDenid = 1142 // ER_TABLEACCESS_DENIED_ERROR
)

// quoteIdent quotes a MySQL identifier with backticks, doubling any
// backtick inside it.
func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

func showCreateTable(k tableKey) string {
	return "SHOW CREATE TABLE " + quoteIdent(k.schema) + "." + quoteIdent(k.table)
}

// ddlResult is the outcome of SHOW CREATE TABLE for one table.
type ddlResult struct {
	def     string
	missing bool   // dropped while crawling
	warning string // set when the table's DDL could not be read
}

// readDDLBatch runs one SHOW CREATE TABLE per table in a single round trip
// (multi-statement query). If the batch fails because one table vanished or
// is not readable, it falls back to one statement per table so only that
// table is affected; likewise when the connection does not allow
// multi-statement queries.
func readDDLBatch(ctx context.Context, c *sql.Conn, keys []tableKey) (map[tableKey]ddlResult, error) {
	stmts := make([]string, len(keys))
	for i, k := range keys {
		stmts[i] = showCreateTable(k)
	}
	out := make(map[tableKey]ddlResult, len(keys))
	err := func() error {
		rows, err := c.QueryContext(ctx, strings.Join(stmts, "; "))
		if err != nil {
			return err
		}
		defer rows.Close()
		for i, k := range keys {
			if i > 0 && !rows.NextResultSet() {
				if err := rows.Err(); err != nil {
					return err
				}
				return fmt.Errorf("SHOW CREATE TABLE batch: %d result sets for %d tables", i, len(keys))
			}
			def, err := scanCreate(rows)
			if err != nil {
				return err
			}
			out[k] = ddlResult{def: def}
		}
		return rows.Err()
	}()
	if err == nil {
		return out, nil
	}
	if !tolerable(err) && !(len(keys) > 1 && isSyntaxError(err)) {
		return nil, fmt.Errorf("reading DDL (%s … %d tables): %w", stmts[0], len(keys), err)
	}
	// Fall back to one table at a time to isolate the broken one.
	for _, k := range keys {
		r, err := readDDLOne(ctx, c, k)
		if err != nil {
			return nil, err
		}
		out[k] = r
	}
	return out, nil
}

func readDDLOne(ctx context.Context, c *sql.Conn, k tableKey) (ddlResult, error) {
	stmt := showCreateTable(k)
	rows, err := c.QueryContext(ctx, stmt)
	if err == nil {
		defer rows.Close()
		var def string
		if def, err = scanCreate(rows); err == nil {
			err = rows.Err()
		}
		if err == nil {
			return ddlResult{def: def}, nil
		}
	}
	var me *mysql.MySQLError
	switch {
	case errors.As(err, &me) && me.Number == errNoSuchTable:
		return ddlResult{missing: true, warning: fmt.Sprintf("%s.%s: dropped while crawling; left out", k.schema, k.table)}, nil
	case errors.As(err, &me) && me.Number == errTableAccessDenid:
		return ddlResult{warning: fmt.Sprintf("%s.%s: DDL not readable by this user (%s); documented without DDL", k.schema, k.table, me.Message)}, nil
	}
	return ddlResult{}, fmt.Errorf("reading DDL (%s): %w", stmt, err)
}

// isSyntaxError reports ER_PARSE_ERROR (1064), which a multi-statement
// batch gets when the connection was opened without multiStatements; the
// batch is then retried one statement at a time.
func isSyntaxError(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1064
}

func tolerable(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == errNoSuchTable || me.Number == errTableAccessDenid)
}

// scanCreate reads the single row of a SHOW CREATE TABLE result, with
// credentials redacted (RedactSecrets).
func scanCreate(rows *sql.Rows) (string, error) {
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return "", err
		}
		return "", errors.New("SHOW CREATE TABLE returned no row")
	}
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return "", err
	}
	if len(vals) < 2 {
		return "", fmt.Errorf("SHOW CREATE TABLE returned %d columns", len(vals))
	}
	for rows.Next() {
	}
	// CONNECTION='mysql://user:password@…' and similar are redacted
	// before the DDL goes anywhere.
	return RedactSecrets(vals[1].String), nil
}

var reAutoIncrement = regexp.MustCompile(` AUTO_INCREMENT=\d+`)

// StripAutoIncrement removes the table option AUTO_INCREMENT=N from a
// CREATE TABLE statement: the counter moves with every insert and is not a
// schema change. Only the table-options line (the one that closes the
// column list) is touched, and only before any COMMENT= option, so a
// comment that happens to contain the text survives.
func StripAutoIncrement(ddl string) string {
	start := strings.Index(ddl, "\n) ")
	if start < 0 {
		return ddl
	}
	end := strings.IndexByte(ddl[start+1:], '\n')
	if end < 0 {
		end = len(ddl)
	} else {
		end += start + 1
	}
	line := ddl[start:end]
	loc := reAutoIncrement.FindStringIndex(line)
	if loc == nil {
		return ddl
	}
	if c := strings.Index(line, " COMMENT="); c >= 0 && c < loc[0] {
		return ddl
	}
	return ddl[:start+loc[0]] + ddl[start+loc[1]:]
}

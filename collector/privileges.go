package collector

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// privileges are the current user's global and schema-level privileges, as
// information_schema.USER_PRIVILEGES and SCHEMA_PRIVILEGES show them to
// that user. known is false when the server does not offer these tables.
type privileges struct {
	known   bool
	global  map[string]bool
	schemas map[string]map[string]bool
}

// has reports whether the user holds priv on schema (globally or on the
// schema). When privileges are unknown it answers true: no warning is
// better than a false one.
func (p privileges) has(schema, priv string) bool {
	if !p.known {
		return true
	}
	return p.global[priv] || p.schemas[schema][priv]
}

const qPrivileges = `SELECT '', PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES
UNION ALL
SELECT TABLE_SCHEMA, PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES`

// errUnknownTable is MySQL's ER_UNKNOWN_TABLE (1109): the server does not
// offer the information_schema table asked for.
const errUnknownTable = 1109

func readPrivileges(ctx context.Context, c *sql.Conn) (privileges, error) {
	p := privileges{known: true, global: map[string]bool{}, schemas: map[string]map[string]bool{}}
	err := query(ctx, c, "information_schema.USER_PRIVILEGES", qPrivileges, nil, func(r *sql.Rows) error {
		var schema, priv string
		if err := r.Scan(&schema, &priv); err != nil {
			return err
		}
		priv = strings.ToUpper(priv)
		if schema == "" {
			p.global[priv] = true
			return nil
		}
		if p.schemas[schema] == nil {
			p.schemas[schema] = map[string]bool{}
		}
		p.schemas[schema][priv] = true
		return nil
	})
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == errUnknownTable {
		return privileges{}, nil
	}
	return p, err
}

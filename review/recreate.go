package review

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// recreation is the DDL that recreates one snapshot schema, in order.
type recreation struct {
	schema string
	// create is CREATE DATABASE; tables, views and triggers follow.
	create                 string
	tables, views, trigger []named
	// notRecreated says what the snapshot cannot recreate (routine
	// bodies are not in it).
	notRecreated []string
}

type named struct{ name, ddl string }

// recreationOf reads the DDL of sc from its snapshot.
func recreationOf(sc *snapshot.Schema) recreation {
	r := recreation{schema: sc.Name, create: "CREATE DATABASE " + quoteIdent(sc.Name)}
	if sc.CharacterSet != "" {
		r.create += " CHARACTER SET " + sc.CharacterSet
		if sc.Collation != "" {
			r.create += " COLLATE " + sc.Collation
		}
	}
	if sc.Tbls == nil {
		return r
	}
	for _, t := range sc.Tbls.Tables {
		switch {
		case t.Def == "":
			r.notRecreated = append(r.notRecreated, "table "+t.Name+": no definition in the snapshot")
		case t.Type == "VIEW":
			r.views = append(r.views, named{t.Name, viewDDL(t.Def)})
		default:
			r.tables = append(r.tables, named{t.Name, t.Def})
		}
		for _, tr := range t.Triggers {
			if tr.Def != "" {
				r.trigger = append(r.trigger, named{tr.Name, tr.Def})
			}
		}
	}
	for _, f := range sc.Tbls.Functions {
		r.notRecreated = append(r.notRecreated, strings.ToLower(f.Type)+" "+f.Name+": the snapshot keeps no routine bodies")
	}
	byName := func(a, b named) int { return strings.Compare(a.name, b.name) }
	slices.SortFunc(r.tables, byName)
	slices.SortFunc(r.views, byName)
	slices.SortFunc(r.trigger, byName)
	slices.Sort(r.notRecreated)
	return r
}

// key identifies the recreation's content, so targets with the same schema
// share one recreation.
func (r recreation) key() string {
	var b strings.Builder
	b.WriteString(r.create)
	for _, l := range [][]named{r.tables, r.views, r.trigger} {
		for _, n := range l {
			b.WriteString("\x00" + n.ddl)
		}
	}
	return b.String()
}

// apply creates the schema on conn (one session, so FOREIGN_KEY_CHECKS=0
// lets tables reference tables not created yet) and returns what failed,
// one line per object. Views are retried until no more succeed, since one
// may select from another.
func (r recreation) apply(ctx context.Context, conn *sql.Conn) (failed []string, err error) {
	if _, err := conn.ExecContext(ctx, r.create); err != nil {
		return nil, fmt.Errorf("creating database %s: %w", r.schema, err)
	}
	for _, q := range []string{"USE " + quoteIdent(r.schema), "SET FOREIGN_KEY_CHECKS=0"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("%s: %w", q, err)
		}
	}
	for _, t := range r.tables {
		if _, err := conn.ExecContext(ctx, t.ddl); err != nil {
			failed = append(failed, fmt.Sprintf("table %s: %v", t.name, err))
		}
	}
	pending := r.views
	for len(pending) > 0 {
		var next []named
		var errs []string
		for _, v := range pending {
			if _, err := conn.ExecContext(ctx, v.ddl); err != nil {
				next = append(next, v)
				errs = append(errs, fmt.Sprintf("view %s: %v", v.name, err))
			}
		}
		if len(next) == len(pending) {
			failed = append(failed, errs...)
			break
		}
		pending = next
	}
	for _, t := range r.trigger {
		if _, err := conn.ExecContext(ctx, t.ddl); err != nil {
			failed = append(failed, fmt.Sprintf("trigger %s: %v", t.name, err))
		}
	}
	if _, err := conn.ExecContext(ctx, "SET FOREIGN_KEY_CHECKS=1"); err != nil {
		return failed, fmt.Errorf("SET FOREIGN_KEY_CHECKS=1: %w", err)
	}
	return failed, nil
}

func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// tableOf returns the tbls table name of sc, or nil.
func tableOf(sc *snapshot.Schema, name string) *schema.Table {
	if sc == nil || sc.Tbls == nil {
		return nil
	}
	for _, t := range sc.Tbls.Tables {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// infoOf returns the storage facts of table name of sc, or nil.
func infoOf(sc *snapshot.Schema, name string) *snapshot.TableInfo {
	if sc == nil {
		return nil
	}
	for _, t := range sc.Tables {
		if strings.EqualFold(t.Name, name) {
			return t
		}
	}
	return nil
}

// viewDDL unwraps the parentheses tbls puts around a view's SELECT
// ("CREATE VIEW v AS (select …)"), which go-mysql-server cannot parse
// when the SELECT has a JOIN.
func viewDDL(def string) string {
	head, body, ok := strings.Cut(def, " AS (")
	if !ok || !strings.HasSuffix(body, ")") || !strings.HasPrefix(strings.ToUpper(head), "CREATE ") {
		return def
	}
	return head + " AS " + strings.TrimSpace(strings.TrimSuffix(body, ")"))
}

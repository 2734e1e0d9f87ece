package collector

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/testbed"
)

// TestViewOfAFunctionTheUserMayNotExecute is issue 13's repro on a real
// MariaDB: a view that calls a function the crawl user (SELECT, SHOW VIEW
// only) may not EXECUTE. The server then reports the error text as the
// view's TABLE_COMMENT and no columns: the crawl must say so in a warning
// naming the grant, and not publish the error as the view's comment.
func TestViewOfAFunctionTheUserMayNotExecute(t *testing.T) {
	m := testbed.StartMariaDB(t)
	m.Exec(t, `CREATE DATABASE app;
CREATE FUNCTION app.f() RETURNS INT DETERMINISTIC RETURN 1;
CREATE TABLE app.t (id INT PRIMARY KEY);
CREATE VIEW app.v AS SELECT app.f() AS x;
CREATE VIEW app.ok AS SELECT id FROM app.t;
CREATE USER 'crawl'@'%' IDENTIFIED BY 'crawl-pw';
GRANT SELECT, SHOW VIEW ON app.* TO 'crawl'@'%';`)
	for _, anon := range []string{"''@'localhost'", "''@'" + "%" + "'"} {
		m.Exec(t, "DROP USER IF EXISTS "+anon)
	}
	db, err := sql.Open("mysql", m.DSN("crawl", "crawl-pw", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snap, err := Introspect(context.Background(), db, Options{ExplicitSchemas: []string{"app"}})
	if err != nil {
		t.Fatal(err)
	}
	var v, ok bool
	for _, tt := range snap.Schemas[0].Tbls.Tables {
		switch tt.Name {
		case "v":
			v = true
			if strings.Contains(strings.ToLower(tt.Comment), "denied") || strings.Contains(tt.Comment, "invalid") {
				t.Errorf("view v: the server's error is published as its comment: %q", tt.Comment)
			}
			if len(tt.Columns) != 0 {
				t.Logf("view v: %d columns (the server resolved it after all)", len(tt.Columns))
			}
		case "ok":
			ok = true
			if len(tt.Columns) != 1 {
				t.Errorf("view ok: %d columns, want 1", len(tt.Columns))
			}
		}
	}
	if !v || !ok {
		t.Fatalf("views missing from the snapshot: v %v, ok %v", v, ok)
	}
	all := strings.Join(snap.Warnings, "\n")
	if !strings.Contains(all, "app.v: view columns could not be read") || !strings.Contains(all, "EXECUTE") {
		t.Errorf("no warning about view app.v naming the EXECUTE grant in:\n%s", all)
	}
	if strings.Contains(all, "app.ok") {
		t.Errorf("a warning about the resolvable view app.ok:\n%s", all)
	}
}

package gmsserver_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/gmsserver"
)

const rootPW = "s3cret"

func start(t *testing.T, opts gmsserver.Options) *gmsserver.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv, err := gmsserver.Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return srv
}

func open(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func loadFixtures(t *testing.T, db *sql.DB) {
	t.Helper()
	for _, s := range fixtures.MySQL8() {
		if _, err := db.Exec(s.SQL); err != nil {
			t.Fatalf("loading fixture %s: %v", s.Name, err)
		}
	}
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestFixturesAndInformationSchema(t *testing.T) {
	srv := start(t, gmsserver.Options{RootPassword: rootPW})
	db := open(t, srv.DSN("root", rootPW, ""))
	loadFixtures(t, db)

	checks := []struct {
		what  string
		query string
		want  int
	}{
		{"base tables", `SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ('shop','billing','hostile db') AND TABLE_TYPE = 'BASE TABLE'`, 21},
		{"views", `SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN ('shop','billing','hostile db')`, 3},
		{"columns of shop.customer", `SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'customer'`, 7},
		{"Japanese column comment", `SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'shop' AND COLUMN_COMMENT = 'ユーザーのメールアドレス'`, 1},
		{"triggers", `SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN ('shop','billing','hostile db')`, 5},
		{"procedures", `SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN ('shop','billing') AND ROUTINE_TYPE = 'PROCEDURE'`, 2},
		{"procedure parameters", `SELECT COUNT(*) FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = 'shop' AND SPECIFIC_NAME = 'add_product'`, 5},
		{"named check constraint", `SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'shop' AND CONSTRAINT_NAME = 'chk_item_quantity'`, 1},
		{"check constraints", `SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN ('shop','billing','hostile db')`, 7},
		{"cross-schema FK", `SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'billing' AND TABLE_NAME = 'invoice' AND REFERENCED_TABLE_SCHEMA = 'shop' AND REFERENCED_TABLE_NAME = 'customer' AND REFERENCED_COLUMN_NAME = 'id'`, 1},
		{"composite FK", `SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'shop' AND CONSTRAINT_NAME = 'fk_shipment_item'`, 2},
		{"self-referencing FK", `SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'shop' AND TABLE_NAME = 'category' AND REFERENCED_TABLE_NAME = 'category'`, 1},
		{"hostile FK", "SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'hostile db' AND TABLE_NAME = 'weird`name' AND REFERENCED_TABLE_NAME = '⚡ rides'", 1},
		{"spatial index", `SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'store' AND INDEX_NAME = 'sp_store_location'`, 1},
		{"composite primary key", `SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'order_item' AND INDEX_NAME = 'PRIMARY'`, 2},
		{"rows", `SELECT COUNT(*) FROM shop.customer`, 8},
		{"trigger fired", `SELECT COUNT(*) FROM shop.purchase_order WHERE order_no = 'PO-20250201183000'`, 1},
	}
	for _, c := range checks {
		if got := count(t, db, c.query); got != c.want {
			t.Errorf("%s: got %d, want %d", c.what, got, c.want)
		}
	}

	var name, ddl string
	if err := db.QueryRow("SHOW CREATE TABLE shop.order_item").Scan(&name, &ddl); err != nil {
		t.Fatalf("SHOW CREATE TABLE shop.order_item: %v", err)
	}
	for _, want := range []string{"PRIMARY KEY (`order_id`,`line_no`)", "CONSTRAINT `chk_item_quantity` CHECK", "STORED"} {
		if !strings.Contains(ddl, want) {
			t.Errorf("SHOW CREATE TABLE shop.order_item lacks %q:\n%s", want, ddl)
		}
	}
	if err := db.QueryRow("SHOW CREATE TABLE `hostile db`.`weird``name`").Scan(&name, &ddl); err != nil || name != "weird`name" {
		t.Errorf("SHOW CREATE TABLE of a hostile table: %q, %v", name, err)
	}
}

func TestMultiStatementResultSets(t *testing.T) {
	srv := start(t, gmsserver.Options{RootPassword: rootPW})
	db := open(t, srv.DSN("root", rootPW, ""))
	if _, err := db.Exec("CREATE DATABASE a; CREATE TABLE a.t1 (id INT PRIMARY KEY); CREATE TABLE a.t2 (id INT PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("SHOW CREATE TABLE a.t1; SHOW CREATE TABLE a.t2")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for {
		for rows.Next() {
			var name, ddl string
			if err := rows.Scan(&name, &ddl); err != nil {
				t.Fatal(err)
			}
			names = append(names, name)
		}
		if !rows.NextResultSet() {
			break
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != "t1,t2" {
		t.Errorf("result sets gave tables %v, want t1,t2", names)
	}
}

func TestSessionStatementsAndVariables(t *testing.T) {
	srv := start(t, gmsserver.Options{RootPassword: rootPW})
	db := open(t, srv.DSN("root", rootPW, ""))
	vars := map[string]string{}
	rows, err := db.Query("SHOW GLOBAL VARIABLES")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var v sql.NullString
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		vars[k] = v.String
	}
	rows.Close()
	if vars["version"] != gmsserver.DefaultVersion || vars["max_connections"] == "" {
		t.Errorf("SHOW GLOBAL VARIABLES: version=%q max_connections=%q", vars["version"], vars["max_connections"])
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "SET SESSION TRANSACTION READ ONLY"); err != nil {
		t.Errorf("SET SESSION TRANSACTION READ ONLY: %v", err)
	}
	var ro int
	if err := conn.QueryRowContext(context.Background(), "SELECT @@transaction_read_only").Scan(&ro); err != nil || ro != 1 {
		t.Errorf("@@transaction_read_only = %d, %v", ro, err)
	}
}

func TestAccounts(t *testing.T) {
	srv := start(t, gmsserver.Options{RootPassword: rootPW})
	if err := open(t, srv.DSN("root", "wrong", "")).Ping(); err == nil {
		t.Error("root with a wrong password was let in")
	}
	root := open(t, srv.DSN("root", rootPW, ""))
	if _, err := root.Exec(`CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY);
CREATE USER 'crawler'@'%' IDENTIFIED BY 'pw';
GRANT SELECT ON app.* TO 'crawler'@'%'`); err != nil {
		t.Fatalf("CREATE USER / GRANT: %v", err)
	}
	crawler := open(t, srv.DSN("crawler", "pw", "app"))
	if n := count(t, crawler, "SELECT COUNT(*) FROM t"); n != 0 {
		t.Errorf("count = %d", n)
	}
	_, err := crawler.Exec("INSERT INTO t VALUES (1)")
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		t.Errorf("INSERT without the privilege: got %v, want a MySQL error", err)
	}
}

func TestVersionAndClose(t *testing.T) {
	ctx := context.Background()
	srv, err := gmsserver.Start(ctx, gmsserver.Options{Version: "8.0.36"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		// Later tests in this process expect the default version back.
		s, err := gmsserver.Start(ctx, gmsserver.Options{})
		if err == nil {
			s.Close()
		}
	}()
	db := open(t, srv.DSN("root", "", ""))
	var v string
	if err := db.QueryRow("SELECT @@version").Scan(&v); err != nil || v != "8.0.36" {
		t.Errorf("@@version = %q, %v", v, err)
	}
	db.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	after := open(t, srv.DSN("root", "", ""))
	if err := after.Ping(); err == nil {
		t.Error("server still answers after Close")
	}
}

package collector

import (
	"context"
	"database/sql"
	"testing"

	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/gmsserver"
)

// TestVersionDecidesCheckConstraints runs go-mysql-server, which has
// information_schema.CHECK_CONSTRAINTS, under a MySQL 5.7 version string:
// the crawl trusts the version, so it neither asks for CHECK constraints
// (none appear although the fixtures have them) nor fails, and the server
// facts keep the reported version.
func TestVersionDecidesCheckConstraints(t *testing.T) {
	ctx := context.Background()
	srv, err := gmsserver.Start(ctx, gmsserver.Options{RootPassword: "root", Version: "5.7.44-log"})
	if err != nil {
		t.Fatalf("starting go-mysql-server: %v", err)
	}
	t.Cleanup(func() {
		srv.Close()
		// @@version is process-wide in go-mysql-server; later tests expect
		// the default back.
		if s, err := gmsserver.Start(ctx, gmsserver.Options{}); err == nil {
			s.Close()
		}
	})
	db, err := sql.Open("mysql", srv.DSN("root", "root", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range fixtures.MySQL8() {
		if _, err := db.Exec(s.SQL); err != nil {
			t.Fatalf("loading fixture %s into go-mysql-server: %v", s.Name, err)
		}
	}
	snap := introspectDSN(t, srv.DSN("root", "root", ""), Options{})
	if snap.Server.Flavor != "mysql" || snap.Server.Version != "5.7.44-log" {
		t.Errorf("server facts: %+v", snap.Server)
	}
	var tables int
	for _, sc := range snap.Schemas {
		for _, tt := range sc.Tbls.Tables {
			tables++
			for _, c := range tt.Constraints {
				if c.Type == "CHECK" {
					t.Errorf("%s.%s: CHECK constraint %s read from a server whose version has none", sc.Name, tt.Name, c.Name)
				}
			}
		}
	}
	if tables == 0 {
		t.Fatal("no tables read")
	}
}

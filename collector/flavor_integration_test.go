package collector

import "testing"

// TestVersionDecidesCheckConstraints runs go-mysql-server, which has
// information_schema.CHECK_CONSTRAINTS, under a MySQL 5.7 version string:
// the crawl trusts the version, so it neither asks for CHECK constraints
// (none appear although the fixtures have them) nor fails, and the server
// facts keep the reported version.
func TestVersionDecidesCheckConstraints(t *testing.T) {
	srv := gmsVersionWithFixtures(t, "5.7.44-log")
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

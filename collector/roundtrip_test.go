package collector

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/internal/wireproxy"
)

// TestRoundTripsDoNotGrowWithTables counts client commands at the wire
// (each is one round trip) while crawling a 10-table and a 300-table
// schema of the same server: the counts may differ only by the number of
// SHOW CREATE TABLE batches.
func TestRoundTripsDoNotGrowWithTables(t *testing.T) {
	m := testbed.StartMariaDB(t)
	m.Exec(t, fixtures.Synthetic("syn10", 10, 1).SQL)
	m.Exec(t, fixtures.Synthetic("syn300", 300, 2).SQL)
	ctx := context.Background()
	p, err := wireproxy.Start(ctx, wireproxy.Options{Upstream: m.Addr()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	const batch = 50
	count := func(schema string) (int64, int) {
		p.ResetCounts()
		db, err := sql.Open("mysql", fmt.Sprintf("root:%s@tcp(%s)/?multiStatements=true&interpolateParams=true", m.RootPassword, p.Addr()))
		if err != nil {
			t.Fatal(err)
		}
		snap, err := Introspect(ctx, db, Options{Connections: 2, ShowCreateBatch: batch,
			IncludeSchema: func(s string) bool { return s == schema }})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(snap.Schemas) != 1 {
			t.Fatalf("%s: got %d schemas", schema, len(snap.Schemas))
		}
		return p.Commands(), len(snap.Schemas[0].Tbls.Tables)
	}
	small, nSmall := count("syn10")
	large, nLarge := count("syn300")
	if nSmall != 10 || nLarge != 300 {
		t.Fatalf("tables read: %d and %d, want 10 and 300", nSmall, nLarge)
	}
	batches := func(n int) int64 { return int64((n + batch - 1) / batch) }
	allowed := batches(nLarge) - batches(nSmall)
	t.Logf("round trips: %d for 10 tables, %d for 300 tables (SHOW CREATE batches differ by %d)", small, large, allowed)
	if large-small > allowed {
		t.Errorf("300 tables cost %d more round trips than 10 tables; only %d (the extra SHOW CREATE batches) are allowed", large-small, allowed)
	}
	if large < small {
		t.Errorf("counting is broken: fewer commands for more tables (%d < %d)", large, small)
	}
	if small == 0 {
		t.Error("no commands counted: the proxy did not see the crawl")
	}
}

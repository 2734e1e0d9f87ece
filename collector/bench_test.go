package collector

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	tblsmysql "github.com/k1LoW/tbls/drivers/mysql"
	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/internal/wireproxy"
)

// BenchmarkIntrospectVsTbls crawls a 300-table synthetic schema through a
// proxy adding 10 ms each way (a 20 ms round trip, like a client in another
// availability zone or region) with auroradoc's introspector and with tbls'
// MySQL driver, in the same run, and reports both times and the ratio.
// The latency=0 case shows the servers' own share of the time.
//
//	go test -run '^$' -bench IntrospectVsTbls -benchtime 3x ./collector
func BenchmarkIntrospectVsTbls(b *testing.B) {
	const tables = 300
	m := testbed.StartMariaDB(b)
	m.Exec(b, fixtures.Synthetic("bench300", tables, 7).SQL)
	for _, delay := range []time.Duration{10 * time.Millisecond, 0} {
		b.Run(fmt.Sprintf("latency=%s", delay), func(b *testing.B) { benchVsTbls(b, m, tables, delay) })
	}
}

func benchVsTbls(b *testing.B, m *testbed.MariaDB, tables int, delay time.Duration) {
	ctx := context.Background()
	p, err := wireproxy.Start(ctx, wireproxy.Options{Upstream: m.Addr(), Delay: delay})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	dsn := func(db string) string {
		return fmt.Sprintf("root:%s@tcp(%s)/%s", m.RootPassword, p.Addr(), db)
	}

	var ours, theirs time.Duration
	var oursTrips, theirTrips int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// auroradoc, with the configuration defaults.
		p.ResetCounts()
		start := time.Now()
		// The crawler's own driver settings (see Target.mysqlConfig).
		db, err := sql.Open("mysql", dsn("")+"?multiStatements=true&interpolateParams=true")
		if err != nil {
			b.Fatal(err)
		}
		snap, err := Introspect(ctx, db, Options{IncludeSchema: func(s string) bool { return s == "bench300" }})
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
		oursTrips += p.Commands()
		if n := len(snap.Schemas[0].Tbls.Tables); n != tables {
			b.Fatalf("auroradoc read %d tables, want %d", n, tables)
		}

		// tbls' driver, as `tbls doc` runs it.
		p.ResetCounts()
		start = time.Now()
		db, err = sql.Open("mysql", dsn("bench300"))
		if err != nil {
			b.Fatal(err)
		}
		drv, err := tblsmysql.New(db)
		if err != nil {
			b.Fatal(err)
		}
		s := &schema.Schema{Name: "bench300"}
		err = drv.Analyze(s)
		db.Close()
		if err != nil {
			b.Fatal(err)
		}
		theirs += time.Since(start)
		theirTrips += p.Commands()
		if len(s.Tables) != tables {
			b.Fatalf("tbls read %d tables, want %d", len(s.Tables), tables)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(ours.Milliseconds())/n, "auroradoc-ms/op")
	b.ReportMetric(float64(theirs.Milliseconds())/n, "tbls-ms/op")
	b.ReportMetric(float64(oursTrips)/n, "auroradoc-roundtrips/op")
	b.ReportMetric(float64(theirTrips)/n, "tbls-roundtrips/op")
	b.ReportMetric(float64(theirs)/float64(ours), "speedup-x")
}

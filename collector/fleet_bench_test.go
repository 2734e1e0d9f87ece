package collector

import (
	"context"
	"fmt"
	"math"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/procmem"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/internal/wireproxy"
)

// BenchmarkFleetCrawl crawls 50 clusters × 100 tables in 3 regions, each
// cluster behind its own proxy adding 10 ms each way, 16 at a time, and
// compares the wall time with the lower bound: the slowest single-cluster
// crawl (measured alone, in the same run) × ⌈50/16⌉. The latency=0 case
// shows the CPU floor: on a 2-core machine the test bed's three MariaDB
// servers stand in for 50 clusters and share the cores with the crawler.
//
//	go test -run '^$' -bench FleetCrawl -benchtime 3x ./collector
func BenchmarkFleetCrawl(b *testing.B) {
	for _, delay := range []time.Duration{10 * time.Millisecond, 0} {
		b.Run(fmt.Sprintf("latency=%s", delay), func(b *testing.B) { benchFleet(b, delay) })
	}
}

func benchFleet(b *testing.B, delay time.Duration) {
	const clusters, tables, concurrency = 50, 100, 16
	regions := []string{"ap-northeast-1", "eu-west-1", "us-east-1"}
	ctx := context.Background()
	var targets []Target
	for i, r := range regions {
		m := testbed.StartMariaDB(b, testbed.WithServerArgs("--max-connections=400"))
		m.Exec(b, fixtures.Synthetic("app", tables, uint64(i+1)).SQL)
		for j := i; j < clusters; j += len(regions) {
			p, err := wireproxy.Start(ctx, wireproxy.Options{Upstream: m.Addr(), Delay: delay})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { p.Close() })
			host, port, _ := net.SplitHostPort(p.Addr())
			n, _ := strconv.Atoi(port)
			targets = append(targets, Target{Name: fmt.Sprintf("c%02d", j), Host: host, Port: n, User: "root",
				Password: m.RootPassword, Region: r})
		}
	}
	crawl := func(ts []Target, conc int) time.Duration {
		start := time.Now()
		err := Crawl(ctx, ts, FleetOptions{Concurrency: conc}, func(ctx context.Context, r Result) error {
			if r.Err != nil {
				return r.Err
			}
			if got := len(r.Snapshot.Schemas[0].Tbls.Tables); got != tables {
				return fmt.Errorf("%s: %d tables", r.Target.Name, got)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}

	var wall, bound time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Lower bound: each region's server crawled alone through a proxy.
		var slowest time.Duration
		for _, r := range regions {
			for _, t := range targets {
				if t.Region == r {
					slowest = max(slowest, crawl([]Target{t}, 1))
					break
				}
			}
		}
		bound += slowest * time.Duration(math.Ceil(float64(clusters)/concurrency))
		wall += crawl(targets, concurrency)
	}
	b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "wall-ms/op")
	b.ReportMetric(float64(bound.Milliseconds())/float64(b.N), "lowerbound-ms/op")
	b.ReportMetric(float64(wall)/float64(bound), "wall/bound")
	if rss := procmem.PeakRSS("self"); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MiB")
	}
}

package site

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/snapshot"
)

// BenchmarkLargeSchema crawls one synthetic schema of 1,000, 2,500, 5,000
// and 10,000 tables from a real MariaDB (internal/fixtures.Synthetic:
// FKs, comments, indexes) and renders it with every renderer (Graphviz
// overviews in workers, Markdown), as `auroradoc render` does: cold (empty
// site, empty diagram cache), then again after a comment changed in 5
// tables. Per size it reports crawl and cold render per 1,000 tables
// (flat across sizes = linear; wall and this process's CPU: Graphviz runs
// in worker processes), the re-render, the search shard and the largest
// page. AURORADOC_BENCH_SIZES=1000,5000 picks the sizes.
//
//	go test -run '^$' -bench LargeSchema -benchtime 1x -timeout 60m ./site
func BenchmarkLargeSchema(b *testing.B) {
	sizes := []int{1000, 2500, 5000, 10000}
	if v := os.Getenv("AURORADOC_BENCH_SIZES"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n <= 0 {
				b.Fatalf("AURORADOC_BENCH_SIZES: %q is not a table count", f)
			}
			sizes = append(sizes, n)
		}
	}
	// Loading 10,000 tables is DDL-bound: no fsync and one tablespace
	// make it minutes faster and change nothing the crawl reads.
	m := testbed.StartMariaDB(b, testbed.WithServerArgs("--innodb-flush-log-at-trx-commit=0",
		"--innodb-file-per-table=0", "--innodb-doublewrite=0", "--innodb-flush-method=nosync", "--innodb-buffer-pool-size=256M"))
	for _, n := range sizes {
		b.Run(fmt.Sprintf("tables=%d", n), func(b *testing.B) {
			name := fmt.Sprintf("big%d", n)
			start := time.Now()
			m.Exec(b, fixtures.Synthetic(name, n, 7).SQL)
			b.Logf("loaded %d tables into MariaDB in %s", n, time.Since(start).Round(time.Millisecond))
			for i := 0; i < b.N; i++ {
				benchLargeSchema(b, m, name, n)
			}
		})
	}
}

func benchLargeSchema(b *testing.B, m *testbed.MariaDB, name string, n int) {
	ctx := context.Background()
	per1000 := func(d time.Duration) float64 { return float64(d.Milliseconds()) * 1000 / float64(n) }

	start := time.Now()
	db, err := sql.Open("mysql", m.DSN("root", m.RootPassword, "")+"&multiStatements=true&interpolateParams=true")
	if err != nil {
		b.Fatal(err)
	}
	s, err := collector.Introspect(ctx, db, collector.Options{IncludeSchema: func(s string) bool { return s == name }})
	db.Close()
	if err != nil {
		b.Fatal(err)
	}
	crawl := time.Since(start)
	if got := len(s.Schemas[0].Tbls.Tables); got != n {
		b.Fatalf("crawled %d tables, want %d", got, n)
	}
	s.Target = snapshot.Target{Name: "local/" + name, Kind: "static"}
	at := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	in := Input{Manifest: &snapshot.Manifest{FormatVersion: 1, Set: "2026-12-05T030000Z", StartedAt: at, FinishedAt: at,
		Targets: []*snapshot.Entry{{Name: s.Target.Name, Status: snapshot.StatusOK}}}, Snapshots: []*snapshot.Snapshot{s}}

	o, closeFn, err := WithRenderers(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer closeFn()
	out := b.TempDir()
	start, cpu0 := time.Now(), cpuTime()
	cold, err := buildSite(ctx, in, out, o)
	if err != nil {
		b.Fatal(err)
	}
	coldD, coldCPU := time.Since(start), cpuTime()-cpu0

	// 5 tables spread over the schema get another table comment.
	tables := s.Schemas[0].Tbls.Tables
	for i := 0; i < 5; i++ {
		t := tables[i*len(tables)/5+len(tables)/10]
		t.Comment += " (changed)"
	}
	start, cpu0 = time.Now(), cpuTime()
	re, err := buildSite(ctx, in, out, o)
	if err != nil {
		b.Fatal(err)
	}
	reD, reCPU := time.Since(start), cpuTime()-cpu0
	if drawn := re.tables - re.tablesSkipped; drawn < 5 {
		b.Fatalf("re-render drew %d tables, want at least the 5 changed", drawn)
	}

	shard, largest, largestName := int64(0), int64(0), ""
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if d.Name() == "search.js" && strings.Contains(p, string(filepath.Separator)+"t"+string(filepath.Separator)) {
			shard = max(shard, fi.Size())
		}
		if strings.HasSuffix(p, ".html") && fi.Size() > largest {
			largest, largestName = fi.Size(), p
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(crawl.Milliseconds()), "crawl-ms")
	b.ReportMetric(per1000(crawl), "crawl-ms/1000tables")
	b.ReportMetric(float64(coldD.Milliseconds()), "cold-ms")
	b.ReportMetric(per1000(coldD), "cold-ms/1000tables")
	b.ReportMetric(float64(coldCPU.Milliseconds())*1000/float64(n), "cold-cpu-ms/1000tables")
	b.ReportMetric(float64(reD.Milliseconds()), "rerender5-ms")
	b.ReportMetric(float64(reCPU.Milliseconds()), "rerender5-cpu-ms")
	b.ReportMetric(float64(shard>>10), "shard-KiB")
	b.ReportMetric(float64(shard>>10)*1000/float64(n), "shard-KiB/1000tables")
	b.ReportMetric(float64(largest>>10), "largest-page-KiB")
	b.Logf("cold %+v; re-render %+v; largest page %s", *cold, *re, strings.TrimPrefix(largestName, out))
}

// BenchmarkShardedFamily renders one schema of 4,096 identical tables
// events_0000 … events_4095 (a sharded table) with every renderer, cold,
// and reports the time, the HTML pages and all files written.
//
//	go test -run '^$' -bench ShardedFamily -benchtime 1x -timeout 30m ./site
func BenchmarkShardedFamily(b *testing.B) {
	const members = 4096
	s := synthSnapshot(0, 1, nil)
	sc := s.Schemas[0]
	proto := sc.Tbls.Tables[0]
	sc.Tbls.Tables, sc.Tables = nil, nil
	for i := range members {
		t := *proto
		t.Name = fmt.Sprintf("events_%04d", i)
		t.Def = strings.Replace(proto.Def, proto.Name, t.Name, 1)
		sc.Tbls.Tables = append(sc.Tbls.Tables, &t)
		sc.Tables = append(sc.Tables, &snapshot.TableInfo{Name: t.Name, Type: t.Type, Engine: "InnoDB", DataLength: 16384 * int64(1+i%7), Rows: int64(i)})
	}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		o, closeFn, err := WithRenderers(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		out := b.TempDir()
		start, cpu0 := time.Now(), cpuTime()
		if _, err := buildSite(ctx, oneSchema(s), out, o); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "cold-ms")
		b.ReportMetric(float64((cpuTime() - cpu0).Milliseconds()), "cold-cpu-ms")
		closeFn()
		pages, files := 0, 0
		err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			if strings.HasSuffix(p, ".html") {
				pages++
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(pages), "html-pages")
		b.ReportMetric(float64(files), "files")
	}
}

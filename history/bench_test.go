package history_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/history/historytest"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/procmem"
	"github.com/auroradoc/auroradoc/site/driftpages"
	"github.com/auroradoc/auroradoc/snapshot"
)

func benchSize(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// synthRecords writes nights records of clusters digests (300 parameters,
// 400 variables, 300 tables each) straight into st: every night a few
// parameters and variables change somewhere, 10% of the tables grow, and
// now and then a table gets a column (a schema finding with a DDL diff).
func synthRecords(b *testing.B, st *snapshot.Store, nights, clusters int) {
	b.Helper()
	start := time.Date(2025, 11, 21, 3, 0, 0, 0, time.UTC)
	type cluster struct {
		params, vars map[string]string
		tables       map[string]map[string]history.TableSize
	}
	cs := make([]*cluster, clusters)
	for c := range cs {
		cl := &cluster{params: map[string]string{}, vars: map[string]string{}, tables: map[string]map[string]history.TableSize{}}
		for i := 0; i < 250; i++ {
			cl.params[fmt.Sprintf("aurora_param_%03d", i)] = strconv.Itoa(i * 10)
		}
		for i := 0; i < 50; i++ {
			cl.params[fmt.Sprintf("app-%03d-instance:inst_param_%02d", c, i)] = "ON"
		}
		for i := 0; i < 400; i++ {
			cl.vars[fmt.Sprintf("variable_name_%03d", i)] = "value-" + strconv.Itoa(i)
		}
		for i := 0; i < 300; i++ {
			sc := fmt.Sprintf("schema_%d", i%3)
			if cl.tables[sc] == nil {
				cl.tables[sc] = map[string]history.TableSize{}
			}
			cl.tables[sc][fmt.Sprintf("table_%04d", i)] = history.TableSize{Bytes: 16384 * int64(i+1), Rows: int64(i * 100)}
		}
		cs[c] = cl
	}
	prev := ""
	for n := 0; n < nights; n++ {
		at := start.Add(time.Duration(n) * 24 * time.Hour)
		set := at.Format(snapshot.SetIDLayout)
		rec := &history.Record{FormatVersion: history.RecordVersion, Set: set, Prev: prev, TakenAt: at}
		for c, cl := range cs {
			r := rand.New(rand.NewPCG(uint64(n), uint64(c)))
			name := fmt.Sprintf("us-east-1/app-%03d", c)
			taken := at.Add(time.Duration(c) * time.Second)
			d := &history.Digest{Name: name, Status: snapshot.StatusOK, TakenAt: &taken, Engine: "aurora-mysql",
				EngineVersion: "8.0.mysql_aurora.3.05.2", ServerVersion: "8.0.32"}
			if n > 0 {
				for k := r.IntN(3); k > 0; k-- {
					key := fmt.Sprintf("aurora_param_%03d", r.IntN(250))
					v := strconv.Itoa(r.IntN(100000))
					d.Findings = append(d.Findings, drift.Finding{Target: name, Kind: drift.KindParameter, Change: drift.Changed, ObjectType: "cluster parameter",
						Object: key, Field: "value", From: cl.params[key], To: v, Severity: drift.SeverityMedium, Message: name + ": cluster parameter " + key + " changed"})
					cl.params[key] = v
				}
				for k := r.IntN(3); k > 0; k-- {
					key := fmt.Sprintf("variable_name_%03d", r.IntN(400))
					v := "value-" + strconv.Itoa(r.IntN(100000))
					d.Findings = append(d.Findings, drift.Finding{Target: name, Kind: drift.KindVariable, Change: drift.Changed, ObjectType: "variable",
						Object: key, Field: "value", From: cl.vars[key], To: v, Severity: drift.SeverityMedium, Message: name + ": variable " + key + " changed"})
					cl.vars[key] = v
				}
				if r.IntN(10) == 0 {
					tb := fmt.Sprintf("table_%04d", r.IntN(300))
					d.Findings = append(d.Findings, drift.Finding{Target: name, Kind: drift.KindSchema, Change: drift.Added, ObjectType: "column",
						Object: "schema_0." + tb + ".col_" + strconv.Itoa(n), Severity: drift.SeverityLow, Message: name + ": column added",
						Detail: "--- a\n+++ b\n@@ -1,3 +1,4 @@\n CREATE TABLE `" + tb + "` (\n   `id` bigint NOT NULL,\n+  `col_" + strconv.Itoa(n) + "` int DEFAULT NULL,\n   PRIMARY KEY (`id`)\n"})
				}
				for sc, ts := range cl.tables {
					for tn, sz := range ts {
						if r.IntN(10) == 0 {
							sz.Bytes += 16384 * int64(1+r.IntN(64))
							sz.Rows += int64(r.IntN(1000))
							ts[tn] = sz
						}
					}
					_ = sc
				}
				drift.Sort(d.Findings)
			}
			// The maps are shared between nights: encoded right below.
			d.Parameters, d.Variables, d.Tables = cl.params, cl.vars, cl.tables
			rec.Targets = append(rec.Targets, d)
		}
		data, err := history.EncodeRecord(rec)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.PutAux(context.Background(), history.RecordKey(set), data); err != nil {
			b.Fatal(err)
		}
		prev = set
	}
}

// measure runs f and returns its wall time, peak live heap and peak RSS.
func measure(f func()) (time.Duration, uint64, int64) {
	m := procmem.Measure(f)
	return m.Wall, m.PeakHeap, m.PeakRSS
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// BenchmarkLoadBuild times Load and the drift pages' Build on a synthetic
// history of 365 nights × 200 clusters (300 parameters, 400 variables,
// 300 tables each) written as records.
//
//	go test -run '^$' -bench LoadBuild -benchtime 1x ./history
//	AURORADOC_BENCH_NIGHTS=60 AURORADOC_BENCH_CLUSTERS=20 …   (quick)
func BenchmarkLoadBuild(b *testing.B) {
	nights, clusters := benchSize("AURORADOC_BENCH_NIGHTS", 365), benchSize("AURORADOC_BENCH_CLUSTERS", 200)
	st, err := snapshot.OpenDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	synthRecords(b, st, nights, clusters)
	b.Logf("wrote %d records of %d clusters in %v", nights, clusters, time.Since(start).Round(time.Millisecond))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var h *history.History
		var err error
		d, heap, rss := measure(func() { h, err = history.Load(context.Background(), st, history.Options{}) })
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(d.Milliseconds()), "load-ms")
		b.ReportMetric(mib(heap), "load-peak-heap-MiB")
		b.ReportMetric(float64(rss)/(1<<20), "load-peak-rss-MiB")
		b.ReportMetric(mib(ms.HeapAlloc), "history-live-MiB")
		out := b.TempDir()
		d, heap, rss = measure(func() { err = driftpages.Build(context.Background(), h, out, driftpages.Options{}) })
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(d.Milliseconds()), "build-ms")
		b.ReportMetric(mib(heap), "build-peak-heap-MiB")
		b.ReportMetric(float64(rss)/(1<<20), "build-peak-rss-MiB")
		b.ReportMetric(float64(duSize(b, out))/(1<<20), "pages-MiB")
	}
}

func duSize(b *testing.B, dir string) int64 {
	var n int64
	var mu sync.Mutex
	var walk func(string)
	walk = func(d string) {
		ents, err := os.ReadDir(d)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range ents {
			if e.IsDir() {
				walk(d + "/" + e.Name())
				continue
			}
			fi, err := e.Info()
			if err != nil {
				b.Fatal(err)
			}
			mu.Lock()
			n += fi.Size()
			mu.Unlock()
		}
	}
	walk(dir)
	return n
}

// BenchmarkUpdate times Update computing every record of a store of
// real snapshots (default 30 nights × 20 clusters × 300 tables).
//
//	go test -run '^$' -bench Update -benchtime 1x ./history
func BenchmarkUpdate(b *testing.B) {
	nights, clusters := benchSize("AURORADOC_BENCH_UPDATE_NIGHTS", 30), benchSize("AURORADOC_BENCH_UPDATE_CLUSTERS", 20)
	st, err := snapshot.OpenDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	var prev *snapshot.Manifest
	for n := 0; n < nights; n++ {
		snaps := make([]*snapshot.Snapshot, clusters)
		var g errgroup.Group
		for c := range snaps {
			g.Go(func() error { snaps[c] = fixtures.NightlySnapshot(c, n); return nil })
		}
		_ = g.Wait()
		prev = historytest.WriteSet(b, st, historytest.Night0.Add(time.Duration(n)*24*time.Hour), prev, snaps, nil)
	}
	b.Logf("wrote %d sets of %d snapshots in %v", nights, clusters, time.Since(start).Round(time.Millisecond))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for n := 0; n < nights; n++ {
			set := historytest.Night0.Add(time.Duration(n) * 24 * time.Hour).Format(snapshot.SetIDLayout)
			if err := st.DeleteAux(context.Background(), history.RecordKey(set)); err != nil {
				b.Fatal(err)
			}
		}
		var computed int
		d, heap, rss := measure(func() { computed, err = history.Update(context.Background(), st, history.Options{}) })
		if err != nil {
			b.Fatal(err)
		}
		if computed != nights {
			b.Fatalf("computed %d records, want %d", computed, nights)
		}
		b.ReportMetric(float64(d.Milliseconds()), "update-ms")
		b.ReportMetric(float64(d.Milliseconds())/float64(nights*clusters), "ms/target-night")
		b.ReportMetric(mib(heap), "peak-heap-MiB")
		b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MiB")
		d, _, _ = measure(func() { computed, err = history.Update(context.Background(), st, history.Options{}) })
		if err != nil || computed != 0 {
			b.Fatalf("second Update: %d, %v", computed, err)
		}
		b.ReportMetric(float64(d.Milliseconds()), "noop-update-ms")
	}
}

package site

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/procmem"
	"github.com/auroradoc/auroradoc/render/er"
	"github.com/auroradoc/auroradoc/snapshot"
)

// synthSnapshot builds cluster c of a synthetic fleet: one schema of
// tables tables with a realistic FK graph (deterministic). Tables for
// which changed returns true get another comment on one column, as a
// night on which 1 % of the fleet's tables changed.
func synthSnapshot(c, tables int, changed func(c, table int) bool) *snapshot.Snapshot {
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(uint64(c), 7))
	name := fmt.Sprintf("us-east-1/app-%03d", c)
	s := &schema.Schema{Name: "app"}
	sc := &snapshot.Schema{Name: "app", Tbls: s}
	for i := 0; i < tables; i++ {
		t := &schema.Table{Name: fmt.Sprintf("table_%04d", i), Type: "BASE TABLE", Comment: "synthetic table " + strconv.Itoa(i),
			Def: fmt.Sprintf("CREATE TABLE `table_%04d` (\n  `id` bigint NOT NULL\n) ENGINE=InnoDB", i)}
		t.Columns = append(t.Columns, &schema.Column{Name: "id", Type: "bigint", PK: true})
		for j := 0; j < 8; j++ {
			comment := "column comment"
			if j == 0 && changed != nil && changed(c, i) {
				comment = "column comment, changed"
			}
			t.Columns = append(t.Columns, &schema.Column{Name: fmt.Sprintf("col_%d", j), Type: "varchar(64)", Nullable: true,
				Default: sql.NullString{String: "NULL", Valid: true}, Comment: comment})
		}
		t.Indexes = append(t.Indexes, &schema.Index{Name: "PRIMARY", Def: "PRIMARY KEY (id) USING BTREE", Columns: []string{"id"}})
		s.Tables = append(s.Tables, t)
		sc.Tables = append(sc.Tables, &snapshot.TableInfo{Name: t.Name, Type: t.Type, Engine: "InnoDB", DataLength: 16384, Rows: int64(i)})
		for k := 0; k < 2 && i > 0; k++ {
			p := s.Tables[r.IntN(i)]
			col := &schema.Column{Name: fmt.Sprintf("%s_id_%d", p.Name, k), Type: "bigint", FK: true}
			t.Columns = append(t.Columns, col)
			rel := &schema.Relation{Table: t, Columns: []*schema.Column{col}, ParentTable: p, ParentColumns: []*schema.Column{p.Columns[0]},
				Def: "FOREIGN KEY", Cardinality: schema.ZeroOrMore, ParentCardinality: schema.ExactlyOne}
			col.ParentRelations = append(col.ParentRelations, rel)
			p.Columns[0].ChildRelations = append(p.Columns[0].ChildRelations, rel)
			s.Relations = append(s.Relations, rel)
		}
	}
	return &snapshot.Snapshot{FormatVersion: 1, TakenAt: at,
		Target: snapshot.Target{Name: name, Kind: "aurora"}, Server: snapshot.Server{Flavor: "mysql", Version: "8.0.36"},
		Variables: map[string]string{"max_connections": "1000"}, Schemas: []*snapshot.Schema{sc}}
}

// synthFleet builds an in-memory snapshot set of clusters × tables.
func synthFleet(clusters, tables int) Input {
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	m := &snapshot.Manifest{FormatVersion: 1, Set: "2026-11-21T030000Z", StartedAt: at, FinishedAt: at}
	in := Input{Manifest: m}
	for c := 0; c < clusters; c++ {
		s := synthSnapshot(c, tables, nil)
		in.Snapshots = append(in.Snapshots, s)
		m.Targets = append(m.Targets, &snapshot.Entry{Name: s.Target.Name, Status: snapshot.StatusOK})
	}
	return in
}

// synthSet writes a synthetic fleet as a snapshot set of st, one snapshot
// at a time, as a crawl would, and returns the set's input for Build.
func synthSet(tb testing.TB, st *snapshot.Store, night, clusters, tables int, changed func(c, table int) bool) Input {
	tb.Helper()
	ctx := context.Background()
	at := time.Date(2026, 11, 20+night, 3, 0, 0, 0, time.UTC)
	w, err := st.NewSet(ctx, at)
	if err != nil {
		tb.Fatal(err)
	}
	m := &snapshot.Manifest{StartedAt: at, FinishedAt: at.Add(time.Minute), Tool: "bench"}
	for c := 0; c < clusters; c++ {
		s := synthSnapshot(c, tables, changed)
		file, sum, err := w.Put(ctx, s)
		if err != nil {
			tb.Fatal(err)
		}
		m.Targets = append(m.Targets, &snapshot.Entry{Name: s.Target.Name, Status: snapshot.StatusOK, File: file, SHA256: sum,
			Schemas: 1, Tables: tables})
	}
	if err := w.Finish(ctx, m); err != nil {
		tb.Fatal(err)
	}
	return FromStore(st, m)
}

func benchSize(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkRenderFleet renders a synthetic fleet (default 200 clusters ×
// 300 tables = 60,000 tables) written to a snapshot store on disk, read
// back one target at a time as `auroradoc render` does:
//
//   - pages: HTML pages and the search index only, cold;
//   - full: everything (diagrams, Markdown), cold (empty site, empty
//     diagram cache); warm (empty site, diagram cache warm); then
//     re-renders into the cold run's site of a night on which 1 % of the
//     tables changed, (a) concentrated in few clusters, (b) spread over
//     all clusters; and of an unchanged night.
//
// Each phase reports its wall time, its CPU time (user + system) and its
// peak RSS (VmHWM, reset before
// the phase). AURORADOC_BENCH_PROFILE=<phase> writes a CPU profile of
// that phase alone (to $AURORADOC_BENCH_PROFILE_OUT, default <phase>.pprof).
//
// Graphviz runs in worker processes (this test binary re-executed, see
// main_test.go), as in `auroradoc render`; AURORADOC_GRAPHVIZ=inprocess
// runs it in the benchmark's process as before. With workers, the phases
// also report the workers' peak RSS (for each slot of the pool the
// highest peak of its workers, summed: an upper bound of what they held at
// once, idle ones included) and main + workers as total-rss-MiB. The
// CPU times are this process's only.
//
//	go test -run '^$' -bench RenderFleet -benchtime 1x -timeout 60m ./site
//	AURORADOC_GRAPHVIZ=inprocess go test -run '^$' -bench RenderFleet -benchtime 1x -timeout 60m ./site
//	AURORADOC_BENCH_CLUSTERS=20 go test -run '^$' -bench RenderFleet -benchtime 1x ./site
func BenchmarkRenderFleet(b *testing.B) {
	clusters := benchSize("AURORADOC_BENCH_CLUSTERS", 200)
	const tables = 300
	st, err := snapshot.OpenDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	night1 := synthSet(b, st, 1, clusters, tables, nil)
	// 1 % of the tables: whole clusters from the first one on (a), or the
	// same share of every cluster (b).
	share := clusters * tables / 100
	night2a := synthSet(b, st, 2, clusters, tables, func(c, t int) bool { return c*tables+t < share })
	night2b := synthSet(b, st, 3, clusters, tables, func(c, t int) bool { return t%100 == 7 })
	phase := func(b *testing.B, name string, in Input, out string, o Options) *buildStats {
		b.Helper()
		var workers *er.Renderer
		if d, ok := o.ER.(diagrams); ok && d.InWorkers() {
			workers = d.Renderer
			workers.ResetPeakRSS()
		}
		procmem.ResetPeakRSS("self")
		if os.Getenv("AURORADOC_BENCH_PROFILE") == name {
			stop := startProfile(b, name)
			defer stop()
		}
		start, cpu0 := time.Now(), cpuTime()
		stats, err := buildSite(context.Background(), in, out, o)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), name+"-ms")
		b.ReportMetric(float64((cpuTime() - cpu0).Milliseconds()), name+"-cpu-ms")
		if rss := procmem.PeakRSS("self"); rss > 0 {
			b.ReportMetric(float64(rss>>20), name+"-rss-MiB")
			if workers != nil {
				ws := workers.WorkerStats()
				b.ReportMetric(float64(ws.PeakRSS>>20), name+"-workers-rss-MiB")
				b.ReportMetric(float64((rss+ws.PeakRSS)>>20), name+"-total-rss-MiB")
				b.Logf("%s: graphviz workers %+v", name, ws)
			}
		}
		b.Logf("%s: %+v", name, *stats)
		return stats
	}
	b.Run(fmt.Sprintf("pages-%dx%d", clusters, tables), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			phase(b, "cold", night1, b.TempDir(), Options{})
		}
	})
	b.Run(fmt.Sprintf("full-%dx%d", clusters, tables), func(b *testing.B) {
		o, closeFn, err := WithRenderers(context.Background(), b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		defer closeFn()
		for i := 0; i < b.N; i++ {
			siteA, siteB := b.TempDir(), b.TempDir()
			phase(b, "cold", night1, siteA, o)
			phase(b, "warm", night1, siteB, o)
			phase(b, "rerender-a", night2a, siteA, o)
			phase(b, "rerender-b", night2b, siteB, o)
			phase(b, "rerender-same", night2b, siteB, o)
		}
		b.ReportMetric(float64(clusters*tables), "tables")
	})
}

// startProfile writes a CPU profile of one phase to $AURORADOC_BENCH_PROFILE_OUT
// (default <phase>.pprof; go test's -cpuprofile covers the whole run).
func startProfile(b *testing.B, name string) func() {
	path := os.Getenv("AURORADOC_BENCH_PROFILE_OUT")
	if path == "" {
		path = name + ".pprof"
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// cpuTime is the process's user + system CPU time: on a shared machine it
// varies less than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

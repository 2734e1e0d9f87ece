package site

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// synthFleet builds an in-memory snapshot set of clusters × tables with a
// realistic FK graph (deterministic).
func synthFleet(clusters, tables int) Input {
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	m := &snapshot.Manifest{FormatVersion: 1, Set: "2026-11-21T030000Z", StartedAt: at, FinishedAt: at}
	in := Input{Manifest: m}
	for c := 0; c < clusters; c++ {
		r := rand.New(rand.NewPCG(uint64(c), 7))
		name := fmt.Sprintf("us-east-1/app-%03d", c)
		s := &schema.Schema{Name: "app"}
		sc := &snapshot.Schema{Name: "app", Tbls: s}
		for i := 0; i < tables; i++ {
			t := &schema.Table{Name: fmt.Sprintf("table_%04d", i), Type: "BASE TABLE", Comment: "synthetic table " + strconv.Itoa(i),
				Def: fmt.Sprintf("CREATE TABLE `table_%04d` (\n  `id` bigint NOT NULL\n) ENGINE=InnoDB", i)}
			t.Columns = append(t.Columns, &schema.Column{Name: "id", Type: "bigint", PK: true})
			for j := 0; j < 8; j++ {
				t.Columns = append(t.Columns, &schema.Column{Name: fmt.Sprintf("col_%d", j), Type: "varchar(64)", Nullable: true,
					Default: sql.NullString{String: "NULL", Valid: true}, Comment: "column comment"})
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
		in.Snapshots = append(in.Snapshots, &snapshot.Snapshot{FormatVersion: 1, TakenAt: at,
			Target: snapshot.Target{Name: name, Kind: "aurora"}, Server: snapshot.Server{Flavor: "mysql", Version: "8.0.36"},
			Variables: map[string]string{"max_connections": "1000"}, Schemas: []*snapshot.Schema{sc}})
		m.Targets = append(m.Targets, &snapshot.Entry{Name: name, Status: snapshot.StatusOK})
	}
	return in
}

func benchSize(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkRenderFleet renders a synthetic fleet (default 200 clusters ×
// 300 tables = 60,000 tables) without diagrams and Markdown, and a slice
// of it (default 20 clusters) with everything, cold and with the diagram
// cache warm, to show where the time goes.
//
//	go test -run '^$' -bench RenderFleet -benchtime 1x ./site
//	AURORADOC_BENCH_CLUSTERS=20 go test -run '^$' -bench RenderFleet/pages -benchtime 1x ./site
//	AURORADOC_BENCH_CLUSTERS_FULL=200 … -bench RenderFleet/full   (everything, 60,000 tables)
func BenchmarkRenderFleet(b *testing.B) {
	clusters := benchSize("AURORADOC_BENCH_CLUSTERS", 200)
	in := synthFleet(clusters, 300)
	b.Run(fmt.Sprintf("pages-%dx300", clusters), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := Build(context.Background(), in, b.TempDir(), Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(clusters*300), "tables")
		if rss := peakRSS(); rss > 0 {
			b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MiB")
		}
	})
	withDiagrams := benchSize("AURORADOC_BENCH_CLUSTERS_FULL", 20)
	part := Input{Manifest: in.Manifest, Snapshots: in.Snapshots[:min(withDiagrams, len(in.Snapshots))]}
	b.Run(fmt.Sprintf("full-%dx300", len(part.Snapshots)), func(b *testing.B) {
		cache := b.TempDir()
		o, closeFn, err := WithRenderers(context.Background(), cache)
		if err != nil {
			b.Fatal(err)
		}
		defer closeFn()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			start := time.Now()
			if err := Build(context.Background(), part, b.TempDir(), o); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(time.Since(start).Milliseconds()), "cold-ms")
			// Re-render with the diagram cache warm, as the nightly job does
			// when little changed.
			start = time.Now()
			if err := Build(context.Background(), part, b.TempDir(), o); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(time.Since(start).Milliseconds()), "warm-ms")
		}
	})
}

func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	var kb int64
	for _, line := range splitLines(string(b)) {
		if n, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); n == 1 && err == nil {
			return kb << 10
		}
	}
	return 0
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

package er

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkSchema300 lays out a whole 300-table schema (no cache).
func BenchmarkSchema300(b *testing.B) {
	ctx := context.Background()
	s := synthSchema("bench", 300, 1)
	r := newRenderer(b, Options{Link: tableLink})
	for b.Loop() {
		if _, err := r.Schema(ctx, s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSchema300DOT writes the DOT source of the same schema, to show
// how much of the above is ours.
func BenchmarkSchema300DOT(b *testing.B) {
	s := synthSchema("bench", 300, 1)
	r := newRenderer(b, Options{Link: tableLink})
	for b.Loop() {
		if _, err := r.schemaDOT(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOverview1000 splits a 1,000-table schema into parts of at most
// 60 tables and lays out every part and the index (no cache).
func BenchmarkOverview1000(b *testing.B) {
	ctx := context.Background()
	s := synthSchema("bench", 1000, 42)
	r := newRenderer(b, Options{Link: tableLink, PartLink: partLink})
	for b.Loop() {
		parts, err := r.Overview(ctx, s, 60)
		if err != nil {
			b.Fatal(err)
		}
		if len(parts) < 18 {
			b.Fatalf("%d parts", len(parts))
		}
	}
}

// benchTable is the table whose neighbourhood the table benchmarks draw,
// in the 300-table schema: 8 tables at distance 1, 50 at distance 2 (it
// is two hops from the hub tables).
const benchTable = "trip"

// benchDistances runs f for each distance as a sub-benchmark.
func benchDistances(b *testing.B, f func(b *testing.B, distance int)) {
	for _, d := range []int{1, 2} {
		b.Run(fmt.Sprintf("distance=%d", d), func(b *testing.B) { f(b, d) })
	}
}

// BenchmarkTableCold lays out one table neighbourhood every time.
func BenchmarkTableCold(b *testing.B) {
	benchDistances(b, func(b *testing.B, distance int) {
		ctx := context.Background()
		s := synthSchema("bench", 300, 1)
		r := newRenderer(b, Options{Link: tableLink})
		for b.Loop() {
			if _, err := r.Table(ctx, s, benchTable, distance); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkTableCachedMemory serves the same neighbourhood from an
// in-memory cache: index the schema, write the DOT, hash it, look it up.
func BenchmarkTableCachedMemory(b *testing.B) {
	benchDistances(b, func(b *testing.B, distance int) {
		benchTableCached(b, newMemCache(), distance)
	})
}

// BenchmarkTableCachedDir serves it from a DirCache.
func BenchmarkTableCachedDir(b *testing.B) {
	benchDistances(b, func(b *testing.B, distance int) {
		c, err := DirCache(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		benchTableCached(b, c, distance)
	})
}

func benchTableCached(b *testing.B, c Cache, distance int) {
	ctx := context.Background()
	s := synthSchema("bench", 300, 1)
	r := newRenderer(b, Options{Link: tableLink, Cache: c})
	if _, err := r.Table(ctx, s, benchTable, distance); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.Table(ctx, s, benchTable, distance); err != nil {
			b.Fatal(err)
		}
	}
	if st := r.Stats(); st.Renders != 1 {
		b.Fatalf("stats %+v: the cache missed", st)
	}
}

// BenchmarkNew creates and closes a Renderer (the Graphviz instance; the
// WebAssembly compile happened once, at process start).
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		r, err := New(ctx, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

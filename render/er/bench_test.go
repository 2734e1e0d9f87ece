package er

import (
	"context"
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
		parts, err := r.Overview(ctx, s, Fit{MaxTables: 60})
		if err != nil {
			b.Fatal(err)
		}
		if len(parts) < 18 {
			b.Fatalf("%d parts", len(parts))
		}
	}
}

// BenchmarkSchema300CachedMemory serves the 300-table schema from an
// in-memory cache: index the schema, write the DOT, hash it, look it up.
func BenchmarkSchema300CachedMemory(b *testing.B) {
	benchSchemaCached(b, newMemCache())
}

// BenchmarkSchema300CachedDir serves it from a DirCache.
func BenchmarkSchema300CachedDir(b *testing.B) {
	c, err := DirCache(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	benchSchemaCached(b, c)
}

func benchSchemaCached(b *testing.B, c Cache) {
	ctx := context.Background()
	s := synthSchema("bench", 300, 1)
	r := newRenderer(b, Options{Link: tableLink, Cache: c})
	if _, err := r.Schema(ctx, s); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.Schema(ctx, s); err != nil {
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

package er

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/k1LoW/tbls/schema"
)

// fixture returns schema name of the frozen MariaDB fixture snapshot, read
// afresh so tests may change it.
func fixture(t testing.TB, name string) *schema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "snapshots", "fixture-mariadb.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	snap, err := snapshot.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := snap.FindSchema(name)
	if sc == nil {
		t.Fatalf("fixture snapshot has no schema %q", name)
	}
	return sc.Tbls
}

// tableLink is the Link function of the tests: a page per table.
func tableLink(table string) string { return "tables/" + url.PathEscape(table) + ".html" }

// partLink is the PartLink function of the tests.
func partLink(part string) string { return "overview/" + part + ".html" }

// newRenderer returns a Renderer closed at the end of the test.
func newRenderer(t testing.TB, opts Options) *Renderer {
	t.Helper()
	r, err := New(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Error(err)
		}
	})
	return r
}

// memCache is a Cache in memory that counts its calls.
type memCache struct {
	mu         sync.Mutex
	m          map[string][]byte
	gets, puts int
}

func newMemCache() *memCache { return &memCache{m: map[string][]byte{}} }

func (c *memCache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gets++
	b, ok := c.m[key]
	return b, ok
}

func (c *memCache) Put(key string, svg []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.puts++
	c.m[key] = svg
	return nil
}

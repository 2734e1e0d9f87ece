package er

import (
	"context"
	"net/url"
	"sync"
	"testing"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/testsnap"
)

// fixture returns schema name of the frozen MariaDB fixture snapshot, read
// afresh so tests may change it.
func fixture(t testing.TB, name string) *schema.Schema {
	t.Helper()
	return testsnap.Schema(t, name).Tbls
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

// names returns the table names of nodes.
func (m *model) names(nodes []int) []string {
	out := make([]string, len(nodes))
	for k, i := range nodes {
		out[k] = m.name(i)
	}
	return out
}

// overview partitions all of m into groups of at most max tables and
// names them (Overview without layouts).
func (m *model) overview(max int) *overview {
	all := make([]int, len(m.tables))
	for i := range all {
		all[i] = i
	}
	return m.overviewOf(m.partitionOf(all, max))
}

// partDOT returns the DOT source of part p of o.
func (o *overview) partDOT(p int, link func(string) string) []byte {
	return o.m.partSource(o.groups[p], link)
}

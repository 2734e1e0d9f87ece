package er

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCacheHit renders the same schema twice: the second time comes from
// the cache, byte-identical, without a layout.
func TestCacheHit(t *testing.T) {
	ctx := context.Background()
	cache := newMemCache()
	r := newRenderer(t, Options{Cache: cache, Link: tableLink})
	s := fixture(t, "shop")
	first, err := r.Schema(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Stats(); got != (Stats{Renders: 1}) {
		t.Fatalf("after the first render: %+v", got)
	}
	second, err := r.Schema(ctx, fixture(t, "shop"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Stats(); got != (Stats{Renders: 1, CacheHits: 1}) {
		t.Fatalf("after the second render: %+v", got)
	}
	if !bytes.Equal(first, second) {
		t.Error("cached SVG differs from the rendered one")
	}
	if cache.puts != 1 {
		t.Errorf("cache got %d puts, want 1", cache.puts)
	}
	// A different schema is a miss.
	if _, err := r.Schema(ctx, fixture(t, "billing")); err != nil {
		t.Fatal(err)
	}
	if got := r.Stats(); got.Renders != 2 {
		t.Errorf("a different schema did not render: %+v", got)
	}
}

// TestDirCache checks that a second Renderer over the same directory (a
// later run of the site build) renders nothing, and that files are named
// by key with no temporary files left behind.
func TestDirCache(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "cache")
	s := fixture(t, "shop")
	render := func() ([]byte, Stats) {
		cache, err := DirCache(dir)
		if err != nil {
			t.Fatal(err)
		}
		r := newRenderer(t, Options{Cache: cache})
		svg, err := r.Schema(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		return svg, r.Stats()
	}
	svg1, st1 := render()
	svg2, st2 := render()
	if st1 != (Stats{Renders: 1}) || st2 != (Stats{CacheHits: 1}) {
		t.Errorf("stats: first run %+v, second run %+v", st1, st2)
	}
	if !bytes.Equal(svg1, svg2) {
		t.Error("SVG from the directory cache differs")
	}
	r := newRenderer(t, Options{})
	dot, err := r.schemaDOT(s)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{cacheKey(dot) + ".svg"}; !slices.Equal(names, want) {
		t.Errorf("cache directory holds %q, want %q", names, want)
	}
}

// TestDirCacheKeys checks that keys that are not digests are refused, so
// a key can never name a file outside the directory.
func TestDirCacheKeys(t *testing.T) {
	c, err := DirCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"", "../x", strings.Repeat("A", 64), strings.Repeat("a", 63), strings.Repeat("a", 63) + "/"} {
		if err := c.Put(key, []byte("<svg/>")); err == nil {
			t.Errorf("Put(%q) succeeded", key)
		}
		if _, ok := c.Get(key); ok {
			t.Errorf("Get(%q) hit", key)
		}
	}
	key := strings.Repeat("0", 64)
	if _, ok := c.Get(key); ok {
		t.Error("empty cache hit")
	}
	if err := c.Put(key, []byte("<svg></svg>")); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(key); !ok || string(got) != "<svg></svg>" {
		t.Errorf("Get = %q, %v", got, ok)
	}
	if _, err := DirCache(""); err == nil {
		t.Error("DirCache(\"\") succeeded")
	}
}

// TestCacheKeysFollowContent changes one column of one table and checks
// that exactly the diagrams showing that table get a new key: the whole
// schema and the overview parts (a table shown only as a reference from another part has no
// columns, so that part keeps its key).
func TestCacheKeysFollowContent(t *testing.T) {
	const changed = "product"
	r := newRenderer(t, Options{Link: tableLink, PartLink: partLink})
	before, after := fixture(t, "shop"), fixture(t, "shop")
	tb, err := after.FindTableByName(changed)
	if err != nil {
		t.Fatal(err)
	}
	col, err := tb.FindColumnByName("price")
	if err != nil {
		t.Fatal(err)
	}
	col.Type = "decimal(14,2)"

	key := func(dot []byte, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return cacheKey(dot)
	}
	if key(r.schemaDOT(before)) == key(r.schemaDOT(after)) {
		t.Error("schema key did not change")
	}

	mb, _ := newModel(before)
	ma, _ := newModel(after)
	ob, oa := mb.overview(4), ma.overview(4)
	if !slices.Equal(ob.names, oa.names) {
		t.Fatalf("parts changed: %q vs %q", ob.names, oa.names)
	}
	if key(ob.indexDOT(partLink), nil) != key(oa.indexDOT(partLink), nil) {
		t.Error("index key changed with a column")
	}
	changedParts, ghostParts := 0, 0
	for p := range ob.groups {
		includes := slices.Contains(ob.groups[p], mb.byName[changed])
		for _, e := range mb.rels {
			if !includes && e.parent == mb.byName[changed] && ob.owner[e.child] == p {
				ghostParts++ // the part shows the table as a reference
				break
			}
		}
		if k1, k2 := key(ob.partDOT(p, tableLink), nil), key(oa.partDOT(p, tableLink), nil); (k1 != k2) != includes {
			t.Errorf("part %s: key changed %v, part includes %s %v", ob.names[p], k1 != k2, changed, includes)
		}
		if includes {
			changedParts++
		}
	}
	if changedParts != 1 || ghostParts == 0 {
		t.Errorf("%s is in %d of %d parts and referenced from %d; the test needs it in one and referenced from another",
			changed, changedParts, len(ob.groups), ghostParts)
	}
}

// TestCacheKeyVersion checks that the renderer version is part of the
// key, so a new renderer never serves old pictures.
func TestCacheKeyVersion(t *testing.T) {
	k := cacheKey([]byte("digraph {}"))
	if !validKey(k) {
		t.Fatalf("key %q is not a digest", k)
	}
	if k == cacheKey([]byte("digraph {} ")) {
		t.Error("key ignores the DOT source")
	}
	if !strings.Contains(rendererVersion, "12.1.2") {
		t.Errorf("renderer version %q does not name the Graphviz build", rendererVersion)
	}
}

// TestDirCacheCutShortIsAMiss: entries are not synced one by one, so after
// a power loss one may be empty or cut short; such an entry is a miss (the
// diagram is drawn again), never served.
func TestDirCacheCutShortIsAMiss(t *testing.T) {
	c, err := DirCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key := strings.Repeat("ab", 32)
	for _, data := range []string{"", "<svg xmlns=\"http://www.w3.org/2000/svg\"><g>"} {
		if err := c.Put(key, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Get(key); ok {
			t.Errorf("an entry of %q was served", data)
		}
	}
	whole := "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n"
	if err := c.Put(key, []byte(whole)); err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Get(key); !ok || string(got) != whole {
		t.Errorf("a whole entry: %q, %v", got, ok)
	}
}

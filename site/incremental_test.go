package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/site/sitedir"
	"github.com/auroradoc/auroradoc/snapshot"
)

// storeNight writes the fixture snapshot, changed by change, and a
// failing target as a set of st, and returns its input.
func storeNight(t *testing.T, st *snapshot.Store, night int, change func(*snapshot.Snapshot)) Input {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 11, 20+night, 3, 0, 0, 0, time.UTC)
	w, err := st.NewSet(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	s := testsnap.Fixture(t)
	if change != nil {
		change(s)
	}
	file, sum, err := w.Put(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	m := &snapshot.Manifest{StartedAt: at, FinishedAt: at.Add(time.Minute), Targets: []*snapshot.Entry{
		{Name: s.Target.Name, Status: snapshot.StatusOK, File: file, SHA256: sum},
		{Name: "legacy", Status: snapshot.StatusFailed, Error: "connecting: refused"},
	}}
	if err := w.Finish(ctx, m); err != nil {
		t.Fatal(err)
	}
	return FromStore(st, m)
}

// siteFiles reads every file a render wrote (not the state marker, not
// drift/).
func siteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "drift" {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || d.Name() == markerFile {
			return err
		}
		r, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(r)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameSite fails unless two sites hold the same files with the same bytes.
func sameSite(t *testing.T, got, want string) {
	t.Helper()
	g, w := siteFiles(t, got), siteFiles(t, want)
	for name, b := range w {
		if gb, ok := g[name]; !ok {
			t.Errorf("%s missing from the re-rendered site", name)
		} else if !bytes.Equal(gb, b) {
			t.Errorf("%s differs from a fresh render", name)
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("%s is in the re-rendered site, not in a fresh render", name)
		}
	}
}

func mtimes(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	m := map[string]time.Time{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != markerFile && d.Name() != sitedir.LockFile { // neither is a page
			fi, _ := d.Info()
			r, _ := filepath.Rel(dir, p)
			m[filepath.ToSlash(r)] = fi.ModTime()
		}
		return nil
	})
	return m
}

// TestIncrementalRerender: an unchanged night skips the target and writes
// nothing; one changed column comment rewrites only the files that show
// it; a dropped table's files go; drift/ is never touched; and every
// re-render equals a fresh render of the same night, byte for byte.
func TestIncrementalRerender(t *testing.T) {
	ctx := context.Background()
	o, closeFn, err := WithRenderers(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	st, err := snapshot.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	drift := filepath.Join(out, "drift", "index.html")
	render := func(in Input) *buildStats {
		t.Helper()
		stats, err := buildSite(ctx, in, out, o)
		if err != nil {
			t.Fatal(err)
		}
		fresh := t.TempDir()
		if err := Build(ctx, in, fresh, o); err != nil {
			t.Fatal(err)
		}
		sameSite(t, out, fresh)
		return stats
	}

	night1 := storeNight(t, st, 1, nil)
	render(night1)
	if err := os.MkdirAll(filepath.Dir(drift), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(drift, []byte("drift pages"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := mtimes(t, out)
	time.Sleep(10 * time.Millisecond)

	// Same snapshot on night 2: nothing is loaded or written but the index
	// (it names the run).
	stats := render(storeNight(t, st, 2, nil))
	if stats.targetsSkipped != 1 || stats.written != 1 {
		t.Errorf("unchanged night: %+v, want the target skipped and only index.html written", *stats)
	}
	after := mtimes(t, out)
	for name, mt := range before {
		if name != "index.html" && !after[name].Equal(mt) {
			t.Errorf("unchanged night rewrote %s", name)
		}
	}

	// One column comment changes.
	before = after
	time.Sleep(10 * time.Millisecond)
	stats = render(storeNight(t, st, 3, func(s *snapshot.Snapshot) {
		c, err := s.FindSchema("shop").Tbls.FindTableByName("customer")
		if err != nil {
			t.Fatal(err)
		}
		col, _ := c.FindColumnByName("email")
		col.Comment = "changed"
	}))
	after = mtimes(t, out)
	var rewritten []string
	for name, mt := range after {
		if !before[name].Equal(mt) {
			rewritten = append(rewritten, name)
		}
	}
	slices.Sort(rewritten)
	for _, want := range []string{"index.html", "md/fixture-mariadb/shop/customer.md", "t/fixture-mariadb/s/shop/customer.html", "t/fixture-mariadb/search.js", "search-index.js"} {
		if !slices.Contains(rewritten, want) {
			t.Errorf("changed comment: %s not rewritten (rewritten: %q)", want, rewritten)
		}
	}
	for _, name := range rewritten {
		if strings.Contains(name, "/billing/") || strings.Contains(name, "hostile") || strings.HasPrefix(name, "drift/") {
			t.Errorf("changed comment in shop.customer rewrote %s", name)
		}
	}
	if stats.tablesSkipped == 0 || stats.tablesSkipped >= stats.tables {
		t.Errorf("changed comment: %+v, want most tables skipped", *stats)
	}
	t.Logf("one changed comment: %+v, rewritten %q", *stats, rewritten)

	// A table is dropped: its page, diagram and Markdown go.
	stats = render(storeNight(t, st, 4, func(s *snapshot.Snapshot) {
		sc := s.FindSchema("billing")
		var kept []*schema.Table
		for _, tb := range sc.Tbls.Tables {
			if tb.Name != "invoice" {
				kept = append(kept, tb)
			}
		}
		sc.Tbls.Tables = kept
		var rels []*schema.Relation
		for _, r := range sc.Tbls.Relations {
			if r.Table.Name != "invoice" && r.ParentTable.Name != "invoice" {
				rels = append(rels, r)
			}
		}
		sc.Tbls.Relations = rels
		var infos []*snapshot.TableInfo
		for _, ti := range sc.Tables {
			if ti.Name != "invoice" {
				infos = append(infos, ti)
			}
		}
		sc.Tables = infos
		if err := snapshot.Relink(sc.Tbls); err != nil {
			t.Fatal(err)
		}
	}))
	if stats.deleted < 2 {
		t.Errorf("dropped table: %+v, want its page and Markdown deleted", *stats)
	}
	if b, err := os.ReadFile(drift); err != nil || string(b) != "drift pages" {
		t.Errorf("drift/ was touched: %q, %v", b, err)
	}

	// A render that died half-way is not trusted: everything is compared
	// again (and stays byte-identical).
	if err := writeState(out, &state{Complete: false}); err != nil {
		t.Fatal(err)
	}
	stats = render(night1)
	if stats.targetsSkipped != 0 || stats.tablesSkipped != 0 {
		t.Errorf("after an interrupted render: %+v, want nothing skipped", *stats)
	}
	if b, err := os.ReadFile(drift); err != nil || string(b) != "drift pages" {
		t.Errorf("drift/ was touched after an interrupted render: %q, %v", b, err)
	}
}

// TestRenderOverAnOlderSite: a site written by an older auroradoc (a
// plain-text marker, no state) is updated in place: files no render
// produces any more are deleted, drift/ and dot-entries are left alone.
func TestRenderOverAnOlderSite(t *testing.T) {
	out := t.TempDir()
	for name, content := range map[string]string{
		markerFile:                 "written by auroradoc render; the directory is replaced on every render\n",
		"t/gone/index.html":        "old",
		"search-index.js":          "old",
		"drift/index.html":         "drift pages",
		".git-keep/x":              "dot",
		"t/fixture-mariadb/x.html": "old",
	} {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Build(context.Background(), fixtureInput(t), out, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"t/gone", "t/fixture-mariadb/x.html"} {
		if _, err := os.Stat(filepath.Join(out, gone)); err == nil {
			t.Errorf("%s survived the render", gone)
		}
	}
	for _, kept := range []string{"drift/index.html", ".git-keep/x"} {
		if _, err := os.Stat(filepath.Join(out, kept)); err != nil {
			t.Errorf("%s was deleted: %v", kept, err)
		}
	}
	fresh := t.TempDir()
	if err := Build(context.Background(), fixtureInput(t), fresh, Options{}); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(out, ".git-keep"))
	sameSite(t, out, fresh)
}

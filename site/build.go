package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/site/sitepath"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/templates"
)

// Build writes the site for in into out (created if needed). A previous
// site there is updated in place: targets whose inputs are unchanged are
// skipped, files are written only when their bytes change, and files the
// render no longer produces are deleted; out/drift/ is never touched, nor
// any file no render is known to have written (those are named in a
// warning when the previous render did not finish or its marker is
// damaged). Any other non-empty directory is refused, and so is a
// directory another render or a publish holds (sitedir.ErrBusy). Output
// is deterministic: the same input gives byte-identical files, whatever
// was in out before.
//
// Snapshots are loaded one target at a time (Input.Open) and dropped once
// the target is rendered; at most 2 × GOMAXPROCS are held at once.
func Build(ctx context.Context, in Input, out string, o Options) error {
	_, err := buildSite(ctx, in, out, o)
	return err
}

// buildStats says how much a build could skip (for tests and benchmarks).
type buildStats struct {
	targets, targetsSkipped int
	tables, tablesSkipped   int64
	written, unchanged      int64
	deleted                 int
}

func buildSite(ctx context.Context, in Input, out string, o Options) (*buildStats, error) {
	jobs, err := in.jobs()
	if err != nil {
		return nil, fmt.Errorf("rendering the site: %w", err)
	}
	b, err := newBuilder(ctx, out, o)
	if err != nil {
		return nil, err
	}
	b.set = in.Manifest.Set
	b.generated = in.Manifest.FinishedAt.UTC().Format("2006-01-02 15:04 UTC")
	d, err := openOut(out, b.set, b.log)
	if err != nil {
		return nil, err
	}
	defer d.close()
	b.journal, b.owned = d.journal, d.owned
	if d.prev != nil && d.prev.Version == b.version {
		b.prev = d.prev
	}
	defer os.RemoveAll(filepath.Join(out, tmpDir))

	// Targets are rendered concurrently, each by its own targetBuilder;
	// the results are joined in target order so the index stays
	// deterministic.
	// A damaged snapshot (snapshot.ErrDamaged) costs its own target only:
	// its previous pages are kept when there are any, and the index says
	// why.
	results := make([]*targetState, len(jobs))
	damaged := make([]string, len(jobs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency())
	for i, j := range jobs {
		g.Go(func() error {
			ts, err := b.renderTarget(gctx, j)
			if errors.Is(err, snapshot.ErrDamaged) {
				b.log.Warn("site: damaged snapshot not rendered", "target", j.entry.Name, "error", err.Error())
				damaged[i] = "damaged"
				results[i] = lastRender(d.prev, j.entry.Name)
				return nil
			}
			if err != nil {
				return fmt.Errorf("rendering %s: %w", j.entry.Name, err)
			}
			results[i] = ts
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	next := &state{Complete: true, Version: b.version, Targets: map[string]*targetState{}}
	b.damaged = map[string]string{}
	for i, j := range jobs {
		if results[i] != nil {
			next.Targets[j.entry.Name] = results[i]
		}
		if damaged[i] != "" {
			b.damaged[j.entry.Name] = damaged[i]
		}
	}
	gw := b.fileWriter(false)
	if err := b.assets(gw); err != nil {
		return nil, err
	}
	if err := b.index(gw, in.Manifest, next.Targets); err != nil {
		return nil, err
	}
	if err := b.searchIndex(gw, next.Targets); err != nil {
		return nil, err
	}
	if err := b.anomaliesFleet(gw, next.Targets); err != nil {
		return nil, err
	}
	if err := b.mdFleetReadme(gw, next.Targets); err != nil {
		return nil, err
	}
	next.Files = gw.files
	// Pages of a damaged target that no state lists (the previous render
	// was interrupted) are kept too: they are its last render.
	var keep []string
	for i, j := range jobs {
		if damaged[i] != "" && results[i] == nil {
			keep = append(keep, targetDir(j.entry.Name), "md/"+j.entry.Name+"/")
		}
	}
	deleted, err := d.removeStale(next, keep)
	if err != nil {
		return nil, err
	}
	if err := d.finish(next); err != nil {
		return nil, err
	}
	st := &b.stats
	return &buildStats{targets: len(jobs), targetsSkipped: int(st.targetsSkipped.Load()), tables: st.tables.Load(),
		tablesSkipped: st.tablesSkipped.Load(), written: st.written.Load(), unchanged: st.unchanged.Load(), deleted: deleted}, nil
}

// lastRender is a target's state in the previous render, whatever version
// of auroradoc made it, with its key cleared so the target is rendered
// again once its snapshot can be read; nil when there is none.
func lastRender(prev *state, name string) *targetState {
	if prev == nil || prev.Targets[name] == nil {
		return nil
	}
	ts := *prev.Targets[name]
	ts.Key = ""
	return &ts
}

// builder holds what every target's rendering shares (read-only once
// built, but for the counters).
type builder struct {
	// damaged maps the targets whose snapshot could not be read to why
	// (set once every target is rendered, read by the index).
	damaged        map[string]string
	out            string
	o              Options
	pages          map[string]*template.Template
	set, generated string
	version        string
	log            *slog.Logger
	// prev is the state of the previous render when its inputs can be
	// compared with this one's (same version); nil otherwise.
	prev *state
	// owned holds the files earlier renders wrote (read-only); journal
	// records the others before they are written.
	owned   map[string]bool
	journal *journal
	stats   struct {
		targetsSkipped                            atomic.Int64
		tables, tablesSkipped, written, unchanged atomic.Int64
	}
}

func newBuilder(_ context.Context, out string, o Options) (*builder, error) {
	layout := []string{"html/layout.html", "html/er_legend.html"}
	if o.DriftLink {
		// drift_common.html defines the layout's "drift-nav" block.
		layout = append(layout, "html/drift_common.html")
	}
	t, err := template.New("site").ParseFS(templates.HTML, layout...)
	if err != nil {
		return nil, fmt.Errorf("parsing layout template: %w", err)
	}
	b := &builder{out: out, o: o, pages: map[string]*template.Template{}, log: o.Logger}
	if b.log == nil {
		b.log = slog.Default()
	}
	for _, name := range []string{"index", "cluster", "parameters", "schema", "table", "search", "diagram", "anomalies", "anomalies_fleet"} {
		pt, err := template.Must(t.Clone()).ParseFS(templates.HTML, "html/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parsing %s template: %w", name, err)
		}
		b.pages[name] = pt
	}
	if b.version, err = siteVersion(o); err != nil {
		return nil, err
	}
	return b, nil
}

// fileWriter writes files of the site and records their names. When fresh
// (nothing of its files exists yet), it does not look at what is there.
type fileWriter struct {
	b     *builder
	fresh bool
	files []string
	dirs  map[string]bool
	// crawl is the site-relative crawl.js of the target being rendered,
	// "" for the fleet pages.
	crawl string
}

func (b *builder) fileWriter(fresh bool) *fileWriter {
	return &fileWriter{b: b, fresh: fresh, dirs: map[string]bool{}}
}

// write writes data to the site-relative path rel unless the file already
// holds exactly these bytes, so unchanged files keep their modification
// time.
func (w *fileWriter) write(rel string, data []byte) error {
	w.files = append(w.files, rel)
	p := filepath.Join(w.b.out, filepath.FromSlash(rel))
	if !w.fresh {
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
			w.b.stats.unchanged.Add(1)
			return nil
		}
	}
	if err := w.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	if err := w.b.claim(rel); err != nil {
		return err
	}
	w.b.stats.written.Add(1)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	return nil
}

func (w *fileWriter) mkdir(dir string) error {
	if w.dirs[dir] {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	w.dirs[dir] = true
	return nil
}

// claim records in the journal that the render is about to write rel (a
// file, or a directory with a trailing "/"), unless an earlier render
// wrote it already.
func (b *builder) claim(rel string) error {
	if b.owned[rel] {
		return nil
	}
	return b.journal.add(rel)
}

// keep records files that are kept as they are (skipped as unchanged).
func (w *fileWriter) keep(rels ...string) { w.files = append(w.files, rels...) }

func (w *fileWriter) render(page, name, title string, crumbs []link, data any) error {
	var buf bytes.Buffer
	root := sitepath.RootOf(page)
	abs := make([]link, len(crumbs)) // crumbs are site-relative
	for i, c := range crumbs {
		abs[i] = link{Text: c.Text, Href: root + c.Href}
	}
	f := frame{Title: title, Root: root, Crumbs: abs, Page: data}
	if w.crawl != "" {
		f.Crawl = sitepath.Rel(page, w.crawl)
	}
	if page == "index.html" {
		// Only the fleet index names the run: every other page must stay
		// byte-identical while its content is unchanged, so a nightly
		// publish uploads only what really changed.
		f.Set, f.Generated = w.b.set, w.b.generated
	}
	if err := w.b.pages[name].ExecuteTemplate(&buf, "layout", f); err != nil {
		return fmt.Errorf("rendering %s: %w", page, err)
	}
	return w.write(page, buf.Bytes())
}

// present reports whether every file exists.
func (b *builder) present(rels []string) bool {
	for _, r := range rels {
		if _, err := os.Lstat(filepath.Join(b.out, filepath.FromSlash(r))); err != nil {
			return false
		}
	}
	return true
}

func (b *builder) assets(w *fileWriter) error {
	return fs.WalkDir(templates.Assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := templates.Assets.ReadFile(p)
		if err != nil {
			return err
		}
		return w.write(p, data)
	})
}

// sortedNames returns the keys of m, sorted.
func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// concurrency is how many targets are rendered at once: twice the CPUs,
// so that one target's CPU work (Markdown, diagrams) overlaps another's
// file creation, which on a journaling disk is kernel time that does not
// scale with threads. Memory holds that many snapshots at most.
func concurrency() int { return 2 * runtime.GOMAXPROCS(0) }

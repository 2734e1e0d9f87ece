package driftpages

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/internal/atomicfile"
	"github.com/auroradoc/auroradoc/site/sitedir"
	"github.com/auroradoc/auroradoc/site/sitepath"
	"github.com/auroradoc/auroradoc/templates"
)

// Options tune a build.
type Options struct {
	// Concurrency is how many targets are written at once; 0 means
	// GOMAXPROCS.
	Concurrency int
	// IndexNights is how many of the newest nights drift/index.html
	// shows (the month pages show all); 0 means 30.
	IndexNights int
}

// pageTemplates are the page templates, each parsed with the layout.
var pageTemplates = []string{"drift_fleet", "drift_target", "drift_schema", "drift_sizes", "drift_compare", "drift_params", "drift_param", "drift_variables"}

// Build writes the drift pages of h under out/drift/; nothing else under
// out is touched. The same history gives byte-identical files. Each file
// is replaced atomically, and only when its bytes change; files under
// drift/ that the build does not produce are deleted once every page is
// written. So a reader, or a build that fails or dies half-way, never
// sees a missing or half-written page: at worst some pages are of the
// previous build and some of this one.
//
// The build holds the site directory's exclusive lock (site/sitedir), as
// a render does, so a publish never reads drift/ half-written and a
// render never runs at the same time. Pages are not synced to disk one by
// one: after a crash, a page that differs from what the next build makes
// is rewritten by it.
func Build(ctx context.Context, h *history.History, out string, o Options) error {
	if out == "" {
		return errors.New("writing drift pages: no output directory")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("writing drift pages: %w", err)
	}
	set := ""
	if n := len(h.Nights); n > 0 {
		set = h.Nights[n-1].Set
	}
	lock, err := sitedir.LockExclusive(out, "drift pages", set)
	if err != nil {
		return fmt.Errorf("writing drift pages: %w", err)
	}
	defer lock.Release()
	return buildWith(ctx, h, out, o, atomicfile.WriteFileNoSync)
}

// buildWith is Build with the function that replaces one file.
func buildWith(ctx context.Context, h *history.History, out string, o Options, writeFile func(string, []byte, os.FileMode) error) error {
	if out == "" {
		return errors.New("writing drift pages: no output directory")
	}
	if o.IndexNights <= 0 {
		o.IndexNights = 30
	}
	if o.Concurrency <= 0 {
		o.Concurrency = runtime.GOMAXPROCS(0)
	}
	b := &builder{h: h, out: out, o: o, pages: map[string]*template.Template{}, writeFile: writeFile, written: map[string]bool{},
		docs: &docs{out: out, files: map[string][]byte{}}}
	base, err := template.New("drift").ParseFS(templates.HTML, "html/layout.html", "html/drift_common.html")
	if err != nil {
		return fmt.Errorf("parsing layout template: %w", err)
	}
	for _, name := range pageTemplates {
		t, err := template.Must(base.Clone()).ParseFS(templates.HTML, "html/"+name+".html")
		if err != nil {
			return fmt.Errorf("parsing %s template: %w", name, err)
		}
		b.pages[name] = t
	}
	if n := len(h.Nights); n > 0 {
		last := h.Nights[n-1]
		b.set = last.Set
		if !last.TakenAt.IsZero() {
			b.generated = last.TakenAt.UTC().Format("2006-01-02 15:04 UTC")
		}
	}
	if err := os.MkdirAll(filepath.Join(out, driftDir), 0o755); err != nil {
		return fmt.Errorf("creating drift pages directory: %w", err)
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Concurrency)
	for _, t := range h.Targets {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			if err := b.target(t); err != nil {
				return fmt.Errorf("writing drift pages of %s: %w", t.Name, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := b.parameters(); err != nil {
		return err
	}
	if err := b.variables(); err != nil {
		return err
	}
	if err := b.fleet(); err != nil {
		return err
	}
	return b.prune(ctx)
}

type builder struct {
	h              *history.History
	out            string
	o              Options
	pages          map[string]*template.Template
	set, generated string

	docs      *docs
	writeFile func(string, []byte, os.FileMode) error // atomicfile.WriteFile but in tests
	mu        sync.Mutex
	written   map[string]bool // site-relative paths this build produced
}

// render writes page (site-relative) from template name. Crumbs are
// site-relative and made relative to the page.
func (b *builder) render(page, name, title string, crumbs []link, data any) error {
	root := sitepath.RootOf(page)
	abs := make([]link, len(crumbs))
	for i, c := range crumbs {
		abs[i] = link{Text: c.Text, Href: root + c.Href}
	}
	f := frame{Title: title, Root: root, Crumbs: abs, Page: data}
	if page == "drift/index.html" {
		// Only the timeline names the newest night: other pages stay
		// byte-identical while their content is unchanged.
		f.Set, f.Generated = b.set, b.generated
	}
	var buf bytes.Buffer
	if err := b.pages[name].ExecuteTemplate(&buf, "layout", f); err != nil {
		return fmt.Errorf("rendering %s: %w", page, err)
	}
	return b.write(page, buf.Bytes())
}

// date is how a night is named on the pages.
func (b *builder) date(i int) string {
	n := b.h.Nights[i]
	if n.TakenAt.IsZero() {
		return n.Set
	}
	return n.TakenAt.UTC().Format("2006-01-02")
}

func (b *builder) dateTime(i int) string {
	n := b.h.Nights[i]
	if n.TakenAt.IsZero() {
		return n.Set
	}
	return n.TakenAt.UTC().Format("2006-01-02 15:04")
}

func (b *builder) events(es []history.Event) []eventRow {
	rows := make([]eventRow, len(es))
	for i, e := range es {
		rows[i] = eventRow{Date: b.date(e.Night), Set: b.h.Nights[e.Night].Set, Value: e.Value, Unset: e.Unset}
	}
	return rows
}

var driftCrumb = link{Text: "drift", Href: "drift/index.html"}

// monthTitle names a month page.
func monthTitle(m string) string {
	if t, err := time.Parse("2006-01", m); err == nil {
		return t.Format("January 2006")
	}
	return strings.ToUpper(m[:1]) + m[1:]
}

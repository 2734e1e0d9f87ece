package site

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/er"
	"github.com/auroradoc/auroradoc/render/erlite"
	"github.com/auroradoc/auroradoc/render/markdown"
	"github.com/auroradoc/auroradoc/render/schemaindex"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// WithRenderers returns build options with the ER renderer (diagrams
// cached by content hash in cacheDir; "" = no cache) and the tbls-layout
// Markdown writer. closeFn releases the renderer.
//
// Graphviz runs in worker processes when the executable serves them (its
// main calls er.ServeWorkerIfRequested, as cmd/auroradoc's does), which
// keeps the memory of a large render bounded; otherwise in-process. See
// er.Options.Graphviz.
func WithRenderers(ctx context.Context, cacheDir string) (o Options, closeFn func() error, err error) {
	return withRenderers(ctx, cacheDir, er.Options{})
}

// WithRenderersLog is WithRenderers with the ER renderer logging to log
// (its Graphviz worker processes: starts, crashes, stderr).
func WithRenderersLog(ctx context.Context, cacheDir string, log *slog.Logger) (o Options, closeFn func() error, err error) {
	return withRenderers(ctx, cacheDir, er.Options{Logger: log})
}

// withRenderers is WithRenderers with the ER renderer's options (Cache is
// set from cacheDir).
func withRenderers(ctx context.Context, cacheDir string, eo er.Options) (o Options, closeFn func() error, err error) {
	var cache er.Cache
	if cacheDir != "" {
		if err := os.MkdirAll(cacheDir, 0o755); err != nil {
			return Options{}, nil, fmt.Errorf("creating diagram cache: %w", err)
		}
		if cache, err = er.DirCache(cacheDir); err != nil {
			return Options{}, nil, err
		}
	}
	eo.Cache = cache
	// Schema diagrams live in the schema's er/ directory, next to their
	// view pages: table pages are one level up.
	eo.Link = func(table string) string { return "../" + sitepath.Slug(table) + ".html" }
	eo.PartLink = func(part string) string { return "_part-" + part + ".html" }
	r, err := er.New(ctx, eo)
	if err != nil {
		return Options{}, nil, fmt.Errorf("starting the ER renderer: %w", err)
	}
	o = Options{
		ER: diagrams{r},
		Markdown: func(ctx context.Context, s *schema.Schema, dir, erImage string, pages func(string) bool) ([]string, error) {
			return markdown.WriteSchema(ctx, s, dir, markdown.Options{
				Pages: pages,
				ERLink: func(_, table string) string {
					// The schema diagram (t/<target>/s/<schema>/er/_schema.svg)
					// is shown in the README; table diagrams are drawn
					// inline in the HTML pages and have no file.
					if table == "" {
						return erImage
					}
					return ""
				},
			})
		},
	}
	return o, r.Close, nil
}

// diagrams draws table neighbourhoods with render/erlite (pure Go, ~0.1 ms
// each: a fleet has tens of thousands of tables) and schemas and overviews
// with Graphviz (render/er).
type diagrams struct{ *er.Renderer }

var _ Diagrammer = diagrams{}

// Table draws the direct neighbourhood of table as markup for the table's
// page itself (links relative to the page), so the neighbours in the
// diagram can be clicked. erlite writes no scripts, styles or foreign
// objects and escapes every name.
func (d diagrams) Table(_ context.Context, ix *schemaindex.Index, table string) ([]byte, error) {
	return erlite.TableIn(ix, table, erlite.Options{Link: func(t string) string { return sitepath.Slug(t) + ".html" }})
}

// DefaultCacheDir is where render keeps diagrams between runs.
func DefaultCacheDir(out string) string { return filepath.Join(out, "..", ".auroradoc-cache", "er") }

package site

import (
	"context"
	"log/slog"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/er"
	"github.com/auroradoc/auroradoc/render/schemaindex"
)

// Diagrammer draws the ER diagrams the site shows. WithRenderers gives
// one: table diagrams from render/erlite, schema diagrams and overviews
// from render/er.
type Diagrammer interface {
	// Table draws the direct neighbourhood of table for the table's own
	// page: links to the neighbours are relative to that page
	// ("<slug>.html"). The page holds it as markup when svgsafe.Inline
	// accepts it, else as an image. ix indexes the table's schema once
	// for all its tables' diagrams.
	Table(ctx context.Context, ix *schemaindex.Index, table string) ([]byte, error)
	// Schema draws the whole schema; it is written to the schema's
	// er/_schema.svg.
	Schema(ctx context.Context, s *schema.Schema) ([]byte, error)
	// Overview draws a schema in diagrams that fit f: one, or an index
	// (the part named er.IndexPart) and parts. Table boxes link to
	// "../<slug>.html" and index boxes to "_part-<name>.html" (the
	// diagrams live in the schema's er/ directory).
	Overview(ctx context.Context, s *schema.Schema, f er.Fit) ([]er.Part, error)
}

// Options tune a build.
type Options struct {
	// ER draws the diagrams; nil = no diagrams.
	ER Diagrammer
	// Markdown writes the tbls-layout Markdown of one schema into dir and
	// returns the names of the files written (relative to dir); nil = no
	// Markdown. er is the relative link from the schema's README.md to
	// its ER image ("" = none), as tbls' README shows it. pages, when not
	// nil, says which tables' pages to write (the README is always
	// written). The builder may pass a subset of a schema's tables (with
	// their direct neighbours) when only those changed, and keeps the
	// files of the changed tables only.
	Markdown func(ctx context.Context, s *schema.Schema, dir, er string, pages func(table string) bool) ([]string, error)
	// DriftLink puts a "Drift" link to drift/index.html in every page's
	// header; set it when the drift pages (package site/driftpages) are
	// written into the same directory.
	DriftLink bool
	// Logger receives warnings (files left in place because nothing
	// proves a render wrote them); nil means slog.Default().
	Logger *slog.Logger
}

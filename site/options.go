package site

import (
	"context"

	"github.com/k1LoW/tbls/schema"
)

// Diagrammer renders ER diagrams as SVG (render/er.Renderer).
type Diagrammer interface {
	Table(ctx context.Context, s *schema.Schema, table string, distance int) ([]byte, error)
	Schema(ctx context.Context, s *schema.Schema) ([]byte, error)
}

// Options tune a build.
type Options struct {
	// ER draws the diagrams; nil = no diagrams.
	ER Diagrammer
	// ERDistance is the neighbourhood passed to ER.Table (default 1); the
	// renderers of WithRenderers always draw direct neighbours.
	ERDistance int
	// Markdown writes the tbls-layout Markdown of one schema into dir and
	// returns the names of the files written (relative to dir); nil = no
	// Markdown. The builder may pass a subset of a schema's tables (with
	// their direct neighbours) when only those changed, and keeps the
	// files of the changed tables only.
	Markdown func(ctx context.Context, s *schema.Schema, dir string) ([]string, error)
	// DriftLink puts a "Drift" link to drift/index.html in every page's
	// header; set it when the drift pages (package site/history) are
	// written into the same directory.
	DriftLink bool
}

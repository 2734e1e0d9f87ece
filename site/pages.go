package site

import (
	"github.com/auroradoc/auroradoc/templates"
	"html/template"

	"github.com/auroradoc/auroradoc/snapshot"
)

// frame and link are the layout's types (templates.Frame, templates.Link).
type (
	frame = templates.Frame
	link  = templates.Link
)

type indexPage struct {
	Targets         []*indexRow
	Groups          []*indexGroup
	Tables          int
	TotalSize       string
	Failed, Skipped int
	Stale           int
	Damaged         int // targets whose snapshot could not be read
}

type indexGroup struct {
	Name    string
	Targets []*indexRow
}

type indexRow struct {
	Name, Href, Engine, Status, Note, Size, Crawled string
	Schemas, Tables                                 int
	// Stale is the marker of a snapshot carried forward from an earlier
	// set: since when and why ("stale — last good 2026-11-19, failed: …").
	Stale string
}

type clusterPage struct {
	Name          string
	Server        snapshot.Server
	Cluster       *snapshot.Cluster
	TakenAt, Size string
	Warnings      []string
	Schemas       []*schemaRow
	VariableCount int
	Differs       int
	Anomalies     int
	// Stale is set when the page shows a snapshot carried forward because
	// the latest crawl failed or was skipped.
	Stale *staleBanner
	Drift *driftLinks
}

// driftLinks are a page's links to the drift pages (Options.DriftLink):
// the target's history, a schema's changelog, a table's size trend.
type driftLinks struct {
	History, Changelog, Sizes, Compare string
}

type staleBanner struct {
	Status, Why, From, TakenAt string
}

type schemaRow struct {
	Name, Href, Size, Collation string
	Tables, Views               int
}

type paramPage struct {
	Name      string
	Groups    []*paramGroup
	Variables []nameValue
}

type paramGroup struct {
	Kind, Name string
	Rows       []*paramRow
}

type paramRow struct {
	snapshot.Parameter
	Anchor              string
	Running             string
	HasRunning, Differs bool
}

type nameValue struct{ Name, Value, Anchor string }

type schemaPage struct {
	Name, Target, Size, Markdown string
	// ER is the schema diagram (or the index of its parts) as markup,
	// links relative to the schema page; ERImage the same as an image
	// when it cannot be markup; ERView the full-size view page.
	ER      template.HTML
	ERImage template.URL
	ERView  string
	// Parts are the diagrams of a large schema's overview (view pages).
	Parts     []link
	Tables    []*tableRow
	Functions any
	Drift     *driftLinks
}

// diagramPage is the full-size view of one schema diagram, in er/.
type diagramPage struct {
	Schema, Title string
	// SVG is the diagram as markup (links relative to er/), Image the
	// same as an image when it cannot be markup.
	SVG   template.HTML
	Image template.URL
	// Back is the schema page, Index the view of the index of parts (for
	// a part), SVGFile the diagram's own file.
	Back, Index, SVGFile string
}

type tableRow struct {
	Name, Href, Type, Rows, Data, Index, Comment string
}

type tablePageData struct {
	Name, Type, Schema, Target, Comment, Def, Markdown string
	// ERInline is the diagram as markup in the page (links work), when
	// it is safe so (svgsafe.Inline); otherwise ERImage (the diagram as a
	// data: image).
	ERInline          template.HTML
	ERImage           template.URL
	Info              *tableInfo
	Columns           []*columnRow
	Indexes, Triggers any
	Constraints       []*constraintRow
	Relations         []*relationRow
	View              bool // views have no sizes
	Drift             *driftLinks
}

type constraintRow struct {
	Name, Type, Def string
	Rules           *fkRules // foreign keys only
}

type tableInfo struct{ Engine, Rows, Data, Index string }

type columnRow struct {
	Name, Anchor, Type, Default, Extra, Comment string
	HasDefault, Nullable, PK, FK                bool
	Children, Parents                           []fkLink
}

type relationRow struct {
	Direction, Table, Href, Def, Cardinality string
	Rules                                    *fkRules
}

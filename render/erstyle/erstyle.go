// Package erstyle holds the look shared by the schema diagrams
// (render/er, Graphviz) and the table diagrams (render/erlite), so both
// read as one visual style: colours for white paper (the site's dark mode
// recolours these exact values in templates/assets/style.css) and the
// font.
package erstyle

// Colours of the diagrams.
const (
	Border     = "#7d8b99" // box outlines
	Header     = "#dde7f1" // table header
	ViewHeader = "#e9e3f3" // view header
	Focus      = "#1f3a5f" // header of the table a table diagram is about (white text)
	Key        = "#a15c00" // PK / FK marks
	Muted      = "#5f6b77" // types, notes
	Edge       = "#5f6b77" // relation lines
	Text       = "#1f2328" // names
	Stripe     = "#f4f7fa" // every other column row
	Paper      = "#ffffff" // box bodies
)

// Font is the font family of every diagram text; Graphviz measures it as
// Helvetica.
const Font = "Helvetica,sans-Serif"

package templates

// Frame is what every page template receives: html/layout.html reads
// these fields, whichever package (site, site/driftpages) renders the page.
type Frame struct {
	Title     string
	Root      string // relative prefix to the site root
	Crumbs    []Link
	Set       string
	Generated string
	Page      any // the page's own data, read by its template
}

// Link is a link of the breadcrumbs and of page data: its text and its
// relative href.
type Link struct{ Text, Href string }

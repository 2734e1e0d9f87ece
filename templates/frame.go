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
	// Crawl is the relative link to the target's crawl.js (when the page
	// belongs to one target): it names the crawl time and staleness, which
	// site.js shows, so a page whose content is unchanged stays
	// byte-identical from one night to the next.
	Crawl string
}

// Link is a link of the breadcrumbs and of page data: its text and its
// relative href.
type Link struct{ Text, Href string }

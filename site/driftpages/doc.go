// Package driftpages writes the drift pages of the documentation site from a
// history.History, under <site>/drift/ only (the rest of the site belongs
// to package site, which leaves drift/ alone):
//
//	drift/index.html                   fleet timeline, newest nights first
//	drift/nights/<YYYY-MM>.html        the timeline of one month
//	drift/parameters/index.html        every parameter of the fleet
//	drift/variables.html               every runtime variable of the fleet
//	drift/parameters/<name>.html       one parameter across the fleet
//	drift/t/<target>/index.html        a target's history
//	drift/t/<target>/sizes.html        table size trends (inline SVG); past
//	                                   500 tables its schemas and largest 100
//	drift/t/<target>/sizes/<s>-<n>.html  page n of schema s's size trends
//	drift/t/<target>/schema-<s>.html   one schema's changelog with DDL diffs
//	drift/t/<target>/compare.html      diff any two nights (assets/drift.js)
//	drift/t/<target>/data.js           the target's history for compare.html
//
// Targets live under drift/t/ (as under t/ in the site) so that no target
// name ("parameters", "index.html", "nights") can collide with a page.
// Pages use the site's layout, stylesheet and CSP; links are relative; the
// only script is the static assets/drift.js (package site copies the
// assets) and data.js files that assign a JSON value. Output is
// deterministic.
package driftpages

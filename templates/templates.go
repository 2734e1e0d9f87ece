// Package templates holds the HTML templates and static assets of the
// documentation site, embedded into the binary so the site builds offline
// and needs no CDN.
package templates

import "embed"

// HTML holds the page templates (html/template syntax), under html/.
//
//go:embed html/*.html
var HTML embed.FS

// Assets holds the static files copied to the site's assets/ directory.
//
//go:embed assets/*
var Assets embed.FS

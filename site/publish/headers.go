package publish

import (
	"path"
	"regexp"
	"strings"
)

// Cache-Control values.
const (
	// CacheRevalidate is for HTML and entry pages: nightly content, so
	// caches must revalidate on every use (cheap: ETag/304).
	CacheRevalidate = "no-cache"
	// CacheImmutable is for assets whose name changes with their content.
	CacheImmutable = "public, max-age=31536000, immutable"
	// CacheShort is for everything else.
	CacheShort = "public, max-age=300"
)

// ContentType is the Content-Type of the file at rel, from its extension
// (case-insensitive). The table is fixed, not the system's MIME database,
// so a publish does not depend on the machine it runs on.
func ContentType(rel string) string {
	switch strings.ToLower(path.Ext(rel)) {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".md":
		return "text/markdown; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".xml":
		return "application/xml"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".gif":
		return "image/gif"
	case ".webp":
		return "image/webp"
	case ".ico":
		return "image/vnd.microsoft.icon"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".gz":
		return "application/gzip"
	default:
		return "application/octet-stream"
	}
}

// hashedName matches file names that carry a content hash, such as
// app.3f2a9c1b.js.
var hashedName = regexp.MustCompile(`\.[0-9a-f]{8,}\.(css|js|svg)$`)

// CacheControl is the Cache-Control of the file at rel (slash-separated,
// relative to the site root); entry says whether it is an entry page.
// HTML and entry pages get CacheRevalidate; files under the top-level
// assets/ directory or with a content hash in their name
// (name.[0-9a-f]{8,}.css|js|svg) get CacheImmutable; all others CacheShort.
func CacheControl(rel string, entry bool) string {
	ext := strings.ToLower(path.Ext(rel))
	switch {
	case entry || ext == ".html" || ext == ".htm":
		return CacheRevalidate
	case strings.HasPrefix(rel, "assets/") || hashedName.MatchString(path.Base(rel)):
		return CacheImmutable
	default:
		return CacheShort
	}
}

package publish_test

import (
	"testing"

	"github.com/auroradoc/auroradoc/site/publish"
)

func TestContentType(t *testing.T) {
	for _, tc := range []struct{ rel, want string }{
		{"index.html", "text/html; charset=utf-8"},
		{"tables/USERS.HTM", "text/html; charset=utf-8"},
		{"assets/site.css", "text/css; charset=utf-8"},
		{"assets/app.3f2a9c1b.js", "text/javascript; charset=utf-8"},
		{"assets/mod.mjs", "text/javascript; charset=utf-8"},
		{"manifest.json", "application/json"},
		{"assets/app.js.map", "application/json"},
		{"img/er.svg", "image/svg+xml"},
		{"tables/users.md", "text/markdown; charset=utf-8"},
		{"img/logo.png", "image/png"},
		{"img/photo.JPG", "image/jpeg"},
		{"favicon.ico", "image/vnd.microsoft.icon"},
		{"fonts/inter.woff2", "font/woff2"},
		{"robots.txt", "text/plain; charset=utf-8"},
		{"sitemap.xml", "application/xml"},
		{"search-index.json.gz", "application/gzip"},
		{"schema.sql", "application/octet-stream"},
		{"LICENSE", "application/octet-stream"},
		{"dir.html/file", "application/octet-stream"},
	} {
		if got := publish.ContentType(tc.rel); got != tc.want {
			t.Errorf("ContentType(%q) = %q, want %q", tc.rel, got, tc.want)
		}
	}
}

func TestCacheControl(t *testing.T) {
	for _, tc := range []struct {
		rel   string
		entry bool
		want  string
	}{
		{"index.html", true, publish.CacheRevalidate},
		{"tables/users.html", false, publish.CacheRevalidate},
		{"assets/embedded.html", false, publish.CacheRevalidate}, // HTML wins over assets/
		{"manifest.json", true, publish.CacheRevalidate},
		{"search-index.json", true, publish.CacheRevalidate},
		{"tables/users.json", false, publish.CacheShort},
		{"assets/site.css", false, publish.CacheImmutable},
		{"assets/fonts/inter.woff2", false, publish.CacheImmutable},
		{"css/site.0123abcd.css", false, publish.CacheImmutable},
		{"js/app.3f2a9c1b4e5d.js", false, publish.CacheImmutable},
		{"img/er.9c1d2e3f4a.svg", false, publish.CacheImmutable},
		{"css/site.0123abc.css", false, publish.CacheShort},  // 7 hex digits: no hash
		{"css/site.0123ABCD.css", false, publish.CacheShort}, // upper case: no hash
		{"img/er.9c1d2e3f4a.png", false, publish.CacheShort}, // hashes count for css, js, svg
		{"docs/assets/x.css", false, publish.CacheShort},     // only the top-level assets/
		{"img/logo.svg", false, publish.CacheShort},
		{"tables/users.md", false, publish.CacheShort},
		{"robots.txt", false, publish.CacheShort},
	} {
		if got := publish.CacheControl(tc.rel, tc.entry); got != tc.want {
			t.Errorf("CacheControl(%q, %v) = %q, want %q", tc.rel, tc.entry, got, tc.want)
		}
	}
}

func TestDefaultEntryPages(t *testing.T) {
	for _, tc := range []struct {
		rel  string
		want bool
	}{
		{"index.html", true},
		{"tables/index.html", true},
		{"manifest.json", true},
		{"a/b/manifest.json", true},
		{"search-index.json", true},
		{"search.json", true},
		{"tables/search-columns.json", true},
		{"tables/users.html", false},
		{"index.htm", false},
		{"search-index.js", true},
		{"research.json", false},
		{"manifest.json.gz", false},
	} {
		if got := publish.DefaultEntryPages(tc.rel); got != tc.want {
			t.Errorf("DefaultEntryPages(%q) = %v, want %v", tc.rel, got, tc.want)
		}
	}
}

// Package sitepath names the static site's files and links: file-name-safe
// slugs for names that come from databases, and relative links between
// pages, shared by the documentation pages (package site) and the drift
// pages (package site/driftpages). It imports nothing heavy, so either can
// use it without the other's renderers.
package sitepath

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

var plainSlug = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,80}$`)

// Slug maps a name to a file-name-safe path segment. Plain lowercase
// names are kept; anything else (upper case, spaces, quotes, backticks,
// slashes, emoji…) is reduced to a readable ASCII stem plus a short hash of
// the exact name, so distinct names never collide, even on
// case-insensitive file systems. "index" is hashed too, so no name can
// overwrite an index page.
func Slug(name string) string {
	if plainSlug.MatchString(name) && name != "index" {
		return name
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	stem := strings.Trim(b.String(), "-")
	h := sha256.Sum256([]byte(name))
	if stem == "" {
		return "x-" + hex.EncodeToString(h[:])[:10]
	}
	return stem + "-" + hex.EncodeToString(h[:])[:10]
}

// Rel returns the shortest relative link from the page at from to the
// file at to (both site-relative, slash-separated).
func Rel(from, to string) string {
	fd := strings.Split(from, "/")
	fd = fd[:len(fd)-1]
	td := strings.Split(to, "/")
	i := 0
	for i < len(fd) && i < len(td)-1 && fd[i] == td[i] {
		i++
	}
	return strings.Repeat("../", len(fd)-i) + strings.Join(td[i:], "/")
}

// RootOf is the relative prefix from a page to the site root.
func RootOf(page string) string { return strings.Repeat("../", strings.Count(page, "/")) }

package site

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

var plainSlug = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,80}$`)

// Slug maps a schema or table name to a file-name-safe path segment.
// Plain lowercase names are kept; anything else (upper case, spaces,
// quotes, backticks, slashes, emoji…) is reduced to a readable ASCII stem
// plus a short hash of the exact name, so distinct names never collide,
// even on case-insensitive file systems.
func Slug(name string) string {
	if plainSlug.MatchString(name) {
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

// targetDir is the site directory of a target: "t/<name>/" — target
// names are already safe ("billing-dev", "us-east-1/billing-prd").
func targetDir(target string) string { return "t/" + target + "/" }

func schemaDir(target, schema string) string { return targetDir(target) + "s/" + Slug(schema) + "/" }

// tablePage is a table's page. A table whose slug would be "index" gets
// the hashed form, so it cannot overwrite the schema page.
func tablePage(target, schema, table string) string {
	return schemaDir(target, schema) + tableSlug(table) + ".html"
}

func tableSlug(table string) string {
	s := Slug(table)
	if s == "index" {
		h := sha256.Sum256([]byte(table))
		s += "-" + hex.EncodeToString(h[:])[:10]
	}
	return s
}

// rel returns the relative link from the page at from to the file at to
// (both site-relative, slash-separated).
func rel(from, to string) string {
	depth := strings.Count(from, "/")
	return strings.Repeat("../", depth) + to
}

// rootOf is the relative prefix from a page to the site root.
func rootOf(page string) string { return strings.Repeat("../", strings.Count(page, "/")) }

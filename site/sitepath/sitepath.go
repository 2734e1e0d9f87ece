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

	"github.com/auroradoc/auroradoc/internal/names"
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

// The documentation pages (package site). Target names are safe as they
// are ("billing-dev", "us-east-1/billing-prd": names.ValidStoreName).

// TargetDir is the site directory of a target: "t/<name>/".
func TargetDir(target string) string { return "t/" + target + "/" }

// SchemaDir is the directory of a schema's pages.
func SchemaDir(target, schema string) string {
	return TargetDir(target) + "s/" + Slug(schema) + "/"
}

// TablePage is a table's page. A table whose slug would be "index" gets
// the hashed form, so it cannot overwrite the schema page.
func TablePage(target, schema, table string) string {
	return SchemaDir(target, schema) + Slug(table) + ".html"
}

// ColumnAnchor is the fragment id of a column's row on its table page.
func ColumnAnchor(column string) string { return "col-" + Slug(column) }

// ParametersPage is a target's parameters and variables page; ParamAnchor
// and VariableAnchor are the fragment ids of a row on it (a parameter's
// row in the group named group).
func ParametersPage(target string) string { return TargetDir(target) + "parameters.html" }

// ParamAnchor is the id of a parameter's row on the parameters page.
func ParamAnchor(group, name string) string { return "p-" + Slug(group) + "-" + Slug(name) }

// VariableAnchor is the id of a variable's row on the parameters page.
func VariableAnchor(name string) string { return "v-" + Slug(name) }

// The drift pages (package site/driftpages).

// DriftTarget is a target's drift directory. The names the snapshot store
// accepts are safe as paths as they are; others (a history built by hand)
// are slugged.
func DriftTarget(name string) string {
	if names.ValidStoreName(name) {
		return "drift/t/" + name + "/"
	}
	return "drift/t/" + Slug(name) + "/"
}

// DriftSchema is the changelog page of one schema of a target.
func DriftSchema(target, schema string) string {
	return DriftTarget(target) + "schema-" + Slug(schema) + ".html"
}

// DriftSizes is a target's table size trend page; SizeAnchor the id of a
// table's row on it.
func DriftSizes(target string) string { return DriftTarget(target) + "sizes.html" }

// SizeAnchor is the fragment id of a table's row on the size trend page.
func SizeAnchor(schema, table string) string { return "sz-" + Slug(schema) + "-" + Slug(table) }

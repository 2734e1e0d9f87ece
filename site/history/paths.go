package history

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// safeTarget matches the target names the snapshot store accepts (static
// names and "<region>/<cluster-id>"): safe as paths as they are.
var safeTarget = regexp.MustCompile(`^([a-z]{2}(-[a-z]+)+-[0-9]+/)?[a-z0-9][a-z0-9._-]{0,62}$`)

var plainSlug = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,80}$`)

// slug maps a name to a file-name-safe path segment, as site.Slug does:
// plain lowercase names are kept, anything else becomes a readable ASCII
// stem plus a hash of the exact name. "index" is hashed too, so no name
// can overwrite an index page.
func slug(name string) string {
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

// targetDir is a target's directory, relative to the site root. Names the
// store would not accept (a History built by hand) are slugged.
func targetDir(name string) string {
	if safeTarget.MatchString(name) {
		return "drift/t/" + name + "/"
	}
	return "drift/t/" + slug(name) + "/"
}

func schemaPage(target, schema string) string {
	return targetDir(target) + "schema-" + slug(schema) + ".html"
}

func paramPage(name string) string { return "drift/parameters/" + slug(name) + ".html" }

// monthPage is the timeline page of the month of a set id.
func monthPage(set string) string { return "drift/nights/" + monthOf(set) + ".html" }

var monthRe = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}`)

func monthOf(set string) string {
	if m := monthRe.FindString(set); m != "" {
		return m
	}
	return "other"
}

// rel returns the shortest relative link from the page at from to the
// file at to (both site-relative, slash-separated).
func rel(from, to string) string {
	fd := strings.Split(from, "/")
	fd = fd[:len(fd)-1]
	td := strings.Split(to, "/")
	i := 0
	for i < len(fd) && i < len(td)-1 && fd[i] == td[i] {
		i++
	}
	return strings.Repeat("../", len(fd)-i) + strings.Join(td[i:], "/")
}

// rootOf is the relative prefix from a page to the site root.
func rootOf(page string) string { return strings.Repeat("../", strings.Count(page, "/")) }

var plainSet = regexp.MustCompile(`^[0-9A-Za-z_-]{1,80}$`)

// nightAnchor is the fragment id of a night on a target page.
func nightAnchor(set string) string {
	if plainSet.MatchString(set) {
		return "n-" + set
	}
	return "n-" + slug(set)
}

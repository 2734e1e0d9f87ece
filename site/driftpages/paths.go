package driftpages

import (
	"regexp"

	"github.com/auroradoc/auroradoc/internal/names"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// targetDir is a target's directory, relative to the site root. The names
// the snapshot store accepts (names.ValidStoreName: static names and
// "[<account>/]<region>/<cluster-id>") are safe as paths as they are; others (a
// History built by hand) are slugged.
func targetDir(name string) string {
	if names.ValidStoreName(name) {
		return "drift/t/" + name + "/"
	}
	return "drift/t/" + sitepath.Slug(name) + "/"
}

func schemaPage(target, schema string) string {
	return targetDir(target) + "schema-" + sitepath.Slug(schema) + ".html"
}

func paramPage(name string) string { return "drift/parameters/" + sitepath.Slug(name) + ".html" }

// monthPage is the timeline page of the month of a set id.
func monthPage(set string) string { return "drift/nights/" + monthOf(set) + ".html" }

var monthRe = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}`)

func monthOf(set string) string {
	if m := monthRe.FindString(set); m != "" {
		return m
	}
	return "other"
}

var plainSet = regexp.MustCompile(`^[0-9A-Za-z_-]{1,80}$`)

// nightAnchor is the fragment id of a night on a target page.
func nightAnchor(set string) string {
	if plainSet.MatchString(set) {
		return "n-" + set
	}
	return "n-" + sitepath.Slug(set)
}

package driftpages

import (
	"regexp"

	"github.com/auroradoc/auroradoc/site/sitepath"
)

func targetDir(name string) string { return sitepath.DriftTarget(name) }

func schemaPage(target, schema string) string { return sitepath.DriftSchema(target, schema) }

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

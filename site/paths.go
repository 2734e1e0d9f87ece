package site

import "github.com/auroradoc/auroradoc/site/sitepath"

// targetDir is the site directory of a target: "t/<name>/" — target
// names are already safe ("billing-dev", "us-east-1/billing-prd",
// "prod/us-east-1/billing-prd": names.ValidStoreName).
func targetDir(target string) string { return "t/" + target + "/" }

func schemaDir(target, schema string) string {
	return targetDir(target) + "s/" + sitepath.Slug(schema) + "/"
}

// tablePage is a table's page. A table whose slug would be "index" gets
// the hashed form, so it cannot overwrite the schema page.
func tablePage(target, schema, table string) string {
	return schemaDir(target, schema) + sitepath.Slug(table) + ".html"
}

package site

import "github.com/auroradoc/auroradoc/site/sitepath"

// The documentation pages' paths (sitepath, shared with the drift pages).
func targetDir(target string) string { return sitepath.TargetDir(target) }

func schemaDir(target, schema string) string { return sitepath.SchemaDir(target, schema) }

func tablePage(target, schema, table string) string {
	return sitepath.TablePage(target, schema, table)
}

package driftpages

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// docs finds the documentation page (package site, rendered into the same
// directory before the drift pages) and the row a finding is about. A
// finding links there only when that page and anchor exist: a dropped
// table or column links to its schema page, or nowhere, never to a page
// that is gone. The same site gives the same links.
type docs struct {
	out string
	mu  sync.Mutex
	// files caches what was read: nil for a missing page.
	files map[string][]byte
}

func (d *docs) read(rel string) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	if b, ok := d.files[rel]; ok {
		return b
	}
	b, err := os.ReadFile(filepath.Join(d.out, filepath.FromSlash(rel)))
	if err != nil {
		b = nil
	}
	d.files[rel] = b
	return b
}

// has reports whether the page rel exists and, when anchor is not "",
// holds an element with that id.
func (d *docs) has(rel, anchor string) bool {
	b := d.read(rel)
	if b == nil {
		return false
	}
	return anchor == "" || bytes.Contains(b, []byte(`id="`+anchor+`"`))
}

// link returns rel#anchor relative to page when it exists, else "".
func (d *docs) link(page, rel, anchor string) string {
	if !d.has(rel, anchor) {
		return ""
	}
	if anchor == "" {
		return sitepath.Rel(page, rel)
	}
	return sitepath.Rel(page, rel) + "#" + anchor
}

// tableAnchors is the section of a table page a finding about a part of
// the table jumps to.
var tableAnchors = map[string]string{"index": "indexes", "constraint": "constraints", "trigger": "triggers"}

// findingLink is the link from page to the documentation of what f is
// about: a table page (at the column's row or the section), the
// parameters page (at the parameter or variable), a schema or database
// page; "" when none exists.
func (d *docs) findingLink(page string, t *history.Target, f drift.Finding) string {
	name := t.Name
	switch f.Kind {
	case drift.KindParameter, drift.KindConfigured, drift.KindBaseline, drift.KindFleet:
		if strings.HasSuffix(f.ObjectType, "parameter") {
			if l := d.link(page, sitepath.ParametersPage(name), sitepath.ParamAnchor(f.Group, f.Object)); l != "" {
				return l
			}
			return d.link(page, sitepath.ParametersPage(name), "")
		}
		if f.ObjectType == "variable" {
			return d.link(page, sitepath.ParametersPage(name), sitepath.VariableAnchor(f.Object))
		}
	case drift.KindVariable:
		return d.link(page, sitepath.ParametersPage(name), sitepath.VariableAnchor(f.Object))
	}
	sc := t.SchemaOf(f)
	if sc == "" {
		if f.Kind == drift.KindVersion || f.Kind == drift.KindTarget {
			return d.link(page, sitepath.TargetDir(name)+"index.html", "")
		}
		return ""
	}
	schemaIndex := sitepath.SchemaDir(name, sc) + "index.html"
	rest, ok := strings.CutPrefix(f.Object, sc+".")
	if !ok || f.ObjectType == "schema" || f.ObjectType == "routine" {
		return d.link(page, schemaIndex, "")
	}
	switch f.ObjectType {
	case "table", "view":
		if l := d.link(page, sitepath.TablePage(name, sc, rest), ""); l != "" {
			return l
		}
	default:
		// "table.part": table names may hold dots too, so try every split,
		// the longest table name first.
		for i := strings.LastIndexByte(rest, '.'); i > 0; i = strings.LastIndexByte(rest[:i], '.') {
			tp := sitepath.TablePage(name, sc, rest[:i])
			if !d.has(tp, "") {
				continue
			}
			anchor := tableAnchors[f.ObjectType]
			if f.ObjectType == "column" {
				anchor = sitepath.ColumnAnchor(rest[i+1:])
			}
			if l := d.link(page, tp, anchor); l != "" {
				return l
			}
			return d.link(page, tp, "")
		}
	}
	return d.link(page, schemaIndex, "")
}

package site

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/bytesize"
	"github.com/auroradoc/auroradoc/internal/shorten"
	"github.com/auroradoc/auroradoc/render/schemaindex"
	"github.com/auroradoc/auroradoc/site/sitepath"
	"github.com/auroradoc/auroradoc/snapshot"
)

func (tb *targetBuilder) schema(s *snapshot.Snapshot, sc *snapshot.Schema, crumbs []link) (*schemaRow, error) {
	target := s.Target.Name
	dir := schemaDir(target, sc.Name)
	page := dir + "index.html"
	crumbs = append(append([]link(nil), crumbs...), link{Text: sc.Name, Href: page})
	infos := map[string]*snapshot.TableInfo{}
	var size int64
	for _, t := range sc.Tables {
		infos[t.Name] = t
		size += t.DataLength + t.IndexLength
	}
	keys, err := hashSchema(tb.version, target, sc, tb.o.Markdown != nil)
	if err != nil {
		return nil, err
	}
	var prevTables map[string]string
	prevSchema := ""
	if tb.prev != nil {
		prevTables, prevSchema = tb.prev.Tables[sc.Name], tb.prev.Schemas[sc.Name]
	}
	tb.next.Tables[sc.Name] = keys.tables
	tb.next.Schemas[sc.Name] = keys.readme

	row := &schemaRow{Name: sc.Name, Href: page, Size: bytesize.Format(size), Collation: sc.Collation}
	sp := &schemaPage{Name: sc.Name, Target: target, Size: row.Size, Functions: sc.Tbls.Functions}
	mdDir := "md/" + target + "/" + sitepath.Slug(sc.Name) + "/"
	if tb.o.Markdown != nil {
		sp.Markdown = sitepath.Rel(page, mdDir+"README.md")
	}

	// Which tables must be drawn again: those whose inputs changed or
	// whose files went missing.
	changed := map[string]bool{}
	for _, t := range sc.Tbls.Tables {
		files := tb.tableFiles(target, sc.Name, t.Name, mdDir)
		if prevTables != nil && prevTables[t.Name] == keys.tables[t.Name] && tb.present(files) {
			tb.w.keep(files...)
			continue
		}
		changed[t.Name] = true
	}
	n := int64(len(sc.Tbls.Tables))
	tb.stats.tables.Add(n)
	tb.stats.tablesSkipped.Add(n - int64(len(changed)))

	erImage := ""
	if tb.o.ER != nil && len(sc.Tbls.Tables) > 0 {
		erImage = sitepath.Rel(mdDir+"README.md", dir+"er/_schema.svg") // written by schemaDiagrams
	}
	if err := tb.markdown(sc.Tbls, mdDir, erImage, changed, prevSchema == keys.readme); err != nil {
		return nil, err
	}
	if err := tb.schemaDiagrams(sc, dir, sp, crumbs); err != nil {
		return nil, err
	}
	tb.shard.schema(sc.Name, page)
	hasBase := false
	for _, t := range sc.Tbls.Tables {
		hasBase = hasBase || t.Type != "VIEW"
	}
	ix := schemaindex.New(sc.Tbls) // every table page looks its relations up here
	for _, t := range sc.Tbls.Tables {
		tp := tablePage(target, sc.Name, t.Name)
		info := infos[t.Name]
		tr := &tableRow{Name: t.Name, Href: sitepath.Rel(page, tp), Type: t.Type, Comment: shorten.Runes(t.Comment, shorten.TableComment)}
		if t.Type == "VIEW" && strings.EqualFold(t.Comment, "VIEW") {
			tr.Comment = "" // the server's placeholder: a view has no comment
		}
		switch {
		case t.Type == "VIEW":
			// A view has no rows or sizes of its own: the cells stay empty.
		case info != nil:
			tr.Rows, tr.Data, tr.Index = strconv.FormatInt(info.Rows, 10), sizeText(info.DataLength, info), sizeText(info.IndexLength, info)
		default:
			tr.Rows, tr.Data, tr.Index = "—", "—", "—"
		}
		if t.Type == "VIEW" {
			row.Views++
		} else {
			row.Tables++
		}
		sp.Tables = append(sp.Tables, tr)
		tb.shard.table(t, tp)
		if !changed[t.Name] {
			continue
		}
		if err := tb.table(s, sc, ix, t, info, tp, crumbs, mdDir, hasBase); err != nil {
			return nil, fmt.Errorf("table %s: %w", t.Name, err)
		}
	}
	if tb.o.DriftLink && hasBase {
		// The history knows the schemas with a base table (their sizes):
		// each has a changelog page.
		sp.Drift = &driftLinks{Changelog: sitepath.Rel(page, sitepath.DriftSchema(target, sc.Name)),
			Sizes: sitepath.Rel(page, sitepath.DriftSizes(target)), History: sitepath.Rel(page, sitepath.DriftTarget(target)+"index.html")}
	}
	return row, tb.w.render(page, "schema", sc.Name+" · "+target, crumbs, sp)
}

// tableFiles lists the files a table's render produces.
func (tb *targetBuilder) tableFiles(target, sc, table, mdDir string) []string {
	page := tablePage(target, sc, table)
	files := []string{page}
	if tb.o.Markdown != nil {
		files = append(files, mdDir+mdTableFile(table))
	}
	return files
}

// reduced returns a copy of s holding only the tables in keep, the
// relations that involve them, and the tables at the other ends of those
// relations as stubs (name, type, comment, constraints and just the
// related columns) and the tables a kept view references in full: enough
// for the Markdown
// pages of the tables in keep, and the stubs' own pages, which are
// discarded, are cheap. The schema's own tables are not modified.
func reduced(s *schema.Schema, keep map[string]bool) *schema.Schema {
	kept := func(t *schema.Table) bool { return !t.External && keep[t.Name] }
	need := map[*schema.Table]map[*schema.Column]bool{}
	mark := func(t *schema.Table, cols []*schema.Column) {
		if kept(t) {
			return
		}
		if need[t] == nil {
			need[t] = map[*schema.Column]bool{}
		}
		for _, c := range cols {
			need[t][c] = true
		}
	}
	c := *s
	c.Tables, c.Relations = nil, nil
	for _, r := range s.Relations {
		if kept(r.Table) || kept(r.ParentTable) {
			c.Relations = append(c.Relations, r)
			mark(r.Table, r.Columns)
			mark(r.ParentTable, r.ParentColumns)
		}
	}
	full := map[string]bool{} // referenced by a kept view: its page shows their column counts
	for _, t := range s.Tables {
		if kept(t) {
			for _, rt := range t.ReferencedTables {
				full[rt.Name] = true
			}
		}
	}
	for _, t := range s.Tables {
		switch {
		case kept(t) || full[t.Name]:
			c.Tables = append(c.Tables, t)
		case need[t] != nil:
			st := &schema.Table{Name: t.Name, Type: t.Type, Comment: t.Comment, Constraints: t.Constraints}
			for _, col := range t.Columns {
				if need[t][col] {
					st.Columns = append(st.Columns, col)
				}
			}
			c.Tables = append(c.Tables, st)
		}
	}
	return &c
}

// listOnly returns a copy of s for its Markdown README alone: every table
// as a stub holding what the README shows of it (name, type, comment,
// labels, and columns by name only, for their count), no relations.
// Cloning stubs costs a fraction of cloning the schema, which matters when
// a few tables of thousands changed. The schema is not modified.
func listOnly(s *schema.Schema) *schema.Schema {
	c := *s
	c.Tables, c.Relations = make([]*schema.Table, 0, len(s.Tables)), nil
	for _, t := range s.Tables {
		st := &schema.Table{Name: t.Name, Type: t.Type, Comment: t.Comment, Labels: t.Labels, External: t.External,
			Columns: make([]*schema.Column, len(t.Columns))}
		for i, col := range t.Columns {
			st.Columns[i] = &schema.Column{Name: col.Name}
		}
		c.Tables = append(c.Tables, st)
	}
	return &c
}

package site

import (
	"fmt"
	"strconv"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/bytesize"
	"github.com/auroradoc/auroradoc/render/keys"
	"github.com/auroradoc/auroradoc/render/markdown"
	"github.com/auroradoc/auroradoc/render/schemaindex"
	"github.com/auroradoc/auroradoc/site/sitepath"
	"github.com/auroradoc/auroradoc/snapshot"
)

func (tb *targetBuilder) table(s *snapshot.Snapshot, sc *snapshot.Schema, ix *schemaindex.Index, t *schema.Table, info *snapshot.TableInfo, page string, crumbs []link, mdDir string) error {
	target := s.Target.Name
	tp := &tablePageData{Name: t.Name, Type: t.Type, Schema: sc.Name, Target: target, Comment: t.Comment, Def: t.Def,
		Constraints: t.Constraints, Indexes: t.Indexes, Triggers: t.Triggers}
	if info != nil {
		tp.Info = &tableInfo{Engine: info.Engine, Rows: strconv.FormatInt(info.Rows, 10), Data: bytesize.Format(info.DataLength), Index: bytesize.Format(info.IndexLength)}
	}
	if tb.o.Markdown != nil {
		tp.Markdown = sitepath.Rel(page, mdDir+mdTableFile(t.Name))
	}
	hrefOf := func(tt *schema.Table) string {
		if tt == nil || tt.External {
			return ""
		}
		return sitepath.Rel(page, tablePage(target, sc.Name, tt.Name))
	}
	// tbls' PK/FK column flags are not in its JSON format, so a snapshot
	// read from the store has none: derive them as the diagrams do.
	pk, fk := keys.Columns(ix, t)
	for _, c := range t.Columns {
		cr := &columnRow{Name: c.Name, Type: c.Type, Default: c.Default.String, HasDefault: c.Default.Valid,
			Nullable: c.Nullable, Extra: c.ExtraDef, Comment: c.Comment, PK: pk[c.Name], FK: fk[c.Name]}
		for _, r := range c.ChildRelations {
			cr.Children = append(cr.Children, link{Text: r.Table.Name, Href: hrefOf(r.Table)})
		}
		for _, r := range c.ParentRelations {
			cr.Parents = append(cr.Parents, link{Text: r.ParentTable.Name, Href: hrefOf(r.ParentTable)})
		}
		tp.Columns = append(tp.Columns, cr)
	}
	for _, r := range ix.Touching(t.Name, t.External) {
		if r.Table == t {
			tp.Relations = append(tp.Relations, &relationRow{Direction: "parent", Table: r.ParentTable.Name, Href: hrefOf(r.ParentTable),
				Def: r.Def, Cardinality: string(r.Cardinality) + " → " + string(r.ParentCardinality)})
		}
		if r.ParentTable == t {
			tp.Relations = append(tp.Relations, &relationRow{Direction: "child", Table: r.Table.Name, Href: hrefOf(r.Table),
				Def: r.Def, Cardinality: string(r.Cardinality) + " → " + string(r.ParentCardinality)})
		}
	}
	if tb.o.ER != nil {
		svg, err := tb.o.ER.Table(tb.ctx, ix, t.Name)
		if err != nil {
			return fmt.Errorf("drawing ER diagram: %w", err)
		}
		if markup, ok := inlineSVG(svg); ok {
			tp.ERInline = markup
		} else {
			tp.ERImage = dataURL(svg)
		}
	}
	crumbs = append(append([]link(nil), crumbs...), link{Text: t.Name, Href: page})
	return tb.w.render(page, "table", t.Name+" · "+sc.Name, crumbs, tp)
}

// mdTableFile names a table's Markdown file, as the Markdown writer does.
func mdTableFile(table string) string { return markdown.TableFile(table) }

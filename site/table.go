package site

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/bytesize"
	"github.com/auroradoc/auroradoc/render/keys"
	"github.com/auroradoc/auroradoc/render/markdown"
	"github.com/auroradoc/auroradoc/render/schemaindex"
	"github.com/auroradoc/auroradoc/site/sitepath"
	"github.com/auroradoc/auroradoc/snapshot"
)

// table writes a table's page. changelog says whether the schema has a
// changelog page among the drift pages (it has when it has a base table).
func (tb *targetBuilder) table(s *snapshot.Snapshot, sc *snapshot.Schema, ix *schemaindex.Index, t *schema.Table, info *snapshot.TableInfo, page string, crumbs []link, mdDir string, changelog bool) error {
	target := s.Target.Name
	tp := &tablePageData{Name: t.Name, Type: t.Type, Schema: sc.Name, Target: target, Comment: t.Comment, Def: t.Def,
		Indexes: t.Indexes, Triggers: t.Triggers, View: t.Type == "VIEW"}
	if tp.View && strings.EqualFold(tp.Comment, "VIEW") {
		tp.Comment = "" // the server's placeholder: a view has no comment
	}
	if info != nil && !tp.View {
		tp.Info = &tableInfo{Engine: info.Engine, Rows: strconv.FormatInt(info.Rows, 10), Data: sizeText(info.DataLength, info), Index: sizeText(info.IndexLength, info)}
	}
	if tb.o.Markdown != nil {
		tp.Markdown = sitepath.Rel(page, mdDir+mdTableFile(t.Name))
	}
	if tb.o.DriftLink {
		tp.Drift = &driftLinks{History: sitepath.Rel(page, sitepath.DriftTarget(target)+"index.html")}
		if changelog {
			tp.Drift.Changelog = sitepath.Rel(page, sitepath.DriftSchema(target, sc.Name))
		}
		if !tp.View {
			tp.Drift.Sizes = sitepath.Rel(page, sitepath.DriftSizes(target)) + "#" + sitepath.SizeAnchor(sc.Name, t.Name)
		}
	}
	hrefOf := func(tt *schema.Table) string {
		if tt == nil || tt.External {
			return ""
		}
		return sitepath.Rel(page, tablePage(target, sc.Name, tt.Name))
	}
	rules := keys.FKRules(t.Def)
	for _, c := range t.Constraints {
		cr := &constraintRow{Name: c.Name, Type: c.Type, Def: c.Def}
		if ru, ok := rules[c.Name]; ok && c.Type == schema.TypeFK {
			cr.Rules = &fkRules{Rules: ru}
		}
		tp.Constraints = append(tp.Constraints, cr)
	}
	// tbls' PK/FK column flags are not in its JSON format, so a snapshot
	// read from the store has none: derive them as the diagrams do.
	pk, fk := keys.Columns(ix, t)
	for _, c := range t.Columns {
		cr := &columnRow{Name: c.Name, Anchor: columnAnchor(c.Name), Type: c.Type, Default: c.Default.String, HasDefault: c.Default.Valid,
			Nullable: c.Nullable, Extra: c.ExtraDef, Comment: c.Comment, PK: pk[c.Name], FK: fk[c.Name]}
		cr.Children = fkLinks(c.ChildRelations, func(r *schema.Relation) (*schema.Table, []*schema.Column) { return r.Table, r.Columns }, hrefOf)
		cr.Parents = fkLinks(c.ParentRelations, func(r *schema.Relation) (*schema.Table, []*schema.Column) { return r.ParentTable, r.ParentColumns }, hrefOf)
		tp.Columns = append(tp.Columns, cr)
	}
	for _, r := range ix.Touching(t.Name, t.External) {
		if r.Table == t {
			tp.Relations = append(tp.Relations, &relationRow{Direction: "parent", Table: r.ParentTable.Name, Href: hrefOf(r.ParentTable),
				Def: r.Def, Cardinality: cardinalityText(r), Rules: rulesOf(r)})
		}
		if r.ParentTable == t {
			tp.Relations = append(tp.Relations, &relationRow{Direction: "child", Table: r.Table.Name, Href: hrefOf(r.Table),
				Def: r.Def, Cardinality: cardinalityText(r), Rules: rulesOf(r)})
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

// sizeText formats a size of information_schema.TABLES, "—" when the
// server reported none (no engine: a table the server could not open).
func sizeText(n int64, info *snapshot.TableInfo) string {
	if info == nil || info.Engine == "" && n == 0 {
		return "—"
	}
	return bytesize.Format(n)
}

// mdTableFile names a table's Markdown file, as the Markdown writer does.
func mdTableFile(table string) string { return markdown.TableFile(table) }

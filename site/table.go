package site

import (
	"context"
	"encoding/base64"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/render/er"
	"github.com/auroradoc/auroradoc/render/markdown"
	"github.com/auroradoc/auroradoc/snapshot"
)

// erFile is the diagram of the table whose page is page.
func erFile(page string) string {
	base := filepath.Base(page)
	return strings.TrimSuffix(page, base) + "er/" + strings.TrimSuffix(base, ".html") + ".svg"
}

func (tb *targetBuilder) table(s *snapshot.Snapshot, sc *snapshot.Schema, t *schema.Table, info *snapshot.TableInfo, page string, crumbs []link, mdDir string) error {
	target := s.Target.Name
	tp := &tablePageData{Name: t.Name, Type: t.Type, Schema: sc.Name, Target: target, Comment: t.Comment, Def: t.Def,
		Constraints: t.Constraints, Indexes: t.Indexes, Triggers: t.Triggers}
	if info != nil {
		tp.Info = &tableInfo{Engine: info.Engine, Rows: strconv.FormatInt(info.Rows, 10), Data: humanBytes(info.DataLength), Index: humanBytes(info.IndexLength)}
	}
	if tb.o.Markdown != nil {
		tp.Markdown = rel(page, mdDir+mdTableFile(t.Name))
	}
	hrefOf := func(tt *schema.Table) string {
		if tt == nil || tt.External {
			return ""
		}
		return rel(page, tablePage(target, sc.Name, tt.Name))
	}
	for _, c := range t.Columns {
		cr := &columnRow{Name: c.Name, Type: c.Type, Default: c.Default.String, HasDefault: c.Default.Valid,
			Nullable: c.Nullable, Extra: c.ExtraDef, Comment: c.Comment, PK: c.PK, FK: c.FK}
		for _, r := range c.ChildRelations {
			cr.Children = append(cr.Children, link{r.Table.Name, hrefOf(r.Table)})
		}
		for _, r := range c.ParentRelations {
			cr.Parents = append(cr.Parents, link{r.ParentTable.Name, hrefOf(r.ParentTable)})
		}
		tp.Columns = append(tp.Columns, cr)
	}
	for _, r := range sc.Tbls.Relations {
		if r.Table == t {
			tp.Relations = append(tp.Relations, &relationRow{Direction: "parent", Table: r.ParentTable.Name, Href: hrefOf(r.ParentTable),
				Def: r.Def, Cardinality: string(r.Cardinality) + " → " + string(r.ParentCardinality)})
		}
		if r.ParentTable == t {
			tp.Relations = append(tp.Relations, &relationRow{Direction: "child", Table: r.Table.Name, Href: hrefOf(r.Table),
				Def: r.Def, Cardinality: string(r.Cardinality) + " → " + string(r.ParentCardinality)})
		}
	}
	if il, ok := tb.o.ER.(inlineTabler); ok && tb.o.ERDistance == 1 {
		svg, err := il.InlineTable(tb.ctx, sc.Tbls, t.Name)
		if err != nil {
			return fmt.Errorf("drawing ER diagram: %w", err)
		}
		if markup, ok := inlineSVG(svg); ok {
			tp.ERInline = markup
		} else {
			tp.ERImage = dataURL(svg)
		}
	} else if tb.o.ER != nil {
		svg, err := tb.o.ER.Table(tb.ctx, sc.Tbls, t.Name, tb.o.ERDistance)
		if err != nil {
			return fmt.Errorf("drawing ER diagram: %w", err)
		}
		if err := tb.w.write(erFile(page), svg); err != nil {
			return err
		}
		tp.ER = "er/" + strings.TrimSuffix(filepath.Base(page), ".html") + ".svg"
	}
	crumbs = append(append([]link(nil), crumbs...), link{t.Name, page})
	return tb.w.render(page, "table", t.Name+" · "+sc.Name, crumbs, tp)
}

// inlineTabler is implemented by diagrammers whose table diagrams are
// safe to put into the page as markup (see diagrams.InlineTable): the
// diagram's links then work, and no separate file is written per table.
type inlineTabler interface {
	InlineTable(ctx context.Context, s *schema.Schema, table string) ([]byte, error)
}

// inlineSVG returns an SVG document as markup for an HTML page, without
// its XML declaration; ok is false when it holds anything that could be
// active in a page (the diagram is then shown as an image instead):
// scripts, styles, foreign objects, comments or declarations, event
// handler attributes, or links that are not relative.
func inlineSVG(svg []byte) (markup template.HTML, ok bool) {
	text := string(svg)
	if strings.HasPrefix(text, "<?xml") {
		if i := strings.Index(text, "?>"); i >= 0 {
			text = strings.TrimLeft(text[i+2:], "\n")
		}
	}
	if !strings.HasPrefix(text, "<svg") {
		return "", false
	}
	lower := strings.ToLower(text)
	for _, bad := range []string{"<script", "<style", "<foreignobject", "<iframe", "<!", "<?"} {
		if strings.Contains(lower, bad) {
			return "", false
		}
	}
	// Inside tags: no on* attribute, no href that is not relative. (Text
	// between tags is escaped by erlite; '>' only ends tags there.)
	for rest := lower; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '>')
		if j < 0 {
			return "", false
		}
		if !safeTag(rest[i : i+j]) {
			return "", false
		}
		rest = rest[i+j:]
	}
	return template.HTML(text), true //nolint:gosec // checked above; erlite escapes every name
}

// safeTag checks the attributes of one tag (lower case, without '>'):
// attribute values are quoted with '"' by erlite.
func safeTag(tag string) bool {
	for k := 0; k < len(tag); k++ {
		switch c := tag[k]; {
		case c == '"':
			end := strings.IndexByte(tag[k+1:], '"')
			if end < 0 {
				return false
			}
			k += end + 1
		case c == ' ' || c == '\t' || c == '\n' || c == '/':
			name := tag[k+1:]
			if e := strings.IndexAny(name, "= \t\n"); e >= 0 {
				name = name[:e]
			}
			if strings.HasPrefix(name, "on") {
				return false
			}
			if name == "href" || strings.HasSuffix(name, ":href") {
				v := tag[k+1+len(name):]
				v = strings.TrimLeft(v, "= \t\n")
				if !strings.HasPrefix(v, `"`) {
					return false
				}
				v = v[1:]
				if e := strings.IndexByte(v, '"'); e >= 0 {
					v = v[:e]
				}
				if first, _, _ := strings.Cut(v, "/"); strings.Contains(first, ":") || strings.Contains(v, "&#") {
					return false
				}
			}
		}
	}
	return true
}

// dataURL is an SVG as an image URL (img-src allows data:; an SVG shown
// as an image runs nothing).
func dataURL(svg []byte) template.URL {
	return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg)) //nolint:gosec // an image
}

// mdTableFile names a table's Markdown file, as the Markdown writer does.
func mdTableFile(table string) string { return markdown.TableFile(table) }

// markdown writes the schema's Markdown: straight into place for a new
// target; otherwise into a scratch directory, from which only the files of
// changed tables (and the README when its inputs changed) are copied, and
// only when their bytes differ. When the README is unchanged, only the
// changed tables and their neighbours are rendered.
func (tb *targetBuilder) markdown(s *schema.Schema, mdDir string, changed map[string]bool, readmeSame bool) error {
	if tb.o.Markdown == nil {
		return nil
	}
	if tb.w.fresh {
		names, err := tb.o.Markdown(tb.ctx, s, filepath.Join(tb.out, filepath.FromSlash(mdDir)))
		if err != nil {
			return fmt.Errorf("writing Markdown: %w", err)
		}
		for _, n := range names {
			tb.w.keep(mdDir + n)
		}
		tb.stats.written.Add(int64(len(names)))
		return nil
	}
	if readmeSame && len(changed) == 0 {
		tb.w.keep(mdDir + "README.md")
		return nil
	}
	want := map[string]bool{}
	for name := range changed {
		want[mdTableFile(name)] = true
	}
	sub := s
	if readmeSame {
		sub = reduced(s, changed)
		tb.w.keep(mdDir + "README.md")
	} else {
		want["README.md"] = true
	}
	tmp, err := tb.scratch()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	names, err := tb.o.Markdown(tb.ctx, sub, tmp)
	if err != nil {
		return fmt.Errorf("writing Markdown: %w", err)
	}
	for _, n := range names {
		if !want[n] {
			continue
		}
		data, err := os.ReadFile(filepath.Join(tmp, n))
		if err != nil {
			return fmt.Errorf("writing Markdown: %w", err)
		}
		if err := tb.w.write(mdDir+n, data); err != nil {
			return err
		}
	}
	return nil
}

// tmpDir holds scratch files of a render when no memory-backed directory
// is at hand; it is a dot-directory, so publishing skips it, and it is
// removed when the render ends.
const tmpDir = ".auroradoc-tmp"

// shmDir is a memory-backed directory on Linux: creating a file there is
// cheap, whereas on a journaling disk each new file costs a few hundred
// microseconds of kernel time (the Markdown scratch files are many).
const shmDir = "/dev/shm"

func (b *builder) scratch() (string, error) {
	if fi, err := os.Stat(shmDir); err == nil && fi.IsDir() {
		if d, err := os.MkdirTemp(shmDir, "auroradoc-md-"); err == nil {
			return d, nil
		}
	}
	root := filepath.Join(b.out, tmpDir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("creating scratch directory: %w", err)
	}
	d, err := os.MkdirTemp(root, "md-")
	if err != nil {
		return "", fmt.Errorf("creating scratch directory: %w", err)
	}
	return d, nil
}

func (b *builder) exists(rel string) bool {
	_, err := os.Lstat(filepath.Join(b.out, filepath.FromSlash(rel)))
	return err == nil
}

// overviewThreshold is the table count above which a schema gets a split
// overview (an index diagram plus parts) instead of one giant diagram.
const overviewThreshold = 80

// overviewer is implemented by render/er.Renderer.
type overviewer interface {
	Overview(ctx context.Context, s *schema.Schema, maxTables int) ([]er.Part, error)
}

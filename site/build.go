package site

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/k1LoW/tbls/schema"
	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/render/er"
	"github.com/auroradoc/auroradoc/render/markdown"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/templates"
)

// Diagrammer renders ER diagrams as SVG (render/er.Renderer).
type Diagrammer interface {
	Table(ctx context.Context, s *schema.Schema, table string, distance int) ([]byte, error)
	Schema(ctx context.Context, s *schema.Schema) ([]byte, error)
}

// Options tune a build.
type Options struct {
	// ER draws the diagrams; nil = no diagrams.
	ER Diagrammer
	// ERDistance is the neighbourhood passed to ER.Table (default 1); the
	// renderers of WithRenderers always draw direct neighbours.
	ERDistance int
	// Markdown writes the tbls-layout Markdown of one schema into dir;
	// nil = no Markdown.
	Markdown func(ctx context.Context, s *schema.Schema, dir string) error
}

// Input is one snapshot set.
type Input struct {
	Manifest  *snapshot.Manifest
	Snapshots []*snapshot.Snapshot
}

// Build writes the site for in into out (created if needed; a previous
// site there is replaced, any other non-empty directory refused). Output
// is deterministic: the same input gives byte-identical files.
func Build(ctx context.Context, in Input, out string, o Options) error {
	if o.ERDistance < 1 {
		o.ERDistance = 1
	}
	t, err := template.New("site").ParseFS(templates.HTML, "html/layout.html")
	if err != nil {
		return fmt.Errorf("parsing layout template: %w", err)
	}
	b := &builder{ctx: ctx, out: out, o: o, pages: map[string]*template.Template{}}
	for _, name := range []string{"index", "cluster", "parameters", "schema", "table", "search"} {
		pt, err := template.Must(t.Clone()).ParseFS(templates.HTML, "html/"+name+".html")
		if err != nil {
			return fmt.Errorf("parsing %s template: %w", name, err)
		}
		b.pages[name] = pt
	}
	b.set = in.Manifest.Set
	b.generated = in.Manifest.FinishedAt.UTC().Format("2006-01-02 15:04 UTC")
	snaps := append([]*snapshot.Snapshot(nil), in.Snapshots...)
	sort.Slice(snaps, func(i, j int) bool { return snaps[i].Target.Name < snaps[j].Target.Name })

	if err := prepareOut(out); err != nil {
		return err
	}
	if err := b.assets(); err != nil {
		return err
	}
	// Targets are rendered concurrently, one builder copy each (each
	// collects its own search entries); the entries are joined in target
	// order so the index stays deterministic.
	items := make([][][]any, len(snaps))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, s := range snaps {
		g.Go(func() error {
			tb := *b
			tb.ctx, tb.searchItems = gctx, nil
			if err := tb.target(s); err != nil {
				return fmt.Errorf("rendering %s: %w", s.Target.Name, err)
			}
			items[i] = tb.searchItems
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for _, it := range items {
		b.searchItems = append(b.searchItems, it...)
	}
	if err := b.index(in.Manifest, snaps); err != nil {
		return err
	}
	return b.search()
}

type builder struct {
	ctx            context.Context
	out            string
	o              Options
	pages          map[string]*template.Template
	set, generated string
	searchItems    [][]any
}

func (b *builder) write(rel string, data []byte) error {
	p := filepath.Join(b.out, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func (b *builder) render(page, name, title string, crumbs []link, data any) error {
	var buf strings.Builder
	root := rootOf(page)
	abs := make([]link, len(crumbs)) // crumbs are site-relative
	for i, c := range crumbs {
		abs[i] = link{c.Text, root + c.Href}
	}
	f := frame{Title: title, Root: root, Crumbs: abs, Page: data}
	if page == "index.html" {
		// Only the fleet index names the run: every other page must stay
		// byte-identical while its content is unchanged, so a nightly
		// publish uploads only what really changed.
		f.Set, f.Generated = b.set, b.generated
	}
	if err := b.pages[name].ExecuteTemplate(&buf, "layout", f); err != nil {
		return fmt.Errorf("rendering %s: %w", page, err)
	}
	return b.write(page, []byte(buf.String()))
}

func (b *builder) assets() error {
	return fs.WalkDir(templates.Assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := templates.Assets.ReadFile(p)
		if err != nil {
			return err
		}
		return b.write(p, data)
	})
}

func targetSize(s *snapshot.Snapshot) (tables int, size int64) {
	for _, sc := range s.Schemas {
		for _, t := range sc.Tables {
			tables++
			size += t.DataLength + t.IndexLength
		}
	}
	return tables, size
}

func (b *builder) index(m *snapshot.Manifest, snaps []*snapshot.Snapshot) error {
	p := &indexPage{}
	byName := map[string]*snapshot.Snapshot{}
	for _, s := range snaps {
		byName[s.Target.Name] = s
	}
	groups := map[string]*indexGroup{}
	var total int64
	for _, e := range m.Targets {
		row := &indexRow{Name: e.Name, Status: e.Status}
		group := "Static targets"
		if s := byName[e.Name]; s != nil {
			tables, size := targetSize(s)
			total += size
			p.Tables += tables
			row.Href = targetDir(s.Target.Name) + "index.html"
			row.Engine = s.Server.Flavor + " " + s.Server.Version
			row.Schemas, row.Tables, row.Size = len(s.Schemas), tables, humanBytes(size)
			row.Crawled = s.TakenAt.UTC().Format("2006-01-02 15:04")
			if c := s.Cluster; c != nil {
				row.Engine = c.Engine + " " + c.EngineVersion
				group = c.Region
			}
		} else if i := strings.Index(e.Name, "/"); i > 0 {
			group = e.Name[:i]
		} else if strings.HasPrefix(e.Name, "region:") {
			group = strings.TrimPrefix(e.Name, "region:")
		}
		switch e.Status {
		case snapshot.StatusFailed:
			p.Failed++
			row.Note = e.Error
		case snapshot.StatusSkipped:
			p.Skipped++
			row.Note = e.Reason
		}
		if groups[group] == nil {
			groups[group] = &indexGroup{Name: group}
		}
		groups[group].Targets = append(groups[group].Targets, row)
		p.Targets = append(p.Targets, row)
	}
	for _, g := range groups {
		p.Groups = append(p.Groups, g)
	}
	sort.Slice(p.Groups, func(i, j int) bool { return p.Groups[i].Name < p.Groups[j].Name })
	p.TotalSize = humanBytes(total)
	if err := b.render("index.html", "index", "Database fleet", nil, p); err != nil {
		return err
	}
	return b.render("search.html", "search", "Search", []link{{"Search", "search.html"}}, nil)
}

func (b *builder) target(s *snapshot.Snapshot) error {
	dir := targetDir(s.Target.Name)
	page := dir + "index.html"
	crumbs := []link{{s.Target.Name, page}}
	_, size := targetSize(s)
	cp := &clusterPage{Name: s.Target.Name, Server: s.Server, Cluster: s.Cluster, Size: humanBytes(size),
		TakenAt: s.TakenAt.UTC().Format("2006-01-02 15:04 UTC"), Warnings: s.Warnings, VariableCount: len(s.Variables)}

	pp := &paramPage{Name: s.Target.Name}
	if c := s.Cluster; c != nil {
		var groups []*snapshot.ParameterGroup
		kinds := []string{}
		if c.ParameterGroup != nil {
			groups, kinds = append(groups, c.ParameterGroup), append(kinds, "Cluster")
		}
		for _, g := range c.InstanceParameterGroups {
			groups, kinds = append(groups, g), append(kinds, "Instance")
		}
		for i, g := range groups {
			pg := &paramGroup{Kind: kinds[i], Name: g.Name}
			for _, prm := range g.Parameters {
				if !prm.HasValue {
					continue // engine defaults without a value: nothing to show
				}
				row := &paramRow{Parameter: *prm}
				if v, ok := s.Variables[prm.Name]; ok {
					row.Running, row.HasRunning = v, true
					row.Differs = !sameSetting(prm.Value, v)
					if row.Differs {
						cp.Differs++
					}
				}
				pg.Rows = append(pg.Rows, row)
			}
			pp.Groups = append(pp.Groups, pg)
		}
	}
	names := make([]string, 0, len(s.Variables))
	for k := range s.Variables {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		pp.Variables = append(pp.Variables, nameValue{k, s.Variables[k]})
	}
	b.searchItems = append(b.searchItems, []any{4, s.Target.Name, s.Server.Flavor + " " + s.Server.Version, "", page})

	for _, sc := range s.Schemas {
		row, err := b.schema(s, sc, crumbs)
		if err != nil {
			return fmt.Errorf("schema %s: %w", sc.Name, err)
		}
		row.Href = rel(page, row.Href)
		cp.Schemas = append(cp.Schemas, row)
	}
	if err := b.render(dir+"parameters.html", "parameters", "Parameters · "+s.Target.Name,
		append(crumbs, link{"parameters", dir + "parameters.html"}), pp); err != nil {
		return err
	}
	return b.render(page, "cluster", s.Target.Name, crumbs, cp)
}

func (b *builder) schema(s *snapshot.Snapshot, sc *snapshot.Schema, crumbs []link) (*schemaRow, error) {
	target := s.Target.Name
	dir := schemaDir(target, sc.Name)
	page := dir + "index.html"
	crumbs = append(append([]link(nil), crumbs...), link{sc.Name, page})
	infos := map[string]*snapshot.TableInfo{}
	var size int64
	for _, t := range sc.Tables {
		infos[t.Name] = t
		size += t.DataLength + t.IndexLength
	}
	row := &schemaRow{Name: sc.Name, Href: page, Size: humanBytes(size), Collation: sc.Collation}
	sp := &schemaPage{Name: sc.Name, Target: target, Size: row.Size, Functions: sc.Tbls.Functions}
	mdDir := "md/" + target + "/" + Slug(sc.Name) + "/"
	if b.o.Markdown != nil {
		if err := b.o.Markdown(b.ctx, sc.Tbls, filepath.Join(b.out, filepath.FromSlash(mdDir))); err != nil {
			return nil, fmt.Errorf("writing Markdown: %w", err)
		}
		sp.Markdown = rel(page, mdDir+"README.md")
	}
	if err := b.schemaDiagrams(sc, dir, sp); err != nil {
		return nil, err
	}
	b.searchItems = append(b.searchItems, []any{3, sc.Name, target, "", page})
	for _, t := range sc.Tbls.Tables {
		tp := tablePage(target, sc.Name, t.Name)
		info := infos[t.Name]
		tr := &tableRow{Name: t.Name, Href: rel(page, tp), Type: t.Type, Comment: t.Comment}
		if info != nil {
			tr.Rows, tr.Data, tr.Index = strconv.FormatInt(info.Rows, 10), humanBytes(info.DataLength), humanBytes(info.IndexLength)
		}
		if t.Type == "VIEW" {
			row.Views++
		} else {
			row.Tables++
		}
		sp.Tables = append(sp.Tables, tr)
		kind := 0
		if t.Type == "VIEW" {
			kind = 1
		}
		b.searchItems = append(b.searchItems, []any{kind, t.Name, target + " › " + sc.Name, t.Comment, tp})
		for _, c := range t.Columns {
			b.searchItems = append(b.searchItems, []any{2, c.Name, target + " › " + sc.Name + "." + t.Name, c.Comment, tp})
		}
		if err := b.table(s, sc, t, info, tp, crumbs, mdDir); err != nil {
			return nil, fmt.Errorf("table %s: %w", t.Name, err)
		}
	}
	return row, b.render(page, "schema", sc.Name+" · "+target, crumbs, sp)
}

// overviewThreshold is the table count above which a schema gets a split
// overview (an index diagram plus parts) instead of one giant diagram.
const overviewThreshold = 80

// overviewer is implemented by render/er.Renderer.
type overviewer interface {
	Overview(ctx context.Context, s *schema.Schema, maxTables int) ([]er.Part, error)
}

// schemaDiagrams draws the schema's ER diagram, or for a large schema an
// index of parts plus one diagram per part. Names under er/ that start
// with "_" cannot clash with table diagrams (slugs start with [a-z0-9]).
func (b *builder) schemaDiagrams(sc *snapshot.Schema, dir string, sp *schemaPage) error {
	if b.o.ER == nil || len(sc.Tbls.Tables) == 0 {
		return nil
	}
	if ov, ok := b.o.ER.(overviewer); ok && len(sc.Tbls.Tables) > overviewThreshold {
		parts, err := ov.Overview(b.ctx, sc.Tbls, overviewThreshold/2)
		if err != nil {
			return fmt.Errorf("drawing ER overview: %w", err)
		}
		for _, p := range parts {
			name := "er/_part-" + p.Name + ".svg"
			if p.Name == er.IndexPart {
				name = "er/_schema.svg"
			} else {
				sp.Parts = append(sp.Parts, link{fmt.Sprintf("%s (%d tables)", p.Name, len(p.Tables)), name})
			}
			if err := b.write(dir+name, p.SVG); err != nil {
				return err
			}
		}
		sp.ER = "er/_schema.svg"
		return nil
	}
	svg, err := b.o.ER.Schema(b.ctx, sc.Tbls)
	if err != nil {
		return fmt.Errorf("drawing ER diagram: %w", err)
	}
	if err := b.write(dir+"er/_schema.svg", svg); err != nil {
		return err
	}
	sp.ER = "er/_schema.svg"
	return nil
}

func (b *builder) table(s *snapshot.Snapshot, sc *snapshot.Schema, t *schema.Table, info *snapshot.TableInfo, page string, crumbs []link, mdDir string) error {
	target := s.Target.Name
	tp := &tablePageData{Name: t.Name, Type: t.Type, Schema: sc.Name, Target: target, Comment: t.Comment, Def: t.Def,
		Constraints: t.Constraints, Indexes: t.Indexes, Triggers: t.Triggers}
	if info != nil {
		tp.Info = &tableInfo{Engine: info.Engine, Rows: strconv.FormatInt(info.Rows, 10), Data: humanBytes(info.DataLength), Index: humanBytes(info.IndexLength)}
	}
	if b.o.Markdown != nil {
		tp.Markdown = rel(page, mdDir+mdTableFile(t.Name))
	}
	hrefOf := func(tb *schema.Table) string {
		if tb == nil || tb.External {
			return ""
		}
		return rel(page, tablePage(target, sc.Name, tb.Name))
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
	if b.o.ER != nil {
		svg, err := b.o.ER.Table(b.ctx, sc.Tbls, t.Name, b.o.ERDistance)
		if err != nil {
			return fmt.Errorf("drawing ER diagram: %w", err)
		}
		name := "er/" + strings.TrimSuffix(filepath.Base(page), ".html") + ".svg"
		if err := b.write(strings.TrimSuffix(page, filepath.Base(page))+name, svg); err != nil {
			return err
		}
		tp.ER = name
	}
	crumbs = append(append([]link(nil), crumbs...), link{t.Name, page})
	return b.render(page, "table", t.Name+" · "+sc.Name, crumbs, tp)
}

// mdTableFile names a table's Markdown file, as the Markdown writer does.
func mdTableFile(table string) string { return markdown.TableFile(table) }

// search writes search-index.js: a script (not JSON, so it loads from
// file:// too) assigning the index to window.AURORADOC_INDEX. Items are
// [kind, name, context, comment, url]; kinds index the list in search.js.
func (b *builder) search() error {
	// No run id in here: the index changes only when what it indexes does.
	data, err := json.Marshal(map[string]any{"items": b.searchItems})
	if err != nil {
		return fmt.Errorf("encoding search index: %w", err)
	}
	// json.Marshal escapes <, > and & (\u003c…), so the payload cannot
	// close the script element or start markup.
	return b.write("search-index.js", append(append([]byte("window.AURORADOC_INDEX = "), data...), ";\n"...))
}

package markdown

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/k1LoW/tbls/config"
	"github.com/k1LoW/tbls/output/md"
	"github.com/k1LoW/tbls/schema"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/auroradoc/auroradoc/internal/golden"
)

// write runs WriteSchema into a fresh directory and returns it with the
// file names.
func write(t *testing.T, s *schema.Schema, o Options) (string, []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	names, err := WriteSchema(context.Background(), s, dir, o)
	if err != nil {
		t.Fatal(err)
	}
	return dir, names
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGolden compares the output for the three fixture schemas with
// testdata/golden/<schema>/; -update rewrites them.
func TestGolden(t *testing.T) {
	for name, s := range fixture(t) {
		t.Run(name, func(t *testing.T) {
			dir, names := write(t, s, Options{ERLink: erLink})
			got := map[string][]byte{}
			for _, n := range names {
				got[n] = []byte(read(t, filepath.Join(dir, n)))
			}
			golden.AssertFiles(t, filepath.Join("testdata", "golden", name), got)
		})
	}
}

func TestReturnsSortedNamesWithReadmeAndOneFilePerTable(t *testing.T) {
	s := fixture(t)["shop"]
	dir, names := write(t, s, Options{})
	if !slices.IsSorted(names) {
		t.Errorf("names not sorted: %q", names)
	}
	if len(names) != len(s.Tables)+1 || !slices.Contains(names, "README.md") {
		t.Errorf("names = %q, want README.md and %d tables", names, len(s.Tables))
	}
	for _, tb := range s.Tables {
		if !slices.Contains(names, TableFile(tb.Name)) {
			t.Errorf("no file for table %q", tb.Name)
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(names) {
		t.Errorf("%d entries in dir, want %d (no temporary files left)", len(ents), len(names))
	}
}

func TestDeterministic(t *testing.T) {
	for name, s := range fixture(t) {
		a, names := write(t, s, Options{ERLink: erLink})
		b, names2 := write(t, s, Options{ERLink: erLink})
		if !slices.Equal(names, names2) {
			t.Fatalf("%s: file names differ between runs", name)
		}
		for _, n := range names {
			if read(t, filepath.Join(a, n)) != read(t, filepath.Join(b, n)) {
				t.Errorf("%s: %s differs between two runs", name, n)
			}
		}
	}
}

// TestPlainSchemasMatchTbls: for ordinary names and comments the output is
// tbls' own, byte for byte; the known differences in the fixture are the
// referenced table of another schema, which tbls links to a page it never
// writes, and the footer, which credits auroradoc (in tbls' format).
func TestPlainSchemasMatchTbls(t *testing.T) {
	for _, name := range []string{"shop", "billing"} {
		t.Run(name, func(t *testing.T) {
			s := fixture(t)[name]
			dir, names := write(t, s, Options{ERLink: func(_, table string) string {
				if table == "" {
					return "schema.svg"
				}
				return table + ".svg"
			}})
			// tbls doc, as cmd/doc.go runs it, minus writing files.
			ref := fixture(t)[name]
			cfg, err := config.New()
			if err != nil {
				t.Fatal(err)
			}
			if err := cfg.ModifySchema(ref); err != nil {
				t.Fatal(err)
			}
			m := md.New(cfg)
			want := map[string]string{}
			var buf bytes.Buffer
			if err := m.OutputSchema(&buf, ref); err != nil {
				t.Fatal(err)
			}
			want["README.md"] = strings.ReplaceAll(buf.String(), TblsFooter, Footer)
			for _, tb := range ref.Tables {
				buf.Reset()
				if err := m.OutputTable(&buf, tb); err != nil {
					t.Fatal(err)
				}
				want[tb.Name+".md"] = strings.ReplaceAll(strings.ReplaceAll(buf.String(), "[shop.customer](shop.customer.md)", "shop.customer"), TblsFooter, Footer)
			}
			if len(names) != len(want) {
				t.Fatalf("%d files, tbls writes %d", len(names), len(want))
			}
			for _, n := range names {
				if got := read(t, filepath.Join(dir, n)); got != want[n] {
					t.Errorf("%s differs from tbls:\n got %q\nwant %q", n, got, want[n])
				}
			}
		})
	}
}

func TestExternalReferencedTableIsNotLinked(t *testing.T) {
	dir, _ := write(t, fixture(t)["billing"], Options{})
	got := read(t, filepath.Join(dir, "v_customer_balance.md"))
	if strings.Contains(got, "shop.customer.md") || !strings.Contains(got, "\n| shop.customer | 0 |") {
		t.Errorf("referenced table of another schema:\n%s", got)
	}
	if !strings.Contains(got, "\n| [invoice](invoice.md) | 10 |") {
		t.Errorf("referenced table of the schema is not linked:\n%s", got)
	}
}

func TestNoERLinkMeansNoRelationsSection(t *testing.T) {
	dir, names := write(t, fixture(t)["shop"], Options{})
	for _, n := range names {
		if got := read(t, filepath.Join(dir, n)); strings.Contains(got, "## Relations") || strings.Contains(got, "![er]") {
			t.Errorf("%s has an ER section without ERLink", n)
		}
	}
	// An empty link leaves out that page's section only.
	dir, _ = write(t, fixture(t)["shop"], Options{ERLink: func(_, table string) string {
		if table == "store" {
			return ""
		}
		return "../er/" + table + " (1).svg"
	}})
	if got := read(t, filepath.Join(dir, "store.md")); strings.Contains(got, "## Relations") {
		t.Errorf("store.md has an ER section for an empty link")
	}
	if got := read(t, filepath.Join(dir, "vehicle.md")); !strings.Contains(got, "## Relations\n\n![er](../er/vehicle%20%281%29.svg)\n") {
		t.Errorf("vehicle.md ER link not encoded:\n%s", got)
	}
	if got := read(t, filepath.Join(dir, "README.md")); !strings.Contains(got, "![er](../er/%20%281%29.svg)") {
		t.Errorf("README ER link:\n%s", got)
	}
}

// TestHostileStaysInDir writes names that would escape the directory with
// tbls' naming and checks nothing lands outside it.
func TestHostileStaysInDir(t *testing.T) {
	names := []string{"../escape", "a/b", "..", ".", "/abs", `x\y`, "README", "readme", "CON", "", ".hidden",
		"-rf", "nul.txt", strings.Repeat("⚡", 64), strings.Repeat("長", 64), "a\nb", "a\x00b", "ok"}
	s := &schema.Schema{Name: "../../s"}
	for _, n := range names {
		s.Tables = append(s.Tables, &schema.Table{Name: n, Type: "BASE TABLE", Columns: []*schema.Column{{Name: "id", Type: "int"}}})
	}
	root := t.TempDir()
	dir := filepath.Join(root, "out")
	got, err := WriteSchema(context.Background(), s, dir, Options{ERLink: erLink})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(names)+1 {
		t.Errorf("%d files for %d tables", len(got), len(names))
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Dir(p) != dir {
			t.Errorf("file outside dir: %s", p)
		}
		if d.IsDir() && p != root && p != dir {
			t.Errorf("directory created: %s", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	readme := read(t, filepath.Join(dir, "README.md"))
	for _, n := range got {
		if n == "README.md" {
			continue
		}
		if !strings.Contains(readme, "]("+linkDest(n)+")") {
			t.Errorf("README does not link %s", n)
		}
	}
}

// TestTableRowsKeepTheirCells parses every table of every page and checks
// each row has as many cells as its header, both as GFM implementations
// split rows and with strict backslash-escape counting.
func TestTableRowsKeepTheirCells(t *testing.T) {
	for name, s := range fixture(t) {
		dir, names := write(t, s, Options{ERLink: erLink})
		tables := 0
		for _, n := range names {
			doc := read(t, filepath.Join(dir, n))
			for _, tb := range mdTables(doc) {
				tables++
				want := cellsGFM(tb.rows[0])
				for i, row := range tb.rows {
					if g, st := cellsGFM(row), cellsStrict(row); g != want || st != want {
						t.Errorf("%s/%s:%d: row has %d (GFM) / %d (strict) cells, header %d:\n%s", name, n, tb.line+i, g, st, want, row)
					}
				}
			}
		}
		if tables == 0 {
			t.Errorf("%s: no tables found", name)
		}
	}
}

// TestHostileRendersSafely renders every hostile page with goldmark in
// unsafe mode (a renderer that passes raw HTML through) and checks that no
// HTML from the data gets through and that cells keep their text.
func TestHostileRendersSafely(t *testing.T) {
	dir, names := write(t, fixture(t)["hostile db"], Options{ERLink: erLink})
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	tag := regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	allowed := map[string]bool{"h1": true, "h2": true, "p": true, "table": true, "thead": true, "tbody": true, "tr": true,
		"th": true, "td": true, "a": true, "code": true, "pre": true, "details": true, "summary": true, "strong": true,
		"em": true, "br": true, "hr": true, "blockquote": true, "img": true}
	var all strings.Builder
	for _, n := range names {
		var buf bytes.Buffer
		if err := gm.Convert([]byte(read(t, filepath.Join(dir, n))), &buf); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		all.WriteString(out)
		for _, m := range tag.FindAllStringSubmatch(out, -1) {
			if !allowed[m[2]] {
				t.Errorf("%s: tag <%s%s%s> in output", n, m[1], m[2], m[3])
			}
			if m[2] == "img" && !strings.HasPrefix(strings.TrimSpace(m[3]), `src="er/`) {
				t.Errorf("%s: image from the data: %s", n, m[0])
			}
			if strings.Contains(strings.ToLower(m[3]), "onerror") {
				t.Errorf("%s: event handler in %s", n, m[0])
			}
		}
		if strings.Contains(out, "<!--") {
			t.Errorf("%s: HTML comment passed through", n)
		}
		// The description sections still come before the columns: no
		// fence or HTML block swallowed the page.
		if n != "README.md" && !strings.Contains(out, "<h2>Columns</h2>") {
			t.Errorf("%s: no Columns heading after rendering", n)
		}
	}
	got := all.String()
	for _, want := range []string{
		"<td>pipes: a | b | c</td>",
		"<td>chk | pipe</td>",
		"<td>fn | pipe</td>",
		"<td>a|b</td>",
		"<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>",
		"<td>&lt;/table&gt;&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;</td>",
		"<td>line one<br />line two | with <code>backticks</code> and {{ .Name }}</td>",
		"<h1>view &quot;of&quot; weird`name</h1>",
		`<a href="weird_name~66ce4f9a909bb896.md">weird`,
		"<p>&lt;img src=x onerror=alert(1)&gt;</p>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rendered pages lack %q", want)
		}
	}
}

func TestFencesCannotBeBroken(t *testing.T) {
	s := &schema.Schema{Name: "s", Tables: []*schema.Table{{
		Name: "t", Type: "BASE TABLE",
		Comment: "text\n```\nunclosed fence\n  ~~~ tilde",
		Def:     "CREATE TABLE t (\n  c int COMMENT '\n```\n# not a heading\n'\n)",
		Columns: []*schema.Column{{Name: "c", Type: "int", Comment: "x"}},
	}}}
	dir, _ := write(t, s, Options{})
	doc := read(t, filepath.Join(dir, "t.md"))
	if !strings.Contains(doc, "\n````sql\nCREATE TABLE t (\n") || !strings.Contains(doc, "\n)\n````\n") {
		t.Errorf("DDL fence not lengthened:\n%s", doc)
	}
	if !strings.Contains(doc, "text  \n\\```  \nunclosed fence  \n  \\~~~ tilde\n") {
		t.Errorf("fence in the description not escaped:\n%s", doc)
	}
	out, err := HTML(doc)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "<h1>not a heading") || !strings.Contains(out, "<h2>Columns</h2>") {
		t.Errorf("a fence swallowed or split the page:\n%s", out)
	}
}

func TestDoesNotModifyInput(t *testing.T) {
	s := fixture(t)["hostile db"]
	before, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	s.Enums = []*schema.Enum{{Name: "e", Values: []string{"b", "a"}}}
	write(t, s, Options{ERLink: erLink})
	if s.Enums[0].Values[0] != "b" {
		t.Error("enum values were sorted in place")
	}
	s.Enums = nil
	after, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("WriteSchema modified its input")
	}
}

// TestConcurrentUse renders the same schema from several goroutines; run
// with -race.
func TestConcurrentUse(t *testing.T) {
	s := fixture(t)["hostile db"]
	s.Enums = []*schema.Enum{{Name: "e", Values: []string{"c", "b", "a"}}}
	ref, refNames := write(t, s, Options{ERLink: erLink})
	var wg sync.WaitGroup
	dirs := make([]string, 8)
	errs := make([]error, 8)
	for i := range dirs {
		dirs[i] = filepath.Join(t.TempDir(), "out")
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = WriteSchema(context.Background(), s, dirs[i], Options{ERLink: erLink})
		}()
	}
	wg.Wait()
	for i, d := range dirs {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		for _, n := range refNames {
			if read(t, filepath.Join(d, n)) != read(t, filepath.Join(ref, n)) {
				t.Errorf("concurrent run %d: %s differs", i, n)
			}
		}
	}
}

func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := WriteSchema(ctx, fixture(t)["shop"], dir, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("dir created for a canceled context")
	}
}

func TestDuplicateTableNames(t *testing.T) {
	s := &schema.Schema{Name: "s", Tables: []*schema.Table{{Name: "a"}, {Name: "a"}}}
	if _, err := WriteSchema(context.Background(), s, t.TempDir(), Options{}); err == nil {
		t.Fatal("no error for two tables with the same name")
	}
}

func TestLabelsAndSchemaDescription(t *testing.T) {
	s := &schema.Schema{
		Name:   "s",
		Desc:   "schema <script>x</script>\n```",
		Labels: schema.Labels{{Name: "pii|gdpr"}},
		Tables: []*schema.Table{{
			Name: "t", Type: "BASE TABLE", Labels: schema.Labels{{Name: "a|b"}, {Name: "c\nd"}},
			Columns: []*schema.Column{{Name: "c", Type: "int", Labels: schema.Labels{{Name: "x|y"}}}},
		}},
	}
	dir, names := write(t, s, Options{})
	readme := read(t, filepath.Join(dir, "README.md"))
	if !strings.Contains(readme, "## Description\n\nschema \\<script>x\\</script>  \n\\```\n") {
		t.Errorf("schema description not escaped:\n%s", readme)
	}
	for _, n := range names {
		doc := read(t, filepath.Join(dir, n))
		for _, tb := range mdTables(doc) {
			for _, row := range tb.rows {
				if cellsGFM(row) != cellsGFM(tb.rows[0]) || cellsStrict(row) != cellsGFM(tb.rows[0]) {
					t.Errorf("%s: row breaks the table: %s", n, row)
				}
			}
		}
	}
	if doc := read(t, filepath.Join(dir, "t.md")); !strings.Contains(doc, "`a\\|b` `c d`") || !strings.Contains(doc, "`x\\|y`") {
		t.Errorf("labels not escaped:\n%s", doc)
	}
}

func TestCheckDistinctDetectsSameFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Orders.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A hard link stands in for a case-insensitive file system.
	if err := os.Link(filepath.Join(dir, "Orders.md"), filepath.Join(dir, "orders.md")); err != nil {
		t.Skip("no hard links:", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ORDERS2.md"), []byte("y"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkDistinct(dir, []string{"Orders.md", "orders.md"}); err == nil {
		t.Error("same file not detected")
	}
	if err := os.WriteFile(filepath.Join(dir, "orders2.md"), []byte("z"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkDistinct(dir, []string{"ORDERS2.md", "orders2.md"}); err != nil {
		t.Errorf("distinct files reported: %v", err)
	}
}

// TestPagesWritesTheReadmeAndTheChosenPagesOnly: a re-render of a large
// schema asks for the README and a few pages; they are the bytes a full
// render writes, and nothing else is written.
func TestPagesWritesTheReadmeAndTheChosenPagesOnly(t *testing.T) {
	s := fixture(t)["shop"]
	full, _ := write(t, s, Options{ERLink: erLink})
	pick := s.Tables[len(s.Tables)/2].Name
	dir, names := write(t, s, Options{ERLink: erLink, Pages: func(table string) bool { return table == pick }})
	if want := []string{"README.md", TableFile(pick)}; !slices.Equal(names, want) {
		t.Fatalf("names = %q, want %q", names, want)
	}
	for _, n := range names {
		if got, want := read(t, filepath.Join(dir, n)), read(t, filepath.Join(full, n)); got != want {
			t.Errorf("%s differs from the full render's", n)
		}
	}
}

package driftpages

import (
	"bytes"
	"context"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/history/historytest"
	"github.com/auroradoc/auroradoc/internal/golden"
	"github.com/auroradoc/auroradoc/templates"
)

// load computes the three-night history of historytest.Store.
func load(t testing.TB) *history.History {
	t.Helper()
	st, _ := historytest.Store(t)
	ctx := context.Background()
	if _, err := history.Update(ctx, st, history.Options{}); err != nil {
		t.Fatal(err)
	}
	h, err := history.Load(ctx, st, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// siteDir is an output directory as package site leaves it: the pages
// the layout links to and the assets (drift.js included).
func siteDir(t testing.TB) string {
	t.Helper()
	out := t.TempDir()
	for _, f := range []string{"index.html", "search.html"} {
		if err := os.WriteFile(filepath.Join(out, f), []byte("site page\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := fs.WalkDir(templates.Assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templates.Assets.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(out, filepath.Dir(p)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func build(t testing.TB, h *history.History) string {
	t.Helper()
	out := siteDir(t)
	if err := Build(context.Background(), h, out, Options{}); err != nil {
		t.Fatal(err)
	}
	return out
}

// files returns every file under out/drift, relative to out, with its
// contents.
func files(t testing.TB, out string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(filepath.Join(out, "drift"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(out, p)
		m[filepath.ToSlash(r)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGolden compares every drift file of the three-night history with
// testdata/golden (go test -update rewrites them).
func TestGolden(t *testing.T) {
	got := files(t, build(t, load(t)))
	golden.AssertFiles(t, filepath.Join("testdata", "golden"), got) // testdata/golden/drift/...
	for _, must := range []string{"drift/index.html", "drift/nights/2026-11.html", "drift/parameters/index.html", "drift/parameters/max_connections.html",
		"drift/t/us-east-1/orders-prd/index.html", "drift/t/us-east-1/orders-prd/sizes.html", "drift/t/us-east-1/orders-prd/compare.html",
		"drift/t/us-east-1/orders-prd/data.js", "drift/t/us-east-1/orders-prd/schema-shop.html", "drift/t/gone-db/index.html"} {
		if got[must] == nil {
			t.Errorf("%s not written", must)
		}
	}
}

// TestContent checks what the pages say about the three nights.
func TestContent(t *testing.T) {
	got := files(t, build(t, load(t)))
	has := func(file string, subs ...string) {
		t.Helper()
		for _, s := range subs {
			if !bytes.Contains(got[file], []byte(s)) {
				t.Errorf("%s does not contain %q", file, s)
			}
		}
	}
	has("drift/index.html", `href="t/us-east-1/orders-prd/index.html#n-2026-11-21T030000Z"`, "Removed: <a", "gone-db", "Added: <a", "fresh-db",
		`Stale (last good snapshot carried forward): <a href="t/legacy/index.html">legacy</a>`, `<span class="badge kind">schema`)
	orders := "drift/t/us-east-1/orders-prd/"
	has(orders+"index.html", "<code>1000</code>", "<code>2000</code>", "8.0.mysql_aurora.3.06.0", `class="cell st-ok has-findings"`,
		`href="schema-shop.html#n-2026-11-21T030000Z"`, `href="../../../parameters/max_connections.html"`)
	has(orders+"schema-shop.html", `<pre class="diff">`, "&#43;  `loyalty_tier` varchar(16) DEFAULT NULL COMMENT &#39;&lt;b&gt;tier&lt;/b&gt;&#39;,")
	has(orders+"sizes.html", `<svg class="spark"`, "<polyline points=", "200.0 MiB")
	has(orders+"compare.html", `<script src="data.js"></script>`, `<script src="../../../../assets/drift.js"></script>`, `<option value="2" selected>`)
	has("drift/t/legacy/index.html", "stale", "target legacy: connecting: &lt;b&gt;refused&lt;/b&gt;")
	has("drift/parameters/max_connections.html", "<code>2000</code>")
	// The fleet's runtime variables, static targets included, with the
	// databases running each value when they differ.
	has("drift/variables.html", `<tr id="v-max_connections"><td><code>max_connections</code></td>`, `href="t/legacy/index.html">legacy</a>`)
	has(orders+"index.html", `href="../../../variables.html#v-max_connections"`)
}

var refAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestLinksResolve: every href and src of every drift page is relative and
// names a file of the site.
func TestLinksResolve(t *testing.T) {
	out := build(t, load(t))
	pages := 0
	for name, b := range files(t, out) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		p := filepath.Join(out, filepath.FromSlash(name))
		for _, m := range refAttr.FindAllStringSubmatch(string(b), -1) {
			ref := strings.ReplaceAll(m[1], "&amp;", "&")
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: unparsable link %q", name, ref)
				continue
			}
			if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
				t.Errorf("%s: non-relative link %q", name, ref)
				continue
			}
			if u.Path == "" {
				if u.Fragment != "" && !bytes.Contains(b, []byte(`id="`+u.Fragment+`"`)) {
					t.Errorf("%s: no anchor %q", name, u.Fragment)
				}
				continue
			}
			target := filepath.Join(filepath.Dir(p), filepath.FromSlash(u.Path))
			if !strings.HasPrefix(target, out+string(filepath.Separator)) {
				t.Errorf("%s: link %q leaves the site", name, ref)
			} else if tb, err := os.ReadFile(target); err != nil {
				t.Errorf("%s: broken link %q", name, ref)
			} else if u.Fragment != "" && !bytes.Contains(tb, []byte(`id="`+u.Fragment+`"`)) {
				t.Errorf("%s: link %q: no such anchor", name, ref)
			}
		}
	}
	if pages < 15 {
		t.Fatalf("only %d pages", pages)
	}
}

// TestDeterministic: two builds are byte-identical.
func TestDeterministic(t *testing.T) {
	h := load(t)
	a, b := files(t, build(t, h)), files(t, build(t, h))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between builds", name)
		}
	}
}

// TestReplacesOnlyDrift: a build replaces drift/ and nothing else.
func TestReplacesOnlyDrift(t *testing.T) {
	out := siteDir(t)
	stale := filepath.Join(out, "drift", "t", "old", "index.html")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Build(context.Background(), load(t), out, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale drift page kept: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || string(b) != "site page\n" {
		t.Errorf("site page touched: %q %v", b, err)
	}
}

// hostile is text that breaks out of HTML, attributes, scripts and
// template literals if it is not escaped.
const hostile = "</script><script>alert(1)</script>\"'`${x}<img src=x onerror=alert(2)> ⚡\u2028"

// TestEscaping renames a target, a parameter and a schema to hostile
// names and feeds hostile values and findings through every page.
func TestEscaping(t *testing.T) {
	h := load(t)
	var orders *history.Target
	for _, tg := range h.Targets {
		if tg.Name == historytest.Orders {
			orders = tg
		}
	}
	orders.Name = "us-east-1/" + hostile
	orders.Parameters = append(orders.Parameters, &history.Series{Key: "grp" + hostile + ":" + hostile,
		Events: []history.Event{{Night: 0, Value: hostile}, {Night: 2, Value: hostile + "2"}}})
	orders.Variables[0].Events = append(orders.Variables[0].Events, history.Event{Night: 2, Value: hostile})
	orders.Engine = append(orders.Engine, history.Event{Night: 2, Value: hostile})
	orders.Schemas = append(orders.Schemas, hostile)
	orders.Tables = append(orders.Tables, &history.TableSeries{Schema: hostile, Table: hostile, Bytes: []int64{1, 2, 3}, Rows: []int64{1, 1, 1}})
	orders.Nights[2].Note = hostile
	orders.Nights[2].Findings = append(orders.Nights[2].Findings, drift.Finding{Target: orders.Name, Kind: drift.KindSchema, Change: drift.Changed,
		ObjectType: "table", Object: hostile + "." + hostile, Field: "definition", From: hostile, To: hostile, Detail: "-" + hostile + "\n+" + hostile, Message: hostile})
	out := build(t, h)
	got := files(t, out)
	dirs := map[string]bool{}
	for name, b := range got {
		dirs[filepath.Dir(name)] = true
		s := string(b)
		if strings.Contains(name, "<") || strings.Contains(name, "\"") || strings.Contains(name, "`") {
			t.Errorf("hostile file name %q", name)
		}
		if strings.HasSuffix(name, ".js") {
			if strings.ContainsAny(s, "<>\u2028") {
				t.Errorf("%s: raw <, > or U+2028 in script data", name)
			}
			continue
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "onerror=alert(2)>"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: unescaped %q", name, bad)
			}
		}
		if n := strings.Count(s, "<script"); n != strings.Count(s, `<script src="`) {
			t.Errorf("%s: a script element without src", name)
		}
	}
	page := got["drift/"+strings.TrimSuffix(targetDir(orders.Name), "/")[len("drift/"):]+"/index.html"]
	if page == nil {
		t.Fatalf("no page for the hostile target (dirs %v)", dirs)
	}
	if !bytes.Contains(page, []byte("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#34;&#39;`${x}&lt;img src=x onerror=alert(2)&gt; ⚡")) {
		t.Errorf("hostile name not shown escaped on its page")
	}
	// Every link still resolves with the hostile names in the paths.
	for name, b := range got {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range refAttr.FindAllStringSubmatch(string(b), -1) {
			u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
			if err != nil || u.Path == "" {
				continue
			}
			target := filepath.Join(out, filepath.Dir(filepath.FromSlash(name)), filepath.FromSlash(u.Path))
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: broken link %q", name, m[1])
			}
		}
	}
}

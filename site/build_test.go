package site

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
	"time"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/golden"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/site/sitepath"
	"github.com/auroradoc/auroradoc/snapshot"
)

// fixtureInput is the frozen MariaDB fixture snapshot plus a manifest with
// a failed and a skipped target next to it.
func fixtureInput(t testing.TB) Input {
	t.Helper()
	s := testsnap.Fixture(t)
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	m := &snapshot.Manifest{FormatVersion: 1, Set: "2026-11-21T030000Z", StartedAt: at, FinishedAt: at.Add(time.Minute),
		Targets: []*snapshot.Entry{
			{Name: s.Target.Name, Status: snapshot.StatusOK},
			{Name: "legacy", Status: snapshot.StatusFailed, Error: "target legacy: connecting: <b>refused</b>"},
			{Name: "us-east-1/archive", Status: snapshot.StatusSkipped, Reason: "status is stopped, not available"},
		}}
	return Input{Manifest: m, Snapshots: []*snapshot.Snapshot{s}}
}

func build(t testing.TB, o Options) string {
	t.Helper()
	out := t.TempDir()
	if err := Build(context.Background(), fixtureInput(t), out, o); err != nil {
		t.Fatal(err)
	}
	return out
}

var refAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestLinksResolve checks every relative link and asset reference of every
// page: it must be relative and point at a file of the site.
func TestLinksResolve(t *testing.T) {
	o, closeFn, err := WithRenderers(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	out := build(t, o)
	for _, want := range []string{"t/fixture-mariadb/s/shop/er/_schema.svg", "md/fixture-mariadb/shop/README.md", "md/fixture-mariadb/shop/customer.md"} {
		if _, err := os.Stat(filepath.Join(out, want)); err != nil {
			t.Errorf("missing %s: %v", want, err)
		}
	}
	// Table diagrams are in the page, so their links to the neighbours'
	// pages work (checked with the page's other links below).
	page, err := os.ReadFile(filepath.Join(out, "t/fixture-mariadb/s/shop/customer.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`<figure class="er inline"[^>]*><svg [^>]*>(?s:.*)<a href="[a-z_]+\.html"`).Match(page) {
		t.Error("customer.html has no inline ER diagram linking its neighbours")
	}
	if pages := checkLinks(t, out); pages < 20 {
		t.Fatalf("only %d pages written", pages)
	}
}

// checkLinks checks every relative link and asset reference of every page
// under out and returns the number of pages.
func checkLinks(t *testing.T, out string) int {
	t.Helper()
	pages := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range refAttr.FindAllStringSubmatch(string(b), -1) {
			ref := strings.ReplaceAll(m[1], "&amp;", "&")
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: unparsable link %q", p, ref)
				continue
			}
			if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
				t.Errorf("%s: non-relative link %q", p, ref)
				continue
			}
			if u.Path == "" {
				continue // "?q=" or "#frag" on the same page
			}
			target := filepath.Join(filepath.Dir(p), filepath.FromSlash(u.Path))
			if !strings.HasPrefix(target, out) {
				t.Errorf("%s: link %q leaves the site", p, ref)
			} else if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: broken link %q", p, ref)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// TestLargeSchemaOverview: a schema too large for one readable diagram
// gets an index diagram and one diagram per part, each with a view page,
// all linked from the schema page.
func TestLargeSchemaOverview(t *testing.T) {
	o, closeFn, err := WithRenderers(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	out := t.TempDir()
	if err := Build(context.Background(), synthFleet(1, 160), out, o); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, out)
	parts, _ := filepath.Glob(filepath.Join(out, "t", "us-east-1", "app-000", "s", "app", "er", "_part-*.svg"))
	if len(parts) < 2 {
		t.Fatalf("want an overview split into parts, got %v", parts)
	}
	page, _ := os.ReadFile(filepath.Join(out, "t", "us-east-1", "app-000", "s", "app", "index.html"))
	for _, p := range parts {
		view := strings.TrimSuffix(filepath.Base(p), ".svg") + ".html"
		if !strings.Contains(string(page), `href="er/`+view+`"`) {
			t.Errorf("schema page does not link %s", view)
		}
		if _, err := os.Stat(strings.TrimSuffix(p, ".svg") + ".html"); err != nil {
			t.Errorf("part %s has no view page: %v", filepath.Base(p), err)
		}
	}
}

// TestHostileContentIsEscaped: no user-controlled text becomes markup.
func TestHostileContentIsEscaped(t *testing.T) {
	out := build(t, Options{})
	var all bytes.Buffer
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".js")) && !strings.Contains(p, "assets") {
			b, _ := os.ReadFile(p)
			all.Write(b)
		}
		return nil
	})
	text := all.String()
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>bold</b>", "</table></td><img", "<b>refused</b>"} {
		if strings.Contains(text, bad) {
			t.Errorf("user text rendered as markup: %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "weird`name"} {
		if !strings.Contains(text, want) {
			t.Errorf("expected escaped text %q in the site", want)
		}
	}
	if strings.Contains(text, " on") && regexp.MustCompile(`<[^>]+\son[a-z]+=`).MatchString(text) {
		t.Error("an inline event handler attribute was generated")
	}
	if !strings.Contains(text, `http-equiv="Content-Security-Policy"`) {
		t.Error("no Content-Security-Policy meta tag")
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	a, b := build(t, Options{}), build(t, Options{})
	count := 0
	filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		count++
		r, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, r))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", r)
		}
		return nil
	})
	if count == 0 {
		t.Fatal("no files")
	}
}

// TestGolden compares a few representative pages with golden files.
func TestGolden(t *testing.T) {
	out := build(t, Options{})
	for _, page := range []string{
		"index.html",
		"t/fixture-mariadb/index.html",
		"t/fixture-mariadb/s/shop/index.html",
		"t/fixture-mariadb/s/shop/customer.html",
		"t/fixture-mariadb/s/" + sitepath.Slug("hostile db") + "/" + sitepath.Slug("weird`name") + ".html",
		"t/fixture-mariadb/anomalies.html",
		"t/fixture-mariadb/crawl.js",
		"t/fixture-mariadb/s/billing/v_customer_balance.html",
		"anomalies.html",
	} {
		got, err := os.ReadFile(filepath.Join(out, page))
		if err != nil {
			t.Fatal(err)
		}
		golden.Assert(t, filepath.Join("testdata", "golden", strings.ReplaceAll(page, "/", "__")), got)
	}
}

// TestRebuildReplacesThePreviousSite: pages of a dropped table disappear,
// and a directory that is not a site is never cleared.
func TestRebuildReplacesThePreviousSite(t *testing.T) {
	out := t.TempDir()
	in := fixtureInput(t)
	if err := Build(context.Background(), in, out, Options{}); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(out, "t", "fixture-mariadb", "s", "shop", "customer.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatal(err)
	}
	shop := in.Snapshots[0].FindSchema("shop").Tbls
	var kept []*schema.Table
	for _, tb := range shop.Tables {
		if tb.Name != "customer" {
			kept = append(kept, tb)
		}
	}
	shop.Tables = kept
	if err := Build(context.Background(), in, out, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(page); err == nil {
		t.Error("the page of a dropped table survived the rebuild")
	}

	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "precious.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Build(context.Background(), in, foreign, Options{})
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("building into a foreign non-empty directory: want a refusal, got %v", err)
	}
	if _, err := os.Stat(filepath.Join(foreign, "precious.txt")); err != nil {
		t.Error("a foreign file was deleted")
	}
}

// TestTargetNameOutsideTheSite: a target name that would put its pages
// outside the site directory is an error, and nothing is written there;
// a state file naming paths outside the site deletes nothing outside it.
func TestTargetNameOutsideTheSite(t *testing.T) {
	for _, name := range []string{"../../escape", "a/../../../escape", "/abs", "t/./x"} {
		in := fixtureInput(t)
		in.Snapshots[0].Target.Name = name
		in.Manifest.Targets[0].Name = name
		root := t.TempDir()
		out := filepath.Join(root, "site", "out")
		err := Build(context.Background(), in, out, Options{})
		if err == nil || !strings.Contains(err.Error(), "cannot be used as a path") {
			t.Errorf("target %q: want an error, got %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(root, "site", "escape")); err == nil {
			t.Errorf("target %q: pages written outside the site", name)
		}
	}
	for _, rel := range []string{"../victim", "a/../../victim", "/victim"} {
		if ours(rel) {
			t.Errorf("ours(%q) = true, want false", rel)
		}
	}
}

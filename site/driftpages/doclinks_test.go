package driftpages_test

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/site"
	"github.com/auroradoc/auroradoc/site/sitetest"
)

var findingRow = regexp.MustCompile(`(?s)<tr><td>([a-z-]+)</td><td><span class="chg chg-[a-z]+">([a-z]+)</span></td><td>(.*?)</td>`)
var hrefRe = regexp.MustCompile(`href="([^"]*)"`)

// TestFindingsLinkTheDocumentation renders the documentation site of the
// newest night and the drift pages of the three-night history into one
// directory, as the nightly job does, and checks that every finding of
// every target page links its object's documentation page and anchor
// (a column's row, the parameter's row), that every such link resolves,
// and that findings about objects still there are linked.
func TestFindingsLinkTheDocumentation(t *testing.T) {
	out := sitetest.Build(t, site.Options{})
	pages, _ := filepath.Glob(filepath.Join(out, "drift", "t", "*", "*", "*.html"))
	more, _ := filepath.Glob(filepath.Join(out, "drift", "t", "*", "*.html"))
	pages = append(pages, more...)
	findings, linked := 0, map[string]int{}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range findingRow.FindAllStringSubmatch(string(b), -1) {
			findings++
			kind, object := row[1], row[3]
			hrefs := hrefRe.FindAllStringSubmatch(object, -1)
			if len(hrefs) == 0 {
				if kind != "target" {
					t.Errorf("%s: %s finding without a documentation link: %s", p, kind, object)
				}
				continue
			}
			ref := strings.ReplaceAll(hrefs[0][1], "&amp;", "&")
			u, err := url.Parse(ref)
			if err != nil {
				t.Fatal(err)
			}
			dest := filepath.Join(filepath.Dir(p), filepath.FromSlash(u.Path))
			db, err := os.ReadFile(dest)
			if err != nil {
				t.Errorf("%s: %s finding links a missing page %s", p, kind, ref)
				continue
			}
			if u.Fragment != "" && !bytes.Contains(db, []byte(`id="`+u.Fragment+`"`)) {
				t.Errorf("%s: %s finding links %s: no such anchor", p, kind, ref)
			}
			if strings.HasPrefix(u.Fragment, "col-") || strings.HasPrefix(u.Fragment, "p-") || strings.HasPrefix(u.Fragment, "v-") {
				linked[u.Fragment[:2]]++
			}
		}
	}
	if findings < 5 {
		t.Fatalf("only %d findings found on %d pages: does the pattern still match the template?", findings, len(pages))
	}
	if linked["co"] == 0 || linked["p-"] == 0 {
		t.Errorf("no finding links a column row or a parameter row: %v", linked)
	}
	t.Logf("%d findings on %d pages, anchored links %v", findings, len(pages), linked)

	// And the other way: every link of a documentation page into the
	// drift pages resolves, anchor included.
	toDrift := 0
	err := filepath.WalkDir(filepath.Join(out, "t"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
			u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
			if err != nil || !strings.Contains(u.Path, "drift/") || strings.HasSuffix(u.Path, "drift/index.html") {
				continue
			}
			toDrift++
			dest := filepath.Join(filepath.Dir(p), filepath.FromSlash(u.Path))
			db, err := os.ReadFile(dest)
			if err != nil {
				t.Errorf("%s: link to a missing drift page %s", p, m[1])
			} else if u.Fragment != "" && !bytes.Contains(db, []byte(`id="`+u.Fragment+`"`)) {
				t.Errorf("%s: link %s: no such anchor", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if toDrift < 10 {
		t.Errorf("only %d links from the documentation to the drift pages", toDrift)
	}
	t.Logf("%d links from the documentation to the drift pages resolve", toDrift)

	// Every anomaly links an existing table page, at the column's row
	// when it is about a column.
	anomalies := 0
	for _, page := range append([]string{filepath.Join(out, "anomalies.html")}, mustGlob(t, filepath.Join(out, "t", "*", "anomalies.html"), filepath.Join(out, "t", "*", "*", "anomalies.html"))...) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
			u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
			if err != nil || strings.Contains(u.Path, "assets/") || strings.HasSuffix(u.Path, "search.html") || strings.HasSuffix(u.Path, "drift/index.html") {
				continue
			}
			target := page
			if u.Path != "" {
				target = filepath.Join(filepath.Dir(page), filepath.FromSlash(u.Path))
			}
			db, err := os.ReadFile(target)
			if err != nil {
				t.Errorf("%s: link to a missing page %s", page, m[1])
				continue
			}
			if u.Fragment != "" && !bytes.Contains(db, []byte(`id="`+u.Fragment+`"`)) {
				t.Errorf("%s: link %s: no such anchor", page, m[1])
			}
			if strings.HasPrefix(u.Path, "s/") || strings.Contains(u.Path, "/s/") {
				anomalies++
			}
		}
	}
	if anomalies < 3 {
		t.Errorf("only %d anomaly links to table pages", anomalies)
	}
	t.Logf("%d anomaly links resolve", anomalies)
}

func mustGlob(t *testing.T, patterns ...string) []string {
	t.Helper()
	var out []string
	for _, p := range patterns {
		m, err := filepath.Glob(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	return out
}

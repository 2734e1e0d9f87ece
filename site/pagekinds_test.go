package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/history/historytest"
	"github.com/auroradoc/auroradoc/site"
	"github.com/auroradoc/auroradoc/site/driftpages"
)

// axePath finds axe.min.js of npm axe-core: $AURORADOC_AXE (exported by
// scripts/test.sh) or the test script's cache.
func axePath() string {
	if p := os.Getenv("AURORADOC_AXE"); p != "" {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	p := filepath.Join(home, ".cache/auroradoc/axe-core/node_modules/axe-core/axe.min.js")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// pageKinds are one page of every kind the site and the drift pages make;
// phone marks those axe-core checks at 390 px too (the others have the same
// markup at every width and are checked at 1400 px, light and dark: axe on
// a page of 600 rows costs seconds).
var pageKinds = []struct {
	name, path string
	phone      bool
}{
	{"fleet-index", "index.html", true},
	{"search", "search.html?q=customer+email", true},
	{"database", "t/us-east-1/orders-prd/index.html", true},
	{"parameters", "t/us-east-1/orders-prd/parameters.html", false},
	{"anomalies", "t/us-east-1/orders-prd/anomalies.html", true},
	{"fleet-anomalies", "anomalies.html", false},
	{"schema", "t/us-east-1/orders-prd/s/shop/index.html", true},
	{"table", "t/us-east-1/orders-prd/s/shop/customer.html", true},
	{"view", "t/us-east-1/orders-prd/s/billing/v_customer_balance.html", true},
	{"drift-index", "drift/index.html", true},
	{"drift-month", "drift/nights/2026-11.html", false},
	{"drift-target", "drift/t/us-east-1/orders-prd/index.html", true},
	{"drift-schema", "drift/t/us-east-1/orders-prd/schema-shop.html", true},
	{"drift-sizes", "drift/t/us-east-1/orders-prd/sizes.html", false},
	{"drift-compare", "drift/t/us-east-1/orders-prd/compare.html", false},
	{"drift-parameters", "drift/parameters/index.html", false},
	{"drift-parameter", "drift/parameters/max_connections.html", false},
	{"drift-variables", "drift/variables.html", false},
}

// TestEveryPageKindInChromium renders the documentation and the drift
// pages of the three-night history into one directory, as the nightly job
// does, and opens one page of every kind in headless Chromium at 1400 px,
// at 390 px (a phone) and in dark mode: each is screenshotted to
// test-artifacts/pages/, checked with axe-core (no serious or critical
// violation of WCAG 2.1 A/AA) and, on the phone, for sideways overflow of
// the page itself (wide tables scroll in their own box, with the first
// column kept in view).
func TestEveryPageKindInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if p := os.Getenv("AURORADOC_CHROMIUM"); p != "" {
		bin, err = p, nil
	} else if _, e := os.Stat("/usr/bin/chromium"); e == nil {
		bin, err = "/usr/bin/chromium", nil
	}
	axe := axePath()
	switch {
	case err != nil && os.Getenv("CI") == "true":
		t.Fatalf("CI=true needs Chromium for the page check: install it (scripts/test.sh does)")
	case err != nil:
		t.Skip("Chromium not found: install it (apt-get install -y chromium) or set AURORADOC_CHROMIUM")
	case axe == "" && os.Getenv("CI") == "true":
		t.Fatalf("CI=true needs axe-core: npm axe-core@4.14.1 (scripts/test.sh installs it) or AURORADOC_AXE")
	case axe == "":
		t.Skip("axe-core not found: run scripts/test.sh (installs npm axe-core@4.14.1) or set AURORADOC_AXE")
	}
	axeJS, err := os.ReadFile(axe)
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	st, _ := historytest.Store(t)
	if _, err := history.Update(ctx, st, history.Options{}); err != nil {
		t.Fatal(err)
	}
	h, err := history.Load(ctx, st, history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	set, err := st.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.Manifest(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	o, closeRenderers, err := site.WithRenderers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer closeRenderers()
	o.DriftLink = true
	if err := site.Build(ctx, site.FromStore(st, m), out, o); err != nil {
		t.Fatal(err)
	}
	if err := driftpages.Build(ctx, h, out, driftpages.Options{}); err != nil {
		t.Fatal(err)
	}
	// The Markdown (tbls' layout) shows the schema's ER image from its
	// README, and credits auroradoc.
	readme := filepath.Join(out, "md", "us-east-1", "orders-prd", "shop", "README.md")
	md, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`!\[er\]\(([^)]+)\)`).FindSubmatch(md); m == nil {
		t.Errorf("%s shows no ER image", readme)
	} else if _, err := os.Stat(filepath.Join(filepath.Dir(readme), filepath.FromSlash(string(m[1])))); err != nil {
		t.Errorf("%s: the ER image %s does not exist: %v", readme, m[1], err)
	}
	if !strings.Contains(string(md), "Generated by [auroradoc]") {
		t.Errorf("%s does not credit auroradoc", readme)
	}
	// The fleet README links every schema's README.
	fleet, err := os.ReadFile(filepath.Join(out, "md", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`\]\(([^)]+/README\.md)\)`).FindAllSubmatch(fleet, -1)
	if len(links) < 3 {
		t.Errorf("md/README.md links %d schema READMEs:\n%s", len(links), fleet)
	}
	for _, l := range links {
		if _, err := os.Stat(filepath.Join(out, "md", filepath.FromSlash(string(l[1])))); err != nil {
			t.Errorf("md/README.md links a missing %s", l[1])
		}
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	artifacts := filepath.Join("..", "test-artifacts", "pages")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 8*time.Minute)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(tctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true), chromedp.UserDataDir(t.TempDir()))...)
	defer cancelAlloc()
	bctx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()

	type violation struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any  `json:"target"`
			HTML   string `json:"html"`
		} `json:"nodes"`
	}
	modes := []struct {
		name   string
		w, h   int64
		mobile bool
		dark   bool
	}{{"desktop", 1400, 900, false, false}, {"phone", 390, 844, true, false}, {"dark", 1400, 900, false, true}}
	checked := 0
	for _, md := range modes {
		began := time.Now()
		opts := []chromedp.EmulateViewportOption{}
		if md.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		scheme := "light"
		if md.dark {
			scheme = "dark"
		}
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(md.w, md.h, opts...)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			t.Fatal(err)
		}
		for _, pk := range pageKinds {
			if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/"+pk.path)); err != nil {
				t.Fatalf("%s: %v", pk.path, err)
			}
			// Let the scripts (search shards, compare) finish.
			time.Sleep(150 * time.Millisecond)
			// Very long pages (hundreds of variables) are shot as far as
			// the viewport: a full shot of them costs seconds and shows
			// nothing more.
			shoot := chromedp.FullScreenshot(100)
			if long, _ := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.documentElement.scrollHeight > 6000`)); long {
				shoot = chromedp.CaptureScreenshot()
			}
			shot, err := chromedp.Run(bctx, shoot)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(artifacts, pk.name+"-"+md.name+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
			if md.mobile {
				w, err := chromedp.Run(bctx, chromedp.Evaluate[[2]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
				if err != nil {
					t.Fatal(err)
				}
				if w[0] > w[1]+1 {
					t.Errorf("%s at 390 px: the page scrolls sideways (scrollWidth %d, innerWidth %d)", pk.path, w[0], w[1])
				}
			}
			if md.mobile && !pk.phone {
				continue
			}
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](string(axeJS))); err != nil {
				t.Fatalf("%s: injecting axe-core: %v", pk.path, err)
			}
			raw, err := chromedp.Run(bctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag",
				values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"], elementRef: false, iframes: false}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: running axe-core: %v", pk.path, err)
			}
			var vs []violation
			if err := json.Unmarshal([]byte(raw), &vs); err != nil {
				t.Fatal(err)
			}
			checked++
			for _, v := range vs {
				if v.Impact != "serious" && v.Impact != "critical" {
					t.Logf("%s (%s): axe %s (%s): %s", pk.path, md.name, v.ID, v.Impact, v.Help)
					continue
				}
				var where []string
				for i, n := range v.Nodes {
					if i == 3 {
						where = append(where, fmt.Sprintf("… %d more", len(v.Nodes)-3))
						break
					}
					where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
				}
				t.Errorf("%s (%s): axe %s (%s): %s\n\t%s", pk.path, md.name, v.ID, v.Impact, v.Help, strings.Join(where, "\n\t"))
			}
		}
		t.Logf("%s: %d page kinds in %v", md.name, len(pageKinds), time.Since(began).Round(time.Millisecond))
	}
	if checked < 2*len(pageKinds)+10 {
		t.Fatalf("checked %d pages with axe-core, want %d", checked, 2*len(pageKinds)+10)
	}
	t.Logf("%d pages checked with axe-core (%d kinds, 1400 px light and dark, 10 kinds at 390 px); screenshots in %s", checked, len(pageKinds), artifacts)
}

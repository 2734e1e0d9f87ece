package site

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// TestDiagramsInBrowser opens every schema diagram of a 60-, a 170- and a
// 1,000-table schema in Chromium from file:// at 1400 px, as a reader
// would: the schema page (diagram or index inline) and every full-size view
// page. It proves that every text of every diagram is at least 10 px (the
// rendered text boxes and the font size on screen), that every table box
// is a link to a table page that exists and every table has one, that pan
// and zoom work (buttons, wheel, drag), that the way back leads to the
// schema page, and that every SVG file opened by itself shows its content.
// Screenshots (desktop 1400 px, phone 390 px, dark mode) go to
// test-artifacts/diagrams/.
func TestDiagramsInBrowser(t *testing.T) {
	bin, err := chromiumPath()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI=true needs the browser test: %s", err, installChromium)
		}
		t.Skipf("%v; skipping the diagram browser test: %s", err, installChromium)
	}
	if testing.Short() {
		t.Skip("-short: the diagram browser test lays out ~1,200 tables and opens ~80 pages")
	}
	sizes := []int{60, 170, 1000}
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	in := Input{Manifest: &snapshot.Manifest{FormatVersion: 1, Set: "2026-11-21T030000Z", StartedAt: at, FinishedAt: at}}
	for c, n := range sizes {
		s := synthSnapshot(c, n, nil)
		if c == 0 {
			widen(s.Schemas[0].Tbls.Tables[1], 300) // a table too wide to draw whole
		}
		in.Snapshots = append(in.Snapshots, s)
		in.Manifest.Targets = append(in.Manifest.Targets, &snapshot.Entry{Name: s.Target.Name, Status: snapshot.StatusOK})
	}
	out := t.TempDir()
	o, closeRenderers, err := WithRenderers(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer closeRenderers()
	start := time.Now()
	if err := Build(t.Context(), in, out, o); err != nil {
		t.Fatal(err)
	}
	t.Logf("site of %v tables built in %v", sizes, time.Since(start).Round(time.Millisecond))
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(out) + "/"}).String()

	ctx, artifacts, browserLog := startChromium(t, bin, "diagrams", 1400, 900, 8*time.Minute)
	b := &diagramBrowser{t: t, ctx: ctx, artifacts: artifacts, log: browserLog}
	b.must("starting Chromium", chromedp.Do(ctx))
	var rec consoleLog
	b.must("listening to the tab", rec.listen(ctx))
	b.desktop()

	for c, n := range sizes {
		name := in.Snapshots[c].Target.Name
		dir := schemaDir(name, "app")
		schemaPage := root + dir + "index.html"
		label := fmt.Sprintf("%d-tables", n)
		t.Run(label, func(t *testing.T) {
			b.t = t
			defer func() { b.t = nil }()
			linked := map[string]bool{} // table pages some diagram box links
			b.open(schemaPage)
			b.checkText(label + " schema page")
			b.collectLinks(label+" schema page", out, linked)
			b.shot(label + "-schema")

			views, _ := filepath.Glob(filepath.Join(out, filepath.FromSlash(dir), "er", "*.html"))
			if len(views) == 0 {
				t.Fatal("no diagram view pages")
			}
			parts := 0
			for _, v := range views {
				b.open(root + dir + "er/" + filepath.Base(v))
				b.checkText(label + " " + filepath.Base(v))
				b.collectLinks(label+" "+filepath.Base(v), out, linked)
				if strings.HasPrefix(filepath.Base(v), "_part-") {
					parts++
				}
			}
			tables := in.Snapshots[c].Schemas[0].Tbls.Tables
			for _, tb := range tables {
				if p := filepath.Join(out, filepath.FromSlash(tablePage(name, "app", tb.Name))); !linked[p] {
					t.Errorf("no diagram box links table %s (%s)", tb.Name, p)
				}
			}
			t.Logf("%d tables: %d view pages (%d parts), %d table pages linked", n, len(views), parts, len(linked))
			if n >= 170 && parts < 2 {
				t.Errorf("%d tables drawn in %d parts: not split into readable groups", n, parts)
			}

			// A table box works: a click opens the table page.
			first := views[0] // a part, or the only diagram
			b.open(root + dir + "er/" + filepath.Base(first))
			href := b.eval(`(() => { const a = [...document.querySelectorAll("figure.er svg g.node a")].find(a => (a.getAttribute("xlink:href") || "").startsWith("../")); return a ? a.getAttribute("xlink:href") : ""; })()`)
			if href == "" {
				t.Fatalf("%s: no table box", filepath.Base(first))
			}
			b.shot(label + "-view")
			b.panZoom(label)
			b.click("a table box", `[...document.querySelectorAll("figure.er svg g.node a")].find(a => a.getAttribute("xlink:href") === `+jsString(href)+`)`)
			b.wantURL(root + dir + strings.TrimPrefix(href, "../"))
			if got := b.eval(`document.querySelector("h1").firstChild.textContent.trim()`); got == "" {
				t.Error("the table page has no heading")
			}

			// The way back: from a view to the schema page.
			b.open(root + dir + "er/" + filepath.Base(first))
			b.click("the way back", `document.querySelector("nav.er-back a")`)
			b.wantURL(schemaPage)

			// Every SVG file opened by itself shows its content.
			svgs, _ := filepath.Glob(filepath.Join(out, filepath.FromSlash(dir), "er", "*.svg"))
			for _, s := range svgs {
				b.open(root + dir + "er/" + filepath.Base(s))
				if !b.evalBool(`[...document.querySelectorAll("text")].some(t => { const r = t.getBoundingClientRect();
					return r.width > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight; })`) {
					t.Errorf("%s opens without its content in view", filepath.Base(s))
				}
			}

			// Dark mode: no white panel behind the diagram, text readable.
			b.dark(true)
			b.open(schemaPage)
			if fill := b.eval(`(() => { const p = document.querySelector("figure.er svg g.node :is(polygon, rect, path)[fill]:not([fill=none])"); return p ? getComputedStyle(p).fill : ""; })()`); fill == "rgb(255, 255, 255)" || fill == "" {
				t.Errorf("dark mode: the first box is filled %q (a white panel)", fill)
			}
			b.shot(label + "-schema-dark")
			b.open(root + dir + "er/" + filepath.Base(first))
			b.shot(label + "-view-dark")
			b.dark(false)

			// Phone: the page does not scroll sideways; the view still pans.
			b.phone()
			b.open(schemaPage)
			if b.evalBool(`document.documentElement.scrollWidth > innerWidth + 1`) {
				t.Error("phone: the schema page scrolls sideways")
			}
			b.shot(label + "-schema-phone")
			b.open(root + dir + "er/" + filepath.Base(first))
			b.shot(label + "-view-phone")
			b.desktop()
		})
	}
	errs, _, dialogs := rec.take()
	for _, e := range append(errs, dialogs...) {
		t.Errorf("browser error: %s", e)
	}
}

// widen gives t n columns (its key columns stay).
func widen(t *schema.Table, n int) {
	for i := len(t.Columns); i < n; i++ {
		t.Columns = append(t.Columns, &schema.Column{Name: fmt.Sprintf("extra_%03d", i), Type: "int", Nullable: true})
	}
}

// diagramBrowser drives one Chromium tab for TestDiagramsInBrowser.
type diagramBrowser struct {
	t         *testing.T
	ctx       context.Context
	artifacts string
	log       string
	shots     int
}

func (b *diagramBrowser) must(what string, err error) {
	b.t.Helper()
	if err != nil {
		b.t.Fatalf("%s: %v (browser output in %s)", what, err, b.log)
	}
}

func (b *diagramBrowser) open(u string) {
	b.t.Helper()
	b.must("opening "+u, chromedp.Do(b.ctx, chromedp.Navigate(u)))
}

func (b *diagramBrowser) eval(js string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	b.must("evaluating "+js, err)
	return s
}

func (b *diagramBrowser) evalBool(js string) bool {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js))
	b.must("evaluating "+js, err)
	return v
}

// viewBox returns the view page's current viewBox.
func (b *diagramBrowser) viewBox() (x, y, w, h float64) {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]float64](`document.querySelector("#er-view svg").getAttribute("viewBox").trim().split(/[\s,]+/).map(Number)`))
	b.must("reading the viewBox", err)
	if len(v) != 4 {
		b.t.Fatalf("viewBox %v", v)
	}
	return v[0], v[1], v[2], v[3]
}

func (b *diagramBrowser) click(what, js string) {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.JSPath(js))))
	b.must("clicking "+what, err)
}

func (b *diagramBrowser) wantURL(want string) {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Location())
	b.must("reading the location", err)
	if got != want {
		b.t.Errorf("location = %q, want %q", got, want)
	}
}

func (b *diagramBrowser) shot(name string) {
	b.t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	b.must("screenshot "+name, err)
	b.shots++
	b.must("saving a screenshot", os.WriteFile(filepath.Join(b.artifacts, fmt.Sprintf("%02d-%s.png", b.shots, name)), buf, 0o644))
}

func (b *diagramBrowser) desktop() {
	b.must("1400 px viewport", chromedp.Do(b.ctx, chromedp.EmulateViewport(1400, 900)))
}

func (b *diagramBrowser) phone() {
	b.must("phone viewport", chromedp.Do(b.ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
}

func (b *diagramBrowser) dark(on bool) {
	value := "light"
	if on {
		value = "dark"
	}
	b.must("emulating "+value+" mode", chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: value}}})
		return err
	})))
}

// textSizes measures every non-blank text of the page's diagrams: the
// smallest text box height and font size on screen (px), how many texts,
// and a few of the smallest.
type textSizes struct {
	N       int      `json:"n"`
	MinBox  float64  `json:"minBox"`
	MinFont float64  `json:"minFont"`
	Small   []string `json:"small"`
}

const textSizesJS = `(() => {
  const out = {n: 0, minBox: 1e9, minFont: 1e9, small: []};
  for (const svg of document.querySelectorAll("figure.er svg")) {
    const m = svg.getScreenCTM();
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim()) continue;
      const r = t.getBoundingClientRect();
      const font = parseFloat(getComputedStyle(t).fontSize) * (m ? m.a : 0);
      out.n++;
      out.minBox = Math.min(out.minBox, r.height);
      out.minFont = Math.min(out.minFont, font);
      if ((r.height < 10 || font < 10) && out.small.length < 5) out.small.push(t.textContent + " " + r.height.toFixed(1) + "/" + font.toFixed(1));
    }
  }
  return out;
})()`

// checkText fails when a text of the page's diagrams is under 10 px.
func (b *diagramBrowser) checkText(what string) {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[textSizes](textSizesJS))
	b.must("measuring text on "+what, err)
	if s.N == 0 {
		b.t.Errorf("%s: no diagram text", what)
		return
	}
	if s.MinBox < 10 || s.MinFont < 10 {
		b.t.Errorf("%s: smallest text %.1f px box, %.1f px font (want ≥ 10): %q", what, s.MinBox, s.MinFont, s.Small)
	}
}

// collectLinks checks that every box of the page's diagrams is a link to a
// file that exists, and records the table pages among them.
func (b *diagramBrowser) collectLinks(what, out string, linked map[string]bool) {
	b.t.Helper()
	type box struct {
		Title string `json:"title"`
		URL   string `json:"url"`
	}
	boxes, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]box](`[...document.querySelectorAll("figure.er svg g.node")].map(g => {
		const a = g.querySelector("a"); const h = a ? (a.getAttribute("xlink:href") || a.getAttribute("href")) : "";
		return {title: (g.querySelector("title") || {textContent: ""}).textContent, url: h ? new URL(h, location.href).href : ""}; })`))
	b.must("reading the boxes of "+what, err)
	if len(boxes) == 0 {
		b.t.Errorf("%s: no boxes", what)
	}
	for _, bx := range boxes {
		u, err := url.Parse(bx.URL)
		if bx.URL == "" || err != nil || u.Scheme != "file" {
			b.t.Errorf("%s: box %q is not a link (%q)", what, bx.Title, bx.URL)
			continue
		}
		p := filepath.FromSlash(u.Path)
		if _, err := os.Stat(p); err != nil {
			b.t.Errorf("%s: box %q links a missing page: %v", what, bx.Title, err)
			continue
		}
		if rel, err := filepath.Rel(out, p); err == nil && !strings.Contains(rel, string(filepath.Separator)+"er"+string(filepath.Separator)) {
			linked[p] = true
		}
	}
}

// panZoom proves the view page's controls move the view: zoom buttons,
// the wheel, a drag (which must not follow a link), and Fit.
func (b *diagramBrowser) panZoom(label string) {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	b.must("reading the location", err)
	_, _, w0, _ := b.viewBox()
	b.must("zoom in", chromedp.Do(b.ctx, chromedp.Click(chromedp.JSPath(`document.querySelector("[data-zoom=in]")`))))
	_, _, w1, _ := b.viewBox()
	if !(w1 < w0*0.85) {
		b.t.Errorf("zoom in: viewBox width %.1f → %.1f, want smaller by 1.25×", w0, w1)
	}
	b.shot(label + "-view-zoomed")
	// The figure's centre, in page coordinates.
	c, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector("#er-view").getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`))
	b.must("locating the view", err)
	x1, y1, _, _ := b.viewBox()
	held := func(p *input.DispatchMouseEventParams) {
		p.Button, p.Buttons, p.ClickCount = input.MouseButtonLeft, 1, 1
	}
	b.must("dragging", chromedp.Do(b.ctx,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, c[0], c[1], held),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, c[0]-60, c[1]-40, held),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, c[0]-200, c[1]-120, held),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, c[0]-200, c[1]-120, held)))
	x2, y2, w2, _ := b.viewBox()
	if !(x2 > x1+10 && y2 > y1+10) || w2 != w1 {
		b.t.Errorf("drag: viewBox origin (%.1f, %.1f) → (%.1f, %.1f), width %.1f → %.1f; want moved right and down, same width", x1, y1, x2, y2, w1, w2)
	}
	b.wantURL(loc) // a drag ending on a box does not follow its link
	b.must("wheel", chromedp.Do(b.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseWheel, X: c[0], Y: c[1], DeltaX: 1, DeltaY: -120})
		return err
	})))
	time.Sleep(100 * time.Millisecond)
	_, _, w3, _ := b.viewBox()
	if !(w3 < w2) {
		b.t.Errorf("wheel up: viewBox width %.1f → %.1f, want smaller", w2, w3)
	}
	b.must("fit", chromedp.Do(b.ctx, chromedp.Click(chromedp.JSPath(`document.querySelector("[data-zoom=fit]")`))))
	ok := b.evalBool(`(() => { const s = document.querySelector("#er-view svg"); const v = s.viewBox.baseVal;
		const g = s.querySelector("g").getBBox(); return v.width >= g.width - 1 && v.height >= g.height - 1; })()`)
	if !ok {
		b.t.Error("Fit does not show the whole diagram")
	}
}

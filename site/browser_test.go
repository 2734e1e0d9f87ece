package site

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/templates"
)

// The browser test drives a real headless Chromium through the built
// fixture site: it clicks from the fleet index down to a table, checks the
// ER image, the client-side search, the hostile fixture schema (no dialog,
// no element made from user text), the Content-Security-Policy (no
// violation, no error in the console) and a phone-sized viewport.
// Screenshots of every step go to test-artifacts/browser/ at the repo root.

const installChromium = "install Chromium (Debian: apt-get install -y chromium) " +
	"or set AURORADOC_CHROMIUM to a Chromium/Chrome binary; scripts/test.sh installs it when run as root"

// chromiumPath finds the browser: $AURORADOC_CHROMIUM, /usr/bin/chromium
// or chromium on PATH. Keep in sync with find_chromium in scripts/test.sh.
func chromiumPath() (string, error) {
	if p := os.Getenv("AURORADOC_CHROMIUM"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("AURORADOC_CHROMIUM=%s is not an executable: %v", p, err)
		}
		return p, nil
	}
	if _, err := exec.LookPath("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("chromium not found")
}

// consoleLog records what the pages report: console calls, uncaught
// exceptions, browser log entries (CSP violations, failed loads) and
// JavaScript dialogs.
type consoleLog struct {
	mu       sync.Mutex
	errors   []string // error level
	warnings []string
	dialogs  []string
}

func (l *consoleLog) add(list *[]string, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	*list = append(*list, fmt.Sprintf(format, args...))
}

// take returns and clears what was recorded so far.
func (l *consoleLog) take() (errors, warnings, dialogs []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	errors, warnings, dialogs = l.errors, l.warnings, l.dialogs
	l.errors, l.warnings, l.dialogs = nil, nil, nil
	return
}

func remoteText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		if a.Description != "" {
			parts = append(parts, a.Description)
		} else {
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

// listen installs the recorder on the tab of ctx. A dialog is recorded and
// dismissed at once, so that a page that opens one cannot hang the test.
func (l *consoleLog) listen(ctx context.Context) error {
	return chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			l.add(&l.dialogs, "%s dialog on %s: %q", ev.Type, ev.URL, ev.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false}) //nolint:errcheck // the dialog is already recorded
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				text += " " + d.Exception.Description
			}
			l.add(&l.errors, "exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
		case *runtime.EventConsoleAPICalled:
			switch ev.Type {
			case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeAssert:
				l.add(&l.errors, "console.%s: %s", ev.Type, remoteText(ev.Args))
			case runtime.ConsoleAPICalledTypeWarning:
				l.add(&l.warnings, "console.%s: %s", ev.Type, remoteText(ev.Args))
			}
		case *cdplog.EventEntryAdded:
			e := ev.Entry
			switch e.Level {
			case cdplog.EntryLevelError:
				l.add(&l.errors, "log %s error (%s): %s", e.Source, e.URL, e.Text)
			case cdplog.EntryLevelWarning:
				l.add(&l.warnings, "log %s warning (%s): %s", e.Source, e.URL, e.Text)
			}
		}
	})
}

// scriptTags counts the <script elements the named page template has,
// with the layout: the only scripts a page of that kind may contain. The
// layout's crawl.js is only on the pages of a target (not on search).
func scriptTags(t *testing.T, name string) int {
	t.Helper()
	n := 0
	if name == "search" {
		n = -1
	}
	for _, f := range []string{"html/layout.html", "html/" + name + ".html"} {
		b, err := templates.HTML.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n += strings.Count(string(b), "<script")
	}
	return n
}

// jsString quotes s as a JavaScript string literal (JSON escapes < > &).
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// linkText selects the first link in main whose text is exactly text.
func linkText(text string) chromedp.JSPath {
	return chromedp.JSPath(`[...document.querySelectorAll("main a")].find(a => a.textContent === ` + jsString(text) + `) || null`)
}

// erWidthJS is the drawn width of the page's inline ER diagram, -1 if none.
const erWidthJS = `(() => { const s = document.querySelector("figure.er svg"); return s ? Math.round(s.getBoundingClientRect().width) : -1; })()`

// h1JS is the page heading without its <small> note.
const h1JS = `(() => { const h = document.querySelector("h1").cloneNode(true);
	h.querySelectorAll("small").forEach(s => s.remove()); return h.textContent.trim(); })()`

func TestBrowser(t *testing.T) {
	bin, err := chromiumPath()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI=true needs the browser test: %s", err, installChromium)
		}
		t.Skipf("%v; skipping the browser test: %s", err, installChromium)
	}
	start := time.Now()

	in := fixtureInput(t)
	target := in.Snapshots[0].Target.Name
	// Two more databases, so search loads several shards; the second is
	// stale: its last good snapshot was carried forward.
	since := time.Date(2026, 11, 19, 3, 0, 0, 0, time.UTC)
	for c := range 2 {
		s := synthSnapshot(c, 5, nil)
		e := &snapshot.Entry{Name: s.Target.Name, Status: snapshot.StatusOK}
		if c == 1 {
			s.TakenAt = since
			e.Status, e.Error, e.StaleFrom, e.StaleSince = snapshot.StatusFailed, "connecting: i/o timeout", "2026-11-19T030000Z", &since
			e.File = "targets/" + s.Target.Name + ".json.gz"
		}
		in.Snapshots = append(in.Snapshots, s)
		in.Manifest.Targets = append(in.Manifest.Targets, e)
	}
	out := t.TempDir()
	o, closeRenderers, err := WithRenderers(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer closeRenderers()
	if err := Build(t.Context(), in, out, o); err != nil {
		t.Fatal(err)
	}
	t.Logf("site with ER diagrams built in %v", time.Since(start).Round(time.Millisecond))
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	fileRoot := (&url.URL{Scheme: "file", Path: filepath.ToSlash(out) + "/"}).String()
	base := srv.URL + "/"

	// Generous: Chromium starts in 5–8 s on a loaded 2-core machine, and the
	// walk clicks through schema, part and table pages.
	ctx, artifacts, browserLog := startChromium(t, bin, "browser", 1280, 900, 2*time.Minute)

	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v (browser output in %s)", what, err, browserLog)
		}
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		must("evaluating "+js, err)
		return s
	}
	evalInt := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		must("evaluating "+js, err)
		return n
	}
	evalBool := func(js string) bool {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		must("evaluating "+js, err)
		return b
	}
	shots := 0
	shot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 = PNG
		must("screenshot "+name, err)
		shots++
		must("saving screenshot", os.WriteFile(filepath.Join(artifacts, fmt.Sprintf("%02d-%s.png", shots, name)), buf, 0o644))
	}
	navigate := func(u string) {
		t.Helper()
		must("opening "+u, chromedp.Do(ctx, chromedp.Navigate(u)))
	}
	// click clicks the element and waits for the page it leads to.
	click := func(what string, sel chromedp.JSPath) {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(sel)))
		must("clicking "+what, err)
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(ctx, chromedp.Location())
		must("reading the location", err)
		return loc
	}
	wantH1 := func(want string) {
		t.Helper()
		if got := eval(h1JS); got != want {
			t.Errorf("%s: h1 = %q, want %q", location(), got, want)
		}
	}
	// http.FileServer redirects ".../index.html" to ".../" (S3 and file://
	// do not); the relative links resolve the same from both.
	wantURL := func(want string) {
		t.Helper()
		if strings.HasPrefix(want, base) {
			want = strings.TrimSuffix(want, "index.html")
		}
		if got := location(); got != want {
			t.Errorf("location = %q, want %q", got, want)
		}
	}

	// Start the browser and prove the recorder sees dialogs and console
	// errors, so that "none seen" below means something.
	launch := time.Now()
	must("starting Chromium", chromedp.Do(ctx))
	t.Logf("Chromium started in %v", time.Since(launch).Round(time.Millisecond))
	var rec consoleLog
	must("listening to the tab", rec.listen(ctx))
	navigate("about:blank")
	must("probing the recorder", chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`alert("probe"); console.error("probe")`)))
	if errs, _, dialogs := rec.take(); len(dialogs) != 1 || len(errs) != 1 {
		t.Fatalf("the event recorder does not work: dialogs %q, errors %q", dialogs, errs)
	}

	// 1. Click down from the fleet index to a table.
	navigate(base + "index.html")
	wantH1("Database fleet")
	if got := eval(`[...document.querySelectorAll(".note")].map(n => n.textContent).join("|")`); !strings.Contains(got, "<b>refused</b>") {
		t.Errorf("index: the failed target's error is not shown as text: %q", got)
	}
	shot("index")
	click("the database", linkText(target))
	wantURL(base + targetDir(target) + "index.html")
	wantH1(target)
	shot("database")
	click("schema shop", linkText("shop"))
	wantURL(base + schemaDir(target, "shop") + "index.html")
	wantH1("shop")
	shot("schema")
	click("table customer", linkText("customer"))
	customer := base + tablePage(target, "shop", "customer")
	wantURL(customer)
	wantH1("customer")

	// 2. The ER diagram is in the page and its neighbours are links.
	if w := evalInt(erWidthJS); w <= 0 {
		t.Errorf("table page: no ER diagram drawn (width %d)", w)
	}
	shot("table")
	neighbour := eval(`(() => { const a = document.querySelector("figure.er svg a"); return a ? a.getAttribute("href") : ""; })()`)
	if neighbour == "" {
		t.Fatal("table page: the ER diagram links no neighbour")
	}
	click("a neighbour in the ER diagram", chromedp.JSPath(`document.querySelector("figure.er svg a")`))
	wantURL(base + schemaDir(target, "shop") + neighbour)
	if evalInt(erWidthJS) <= 0 {
		t.Errorf("%s: no ER diagram drawn", neighbour)
	}
	shot("table-neighbour")
	navigate(customer)
	// The schema diagram (Graphviz) is markup in the page: its table
	// boxes are links to the table pages.
	navigate(base + schemaDir(target, "shop") + "index.html")
	if w := evalInt(erWidthJS); w <= 0 {
		t.Errorf("schema page: no ER diagram drawn (width %d)", w)
	}
	boxLink := eval(`(() => { const a = document.querySelector("figure.er svg g.node a"); return a ? (a.getAttribute("xlink:href") || a.getAttribute("href") || "") : ""; })()`)
	if boxLink == "" {
		t.Fatal("schema page: the ER diagram's first box is not a link")
	}
	click("the first box of the schema diagram", chromedp.JSPath(`document.querySelector("figure.er svg g.node a")`))
	wantURL(base + schemaDir(target, "shop") + boxLink)
	if strings.HasPrefix(boxLink, "er/_part-") {
		// Too wide for one readable diagram: the box was a part of the
		// index; its view's boxes lead to the table pages.
		shot("schema-part-view")
		tableLink := eval(`(() => { const a = document.querySelector("figure.er svg g.node a"); return a ? (a.getAttribute("xlink:href") || a.getAttribute("href") || "") : ""; })()`)
		if !strings.HasPrefix(tableLink, "../") {
			t.Fatalf("part view: the first table box links %q, want a table page", tableLink)
		}
		click("a table box of a part view", chromedp.JSPath(`document.querySelector("figure.er svg g.node a")`))
		wantURL(base + schemaDir(target, "shop") + strings.TrimPrefix(tableLink, "../"))
	}
	navigate(customer)

	// 3. Search, from the URL and by typing; the result leads to the table.
	resultsJS := `[...document.querySelectorAll("#results > li")].map(li => ({
		kind: li.querySelector(".kind").textContent, name: li.querySelector("a").textContent,
		ctx: li.querySelector(".ctx").textContent, href: li.querySelector("a").href,
		comment: (li.querySelector(".comment") || {textContent: ""}).textContent}))`
	type result struct {
		Kind    string `json:"kind"`
		Name    string `json:"name"`
		Ctx     string `json:"ctx"`
		Href    string `json:"href"`
		Comment string `json:"comment"`
	}
	results := func(t *testing.T) []result {
		t.Helper()
		// Shards load asynchronously; the status says when all are in.
		for end := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if eval(`document.getElementById("status").dataset.state || ""`) == "done" || time.Now().After(end) {
				break
			}
		}
		r, err := chromedp.Run(ctx, chromedp.Evaluate[[]result](resultsJS))
		if err != nil {
			t.Fatalf("reading the search results: %v", err)
		}
		return r
	}
	emailCtx := target + " › shop.customer"
	emailLink := chromedp.JSPath(`[...document.querySelectorAll("#results > li")].filter(li =>
		li.querySelector(".ctx").textContent === ` + jsString(emailCtx) + ` &&
		li.querySelector("a").textContent === "email").map(li => li.querySelector("a"))[0] || null`)
	hasEmail := func(t *testing.T, where string) {
		t.Helper()
		for _, r := range results(t) {
			if r.Kind == "column" && r.Name == "email" && r.Ctx == emailCtx {
				if r.Comment != "ユーザーのメールアドレス" {
					t.Errorf("%s: email result comment = %q", where, r.Comment)
				}
				return
			}
		}
		t.Errorf("%s: no result for column email of shop.customer in %+v", where, results(t))
	}
	navigate(base + "search.html?q=email")
	wantH1("Search")
	hasEmail(t, "search.html?q=email")
	shot("search-url")
	navigate(base + "search.html?q=table_0003")
	var shards []string
	for _, r := range results(t) {
		if r.Kind == "table" && r.Name == "table_0003" {
			shards = append(shards, r.Ctx)
		}
	}
	if strings.Join(shards, ",") != "us-east-1/app-000 › app,us-east-1/app-001 › app" {
		t.Errorf("search table_0003: want the table of both synthetic databases (two shards), got %q", shards)
	}

	// Several words must all match; dotted words match qualified names;
	// matches are marked; a column result jumps to the column's row.
	first := func(q string) result {
		t.Helper()
		navigate(base + "search.html?q=" + url.QueryEscape(q))
		r := results(t)
		if len(r) == 0 {
			t.Errorf("search %q: no result", q)
			return result{}
		}
		return r[0]
	}
	if r := first("customer.email"); r.Kind != "column" || r.Name != "email" || !strings.HasSuffix(r.Href, tablePage(target, "shop", "customer")+"#col-email") {
		t.Errorf("search customer.email: first result %+v, want the column with its anchor", r)
	}
	if evalInt(`document.querySelectorAll("#results mark").length`) == 0 {
		t.Error("search customer.email: nothing highlighted")
	}
	shot("search-dotted")
	if r := first("shop.customer"); r.Kind != "table" || r.Name != "customer" {
		t.Errorf("search shop.customer: first result %+v, want table customer", r)
	}
	for _, r := range results(t) {
		if !strings.Contains(r.Ctx, "shop") {
			t.Errorf("search shop.customer: result outside schema shop: %+v", r)
		}
	}
	if r := first("メール customer"); r.Kind != "column" || r.Name != "email" {
		t.Errorf("search of two words (comment and table): first result %+v, want column email", r)
	}
	click("the customer.email result", chromedp.JSPath(`document.querySelector("#results > li a")`))
	if got := eval(`location.hash + " " + (document.querySelector(":target") || {id: "none"}).id`); got != "#col-email col-email" {
		t.Errorf("the column result lands on %q, want the column's row", got)
	}
	navigate(base + "search.html?q=table_0003&db=" + url.QueryEscape("us-east-1/app-000"))
	var dbs []string
	for _, r := range results(t) {
		dbs = append(dbs, r.Ctx)
	}
	if strings.Join(dbs, ",") != "us-east-1/app-000 › app" {
		t.Errorf("search table_0003 in us-east-1/app-000: results %q, want that database's table only", dbs)
	}
	if got := eval(`document.getElementById("db").value`); got != "us-east-1/app-000" {
		t.Errorf("database filter shows %q", got)
	}
	shot("search-db-filter")

	// A stale database: marked in the index with since when and why, and
	// with a banner on its page.
	navigate(base + "index.html")
	if got := eval(`[...document.querySelectorAll("tr.stale .badge")].map(b => b.textContent).join("|")`); got != "stale — last good 2026-11-19, failed: connecting: i/o timeout" {
		t.Errorf("index: stale badge = %q", got)
	}
	click("the stale database", linkText("us-east-1/app-001"))
	if got := eval(`(() => { const b = document.querySelector(".banner.stale"); return b && b.offsetHeight > 0 ? b.textContent : ""; })()`); !strings.Contains(got, "connecting: i/o timeout") || !strings.Contains(got, "2026-11-19 03:00 UTC") {
		t.Errorf("stale database page: banner = %q", got)
	}
	shot("stale-database")

	navigate(base + "search.html")
	if n := evalInt(`document.querySelectorAll("#results > li").length`); n != 0 {
		t.Errorf("empty search shows %d results", n)
	}
	must("typing into the search box", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("q"), "email"),
		chromedp.WaitVisible(emailLink),
	))
	hasEmail(t, "typed search")
	shot("search-typed")
	click("the email result", emailLink)
	wantURL(customer + "#col-email")
	wantH1("customer")

	// 4. Hostile names and comments stay text.
	hostile := "hostile db"
	navigate(base + tablePage(target, hostile, "order"))
	wantH1("order")
	type hostileCheck struct {
		IDComment   string `json:"idComment"`
		BoldName    string `json:"boldName"`
		BoldComment string `json:"boldComment"`
		Scripts     int    `json:"scripts"`
		ImgX        bool   `json:"imgX"`
		BoldElems   int    `json:"boldElems"`
		OnAttrs     int    `json:"onAttrs"`
		Tables      int    `json:"tables"`
	}
	hostileJS := `(() => {
		const row = name => [...document.querySelectorAll("main table.list tr")].find(tr => {
			const c = tr.querySelector("td code"); return c && c.textContent === name; });
		const comment = name => { const r = row(name); return r ? r.querySelector("td.comment").textContent : "<missing row>"; };
		const bold = row("<b>bold</b>");
		return {
			idComment: comment("id"),
			boldName: bold ? bold.querySelector("td code").textContent : "<missing row>",
			boldComment: comment("<b>bold</b>"),
			scripts: document.querySelectorAll("script").length,
			imgX: document.querySelector('img[src="x"]') !== null,
			boldElems: document.querySelectorAll("main b").length,
			onAttrs: [...document.querySelectorAll("*")].filter(e => [...e.attributes].some(a => a.name.startsWith("on"))).length,
			tables: document.querySelectorAll("main table").length,
		};
	})()`
	hc, err := chromedp.Run(ctx, chromedp.Evaluate[hostileCheck](hostileJS))
	must("inspecting the hostile table page", err)
	if hc.IDComment != "<script>alert(1)</script>" {
		t.Errorf("hostile order.id comment cell = %q, want the raw <script> text", hc.IDComment)
	}
	if hc.BoldName != "<b>bold</b>" || hc.BoldComment != "</table></td><img src=x onerror=alert(1)>" {
		t.Errorf("hostile column <b>bold</b>: name %q, comment %q", hc.BoldName, hc.BoldComment)
	}
	if want := scriptTags(t, "table"); hc.Scripts != want {
		t.Errorf("hostile table page has %d script elements, the template has %d", hc.Scripts, want)
	}
	if hc.ImgX || hc.BoldElems != 0 || hc.OnAttrs != 0 {
		t.Errorf("hostile table page: elements made from user text: img[src=x] %v, <b> %d, on* attributes %d", hc.ImgX, hc.BoldElems, hc.OnAttrs)
	}
	shot("hostile-table")
	if hc.Tables < 2 {
		t.Errorf("hostile table page has %d tables; did a comment close one?", hc.Tables)
	}
	navigate(base + schemaDir(target, hostile) + "index.html")
	wantH1(hostile)
	if got := eval(`(() => { const a = [...document.querySelectorAll("main a")].find(a => a.textContent === "select");
		return a ? a.closest("tr").querySelector("td.comment").textContent : "<missing>"; })()`); got != "<img src=x onerror=alert(1)>" {
		t.Errorf("hostile schema page: comment of table select = %q", got)
	}
	if evalBool(`document.querySelector('img[src="x"]') !== null`) || evalInt(`document.querySelectorAll("script").length`) != scriptTags(t, "schema") {
		t.Error("hostile schema page: an element was made from user text")
	}
	shot("hostile-schema")

	// Hostile text in search results: from the URL and typed.
	navigate(base + "search.html?q=" + url.QueryEscape("<img"))
	var imgComments int
	for _, r := range results(t) {
		if r.Comment != "" && strings.Contains(r.Comment, "<img src=x onerror=alert(1)>") {
			imgComments++
		}
	}
	if imgComments < 2 {
		t.Errorf("search <img: want the hostile comments as text (table select, column <b>bold</b>), got %+v", results(t))
	}
	searchScripts := scriptTags(t, "search")
	if evalBool(`document.querySelector('img[src="x"]') !== null || document.querySelectorAll("main b").length !== 0`) ||
		evalInt(`document.querySelectorAll("script").length`) != searchScripts {
		t.Error("search <img: an element was made from a result")
	}
	shot("search-hostile")
	navigate(base + "search.html")
	must("typing <script> into the search box", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("q"), "<script>"),
		chromedp.WaitVisible(chromedp.CSS("#results > li")),
	))
	found := false
	for _, r := range results(t) {
		if r.Kind == "column" && r.Name == "id" && r.Ctx == target+" › "+hostile+".order" && r.Comment == "<script>alert(1)</script>" {
			found = true
		}
	}
	if !found {
		t.Errorf("typed <script>: no result for the hostile order.id comment as text: %+v", results(t))
	}
	if n := evalInt(`document.querySelectorAll("script").length`); n != searchScripts {
		t.Errorf("typed <script>: %d script elements, the page has %d", n, searchScripts)
	}
	shot("search-typed-hostile")

	// The tree works from file:// without a server: scripts, the search
	// index and the ER images load under the same CSP.
	navigate(fileRoot + "search.html?q=email")
	hasEmail(t, "file:// search")
	shot("file-search")
	click("the email result (file://)", emailLink)
	wantURL(fileRoot + tablePage(target, "shop", "customer") + "#col-email")
	if w := evalInt(erWidthJS); w <= 0 {
		t.Errorf("file:// table page: no ER diagram drawn (width %d)", w)
	}
	shot("file-table")

	// 5. No dialog, and no error (CSP violation, failed load, exception)
	// on any of our pages.
	errs, warns, dialogs := rec.take()
	for _, d := range dialogs {
		t.Errorf("a JavaScript dialog opened: %s", d)
	}
	for _, e := range errs {
		// The site has no favicon; Chromium asks the server for one on its
		// own. That 404 is the browser's request, not one of our pages'.
		if strings.Contains(e, "("+base+"favicon.ico)") {
			t.Logf("ignored: %s", e)
			continue
		}
		t.Errorf("browser error: %s", e)
	}
	for _, w := range warns {
		t.Logf("browser warning: %s", w)
	}

	// The CSP is in force: an injected inline script does not run, and the
	// violation is reported (so the check above would have seen one).
	navigate(base + tablePage(target, hostile, "order"))
	evalBool(`(() => { const s = document.createElement("script"); s.textContent = "window.pwned = 1";
		document.body.appendChild(s); return true; })()`)
	if evalBool(`window.pwned === 1`) {
		t.Error("CSP: an inline script ran")
	}
	errs, _, _ = rec.take()
	t.Logf("injected inline script: %q", errs)
	if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), "Content Security Policy") {
		t.Errorf("CSP: no violation reported for an injected inline script (errors %q)", errs)
	}

	// The search form in the header of every page submits to search.html.
	t.Run("HeaderSearchForm", func(t *testing.T) {
		layout, err := templates.HTML.ReadFile("html/layout.html")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(layout), "form-action 'none'") {
			t.Fatal("the CSP of templates/html/layout.html has form-action 'none', which blocks the header search form")
		}
		for _, root := range []string{base, fileRoot} {
			if err := chromedp.Do(ctx, chromedp.Navigate(root+tablePage(target, "shop", "customer"))); err != nil {
				t.Fatal(err)
			}
			sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := chromedp.Run(sctx, chromedp.WaitEvent(page.LoadEventFired, nil,
				chromedp.SendKeys(chromedp.CSS("header input[name=q]"), "email\n")))
			cancel()
			if err != nil {
				errs, _, _ := rec.take()
				t.Fatalf("%s: submitting the header search form: %v (browser errors %q)", root, err, errs)
			}
			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil || loc != root+"search.html?q=email" {
				t.Errorf("header search from %s lands on %q (%v), want %s", root, loc, err, root+"search.html?q=email")
			}
			hasEmail(t, "header search from "+root)
		}
	})

	// 7. Phone viewport: the body does not scroll sideways; wide tables
	// scroll inside their own box.
	must("emulating a phone", chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
	for _, p := range []struct{ name, url string }{
		{"mobile-table", customer},
		{"mobile-hostile", base + tablePage(target, hostile, "order")},
		{"mobile-index", base + "index.html"},
	} {
		navigate(p.url)
		type widths struct {
			Scroll int `json:"scroll"`
			Inner  int `json:"inner"`
			Body   int `json:"body"`
		}
		w, err := chromedp.Run(ctx, chromedp.Evaluate[widths](`({scroll: document.documentElement.scrollWidth,
			inner: window.innerWidth, body: document.body.scrollWidth})`))
		must("measuring "+p.name, err)
		if w.Inner > 391 || w.Scroll > w.Inner+1 || w.Body > w.Inner+1 {
			t.Errorf("%s: horizontal overflow at 390px: scrollWidth %d, body %d, innerWidth %d", p.name, w.Scroll, w.Body, w.Inner)
		}
		shot(p.name)
	}
	errs, _, dialogs = rec.take()
	for _, e := range append(errs, dialogs...) {
		t.Errorf("browser error (phone viewport): %s", e)
	}
	t.Logf("browser test done in %v, %d screenshots in %s", time.Since(start).Round(time.Millisecond), shots, artifacts)
}

// startChromium starts a headless Chromium (bin) with one tab for the
// test, at width × height, that ends with the test or after timeout. Its
// output goes to test-artifacts/<dir>/chromium.log (returned), where the
// test's screenshots go too (returned: the directory, emptied of old
// screenshots).
func startChromium(t *testing.T, bin, dir string, width, height int, timeout time.Duration) (ctx context.Context, artifacts, logName string) {
	t.Helper()
	artifacts = filepath.Join("..", "test-artifacts", dir)
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(artifacts, "*.png"))
	for _, p := range old {
		os.Remove(p)
	}
	browserLog, err := os.Create(filepath.Join(artifacts, "chromium.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { browserLog.Close() })
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		// Default options already: headless, no-first-run, disable-sync,
		// disable-background-networking (the network is closed here; without
		// it Chromium keeps trying to reach Google).
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
		chromedp.CombinedOutput(browserLog),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	// Cleanups run last-in first-out: the tab, then Chromium (waiting for
	// it to exit, before TempDir is removed), then the timeout.
	t.Cleanup(cancel)
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancelTab)
	return ctx, artifacts, browserLog.Name()
}

package driftpages

import (
	"context"
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

	"github.com/auroradoc/auroradoc/history/historytest"
)

// TestCompareInBrowser opens compare.html from file:// in headless
// Chromium (the CSP of the layout applies): drift.js must rebuild both
// nights from data.js, show the differences, render the hostile variable
// value as text, and cause no exception, CSP violation or dialog.
func TestCompareInBrowser(t *testing.T) {
	bin := os.Getenv("AURORADOC_CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(bin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium not found (%v)", err)
		}
		t.Skipf("chromium not found (%v): apt-get install -y chromium or set AURORADOC_CHROMIUM", err)
	}
	out := build(t, load(t))
	url := "file://" + filepath.ToSlash(filepath.Join(out, "drift", "t", "us-east-1", "orders-prd", "compare.html"))

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	must("starting Chromium", chromedp.Do(ctx))
	var mu sync.Mutex
	var problems []string
	must("listening to the tab", chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			problems = append(problems, "dialog: "+ev.Message)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false}) //nolint:errcheck // recorded above
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				problems = append(problems, "log: "+ev.Entry.Text)
			}
		}
	}))
	must("opening compare.html", chromedp.Do(ctx, chromedp.Navigate(url)))
	must("waiting for the result", chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#drift-result section"))))
	const resultJS = `document.getElementById('drift-result').textContent`
	latest, err := chromedp.Run(ctx, chromedp.Evaluate[string](resultJS))
	must("reading the result", err)
	_, err = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`(() => {
		const f = document.getElementById('drift-from'), t = document.getElementById('drift-to');
		f.value = '0'; f.dispatchEvent(new Event('change'));
		t.value = '1'; t.dispatchEvent(new Event('change'));
	})()`))
	must("choosing nights 1 and 2", err)
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](resultJS))
	must("reading the result", err)
	scripts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('script').length`))
	must("counting scripts", err)
	for _, want := range []string{"Engine", "aurora-mysql 8.0.mysql_aurora.3.05.2 (8.0.32)", "aurora-mysql 8.0.mysql_aurora.3.06.0 (8.0.34)",
		"orders-prd-instance:slow_query_log", "shop.ride_event", "+200.0 MiB", "shop.customer.loyalty_tier"} {
		if !strings.Contains(latest, want) {
			t.Errorf("night 2 → 3 does not show %q:\n%s", want, latest)
		}
	}
	for _, want := range []string{"max_connections", "1000", "2000", historytest.Hostile, "shop.coupon", "Table sizes (1)", "Unchanged: aurora-mysql"} {
		if !strings.Contains(first, want) {
			t.Errorf("night 1 → 2 does not show %q:\n%s", want, first)
		}
	}
	if scripts != 3 { // the layout's site.js, data.js, drift.js
		t.Errorf("%d script elements after rendering hostile values, want 3", scripts)
	}
	// The chosen nights are in the URL: reloading it shows the same pair.
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must("reading the location", err)
	if !strings.HasSuffix(loc, "#from=2026-11-19T030000Z&to=2026-11-20T030000Z") {
		t.Errorf("after choosing nights 1 and 2 the URL is %s", loc)
	}
	must("reloading", chromedp.Do(ctx, chromedp.Navigate("about:blank")))
	must("reopening the URL", chromedp.Do(ctx, chromedp.Navigate(loc), chromedp.WaitVisible(chromedp.CSS("#drift-result section"))))
	type pair struct{ From, To string }
	got, err := chromedp.Run(ctx, chromedp.Evaluate[pair](`({From: document.getElementById('drift-from').value, To: document.getElementById('drift-to').value})`))
	must("reading the chosen nights", err)
	if got != (pair{"0", "1"}) {
		t.Errorf("reopened %s: nights %+v, want 0 and 1", loc, got)
	}
	if again, _ := chromedp.Run(ctx, chromedp.Evaluate[string](resultJS)); again != first {
		t.Errorf("reopened %s shows another comparison:\n%s\nwant\n%s", loc, again, first)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
}

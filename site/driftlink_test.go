package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDriftLink: with DriftLink every page's header links to the drift
// pages, relative to the page's depth; without it no page does. Turning
// it on re-renders every page of an existing site.
func TestDriftLink(t *testing.T) {
	out := t.TempDir()
	pages := []struct{ rel, href string }{
		{"index.html", `href="drift/index.html"`},
		{"t/fixture-mariadb/index.html", `href="../../drift/index.html"`},
		{"t/fixture-mariadb/s/shop/customer.html", `href="../../../../drift/index.html"`},
	}
	for _, on := range []bool{false, true} {
		if err := Build(context.Background(), fixtureInput(t), out, Options{DriftLink: on}); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p.rel)))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(string(b), p.href); got != on {
				t.Errorf("DriftLink %v: %s has %s: %v", on, p.rel, p.href, got)
			}
		}
	}
}

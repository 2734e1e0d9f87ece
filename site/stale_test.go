package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

// TestStaleTarget: a target whose crawl failed but whose last good
// snapshot was carried forward is rendered from that snapshot, marked in
// the fleet index with since when and why, and its page carries a banner;
// a failed target without a carried snapshot gets no page.
func TestStaleTarget(t *testing.T) {
	in := fixtureInput(t)
	since := time.Date(2026, 11, 19, 3, 0, 0, 0, time.UTC)
	s := testsnap.Fixture(t)
	s.Target.Name, s.TakenAt = "orders-prd", since
	in.Snapshots = append(in.Snapshots, s)
	in.Manifest.Targets = append(in.Manifest.Targets, &snapshot.Entry{Name: "orders-prd", Status: snapshot.StatusFailed,
		Error: "connecting: <i>timeout</i>", File: "targets/orders-prd.json.gz", StaleFrom: "2026-11-19T030000Z", StaleSince: &since})
	out := t.TempDir()
	if err := Build(context.Background(), in, out, Options{}); err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	row := string(index)[strings.Index(string(index), ">orders-prd<"):]
	row = row[:strings.Index(row, "</tr>")]
	for _, want := range []string{`<span class="badge warn stale">stale — last good 2026-11-19, failed: connecting: &lt;i&gt;timeout&lt;/i&gt;</span>`, "2026-11-19 03:00"} {
		if !strings.Contains(row, want) {
			t.Errorf("index row of the stale target lacks %q:\n%s", want, row)
		}
	}
	if !strings.Contains(string(index), `<tr class="stale">`) || !strings.Contains(string(index), "1 stale") {
		t.Error("index: the stale row or count is not marked")
	}
	page, err := os.ReadFile(filepath.Join(out, "t", "orders-prd", "index.html"))
	if err != nil {
		t.Fatalf("the stale target has no page: %v", err)
	}
	if !strings.Contains(string(page), `<p class="banner stale" role="status"><strong>Stale.</strong> The latest crawl failed: connecting: &lt;i&gt;timeout&lt;/i&gt;. This page shows the last good snapshot, taken 2026-11-19 03:00 UTC (set 2026-11-19T030000Z).</p>`) {
		t.Errorf("the stale target's page has no banner:\n%s", page)
	}
	fresh, _ := os.ReadFile(filepath.Join(out, "t", "fixture-mariadb", "index.html"))
	if strings.Contains(string(fresh), "banner") {
		t.Error("a fresh target's page has a stale banner")
	}
	if _, err := os.Stat(filepath.Join(out, "t", "legacy")); err == nil {
		t.Error("a failed target without a snapshot got a page")
	}
}

// TestMarkdownOfChangedTablesOnly: the Markdown of a table rendered from
// the reduced schema (the table, its neighbours and the relations among
// them) equals the table's Markdown rendered from the whole schema, for
// every table of the fixture.
func TestMarkdownOfChangedTablesOnly(t *testing.T) {
	ctx := context.Background()
	o, closeFn, err := WithRenderers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	for _, sc := range testsnap.Fixture(t).Schemas {
		full := t.TempDir()
		if _, err := o.Markdown(ctx, sc.Tbls, full, "", nil); err != nil {
			t.Fatal(err)
		}
		for _, tb := range sc.Tbls.Tables {
			dir := t.TempDir()
			if _, err := o.Markdown(ctx, reduced(sc.Tbls, map[string]bool{tb.Name: true}), dir, "", nil); err != nil {
				t.Fatalf("%s.%s: %v", sc.Name, tb.Name, err)
			}
			name := mdTableFile(tb.Name)
			want, err := os.ReadFile(filepath.Join(full, name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatalf("%s.%s: %v", sc.Name, tb.Name, err)
			}
			if string(got) != string(want) {
				t.Errorf("%s.%s: Markdown from the reduced schema differs:\n%s\nwant:\n%s", sc.Name, tb.Name, got, want)
			}
		}
	}
}

// TestMarkdownReadmeFromListOnly: the README rendered from the table list
// alone (listOnly) equals the README of the whole schema, for every schema
// of the fixture.
func TestMarkdownReadmeFromListOnly(t *testing.T) {
	ctx := context.Background()
	o, closeFn, err := WithRenderers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	for _, sc := range testsnap.Fixture(t).Schemas {
		full, list := t.TempDir(), t.TempDir()
		if _, err := o.Markdown(ctx, sc.Tbls, full, "er/_schema.svg", nil); err != nil {
			t.Fatal(err)
		}
		names, err := o.Markdown(ctx, listOnly(sc.Tbls), list, "er/_schema.svg", func(string) bool { return false })
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 1 || names[0] != "README.md" {
			t.Errorf("%s: wrote %q, want the README only", sc.Name, names)
		}
		want, _ := os.ReadFile(filepath.Join(full, "README.md"))
		got, err := os.ReadFile(filepath.Join(list, "README.md"))
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || string(got) != string(want) {
			t.Errorf("%s: README from the table list differs:\n%s\nwant:\n%s", sc.Name, got, want)
		}
	}
}

// Package sitetest builds, for tests, the whole published tree of
// history/historytest's three nights: the documentation of the newest
// night (package site) and the drift pages (package site/driftpages) in
// one directory, as the nightly job writes them.
package sitetest

import (
	"context"
	"testing"

	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/history/historytest"
	"github.com/auroradoc/auroradoc/site"
	"github.com/auroradoc/auroradoc/site/driftpages"
)

// Build writes the tree into a new temporary directory and returns it. o
// are the documentation's options (DriftLink is turned on).
func Build(t testing.TB, o site.Options) string {
	t.Helper()
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
	o.DriftLink = true
	if err := site.Build(ctx, site.FromStore(st, m), out, o); err != nil {
		t.Fatal(err)
	}
	if err := driftpages.Build(ctx, h, out, driftpages.Options{}); err != nil {
		t.Fatal(err)
	}
	return out
}

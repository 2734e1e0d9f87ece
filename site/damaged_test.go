package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	dt "github.com/auroradoc/auroradoc/internal/drifttest"
)

// TestDamagedSnapshotCostsOnlyItsTarget: a snapshot that cannot be read
// (here: bytes that do not match the manifest) no longer fails the whole
// render. Its previous pages are kept when the site has them, otherwise it
// has none; the index says which snapshot is damaged and why; every other
// target is rendered.
func TestDamagedSnapshotCostsOnlyItsTarget(t *testing.T) {
	ctx := context.Background()
	b := dt.DriftStore(t)
	m, err := b.St.Manifest(ctx, b.IDs[2])
	if err != nil {
		t.Fatal(err)
	}
	// The site as rendered two nights before (set 1: orders differs).
	m1, err := b.St.Manifest(ctx, b.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(t.TempDir(), "kept")
	if err := Build(ctx, FromStore(b.St, m1), kept, Options{}); err != nil {
		t.Fatal(err)
	}
	orders := filepath.Join("t", "eu-west-1", "orders-prd", "index.html")
	before, err := os.ReadFile(filepath.Join(kept, orders))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(b.Dir, b.IDs[2], "targets", "eu-west-1", "orders-prd.json.gz")
	if err := os.WriteFile(p, []byte("\x1f\x8bdamaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	for _, out := range []string{kept, fresh} {
		if err := Build(ctx, FromStore(b.St, m), out, Options{DriftLink: out == fresh}); err != nil {
			t.Fatalf("render into %s with a damaged snapshot: %v", filepath.Base(out), err)
		}
		index, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(index), "1 damaged") || !strings.Contains(string(index), "snapshot damaged") {
			t.Errorf("%s: the index does not say orders' snapshot is damaged", filepath.Base(out))
		}
		if _, err := os.Stat(filepath.Join(out, "t", "eu-west-1", "billing-prd", "index.html")); err != nil {
			t.Errorf("%s: billing not rendered: %v", filepath.Base(out), err)
		}
	}
	if after, err := os.ReadFile(filepath.Join(kept, orders)); err != nil || string(after) != string(before) {
		t.Errorf("the previous render of orders was not kept (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(fresh, orders)); !os.IsNotExist(err) {
		t.Errorf("a fresh site has pages of the damaged target (%v)", err)
	}
}

package site

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	dt "github.com/auroradoc/auroradoc/internal/drifttest"
	"github.com/auroradoc/auroradoc/snapshot"
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
		// DriftLink changes the site's version in kept: the previous
		// render's state is of another version, and must still be used.
		if err := Build(ctx, FromStore(b.St, m), out, Options{DriftLink: true}); err != nil {
			t.Fatalf("render into %s with a damaged snapshot: %v", filepath.Base(out), err)
		}
		index, err := os.ReadFile(filepath.Join(out, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(index), "1 damaged") || !strings.Contains(string(index), "snapshot unreadable") {
			t.Errorf("%s: the index does not say orders' snapshot is damaged", filepath.Base(out))
		}
		if strings.Contains(string(index), b.Dir) {
			t.Errorf("%s: the public index shows the store's location", filepath.Base(out))
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

// TestDamagedAfterAnInterruptedRender: when the render before was
// interrupted (no usable state), the pages a damaged target had are still
// kept, not deleted as stale.
func TestDamagedAfterAnInterruptedRender(t *testing.T) {
	ctx := context.Background()
	out := t.TempDir()
	if err := Build(ctx, twoTargets(t, "2026-11-20T030000Z", nil, "fixture-mariadb"), out, Options{}); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(out, "t", "fixture-mariadb", "index.html")
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	killed := func(_ context.Context, name string) error {
		if name == "extra" {
			return errors.New("killed")
		}
		return nil
	}
	if err := Build(ctx, twoTargets(t, "2026-11-21T030000Z", killed, "extra", "fixture-mariadb"), out, Options{}); err == nil {
		t.Fatal("the interrupted render did not fail")
	}
	damaged := func(_ context.Context, name string) error {
		if name == "fixture-mariadb" {
			return fmt.Errorf("%w: its bytes do not match the manifest's sha256", snapshot.ErrDamaged)
		}
		return nil
	}
	if err := Build(ctx, twoTargets(t, "2026-11-22T030000Z", damaged, "fixture-mariadb"), out, Options{}); err != nil {
		t.Fatalf("render with a damaged snapshot: %v", err)
	}
	if after, err := os.ReadFile(page); err != nil || string(after) != string(before) {
		t.Errorf("the damaged target's last pages were deleted or changed (%v)", err)
	}
}

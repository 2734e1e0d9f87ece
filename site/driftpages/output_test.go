package driftpages

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/atomicfile"
	"github.com/auroradoc/auroradoc/site/sitedir"
)

// TestFailedBuildKeepsPreviousPages: a build that fails half-way leaves
// every page of the previous build in place, each complete: the old page
// or the new one, never a missing or partial file.
func TestFailedBuildKeepsPreviousPages(t *testing.T) {
	// The previous build: every night a day earlier, so most pages differ.
	prev := load(t)
	for i := range prev.Nights {
		prev.Nights[i].TakenAt = prev.Nights[i].TakenAt.Add(-24 * time.Hour)
	}
	out := build(t, prev)
	before := files(t, out)
	next := load(t)
	want := files(t, build(t, next)) // what a successful build writes

	changed := 0
	for name, b := range before {
		if !bytes.Equal(b, want[name]) {
			changed++
		}
	}
	const failAt = 4
	if changed <= failAt {
		t.Fatalf("only %d pages change between the builds: the failure would not be half-way", changed)
	}
	injected := errors.New("disk full")
	var calls atomic.Int32
	failing := func(p string, data []byte, perm os.FileMode) error {
		if calls.Add(1) >= failAt {
			return injected
		}
		return atomicfile.WriteFile(p, data, perm)
	}
	err := buildWith(context.Background(), next, out, Options{}, failing)
	if !errors.Is(err, injected) {
		t.Fatalf("build = %v, want the injected write error", err)
	}
	after := files(t, out)
	newer := 0
	for name, old := range before {
		got, ok := after[name]
		switch {
		case !ok:
			t.Errorf("%s: deleted by a failed build", name)
		case bytes.Equal(got, want[name]) && !bytes.Equal(got, old):
			newer++
		case !bytes.Equal(got, old):
			t.Errorf("%s: neither the previous page nor the new one after a failed build", name)
		}
	}
	if newer == 0 || newer >= changed {
		t.Errorf("%d of %d changed pages rewritten: the build did not fail half-way", newer, changed)
	}
	for name := range after {
		if atomicfile.IsTemp(filepath.Base(name)) {
			t.Errorf("temporary file %s left behind", name)
		}
		if _, ok := before[name]; !ok && !bytes.Equal(after[name], want[name]) {
			t.Errorf("%s: new file, but not as a successful build writes it", name)
		}
	}

	// The next successful build completes the job.
	if err := Build(context.Background(), next, out, Options{}); err != nil {
		t.Fatal(err)
	}
	got := files(t, out)
	if len(got) != len(want) {
		t.Errorf("%d files after a successful build, want %d", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s: not as a build from scratch writes it", name)
		}
	}
}

// TestPrunesOnlyWhatIsNoLongerProduced: a build deletes the files under
// drift/ it no longer produces (and the directories this empties) but
// does not rewrite pages whose bytes are unchanged.
func TestPrunesOnlyWhatIsNoLongerProduced(t *testing.T) {
	h := load(t)
	out := build(t, h)
	stale := []string{"drift/t/old/index.html", "drift/t/old/schema-x.html", "drift/parameters/gone.html",
		"drift/nights/1999-01.html", "drift/" + atomicfile.TempPrefix + "index.html-123"} // a dead build's temporary
	for _, rel := range stale {
		p := filepath.Join(out, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("stale"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	kept := []string{"drift/index.html", "drift/parameters/max_connections.html", "drift/t/us-east-1/orders-prd/data.js"}
	for _, rel := range kept {
		if err := os.Chtimes(filepath.Join(out, filepath.FromSlash(rel)), past, past); err != nil {
			t.Fatal(err)
		}
	}
	want := files(t, out)
	for _, rel := range stale {
		delete(want, rel)
	}

	if err := Build(context.Background(), h, out, Options{}); err != nil {
		t.Fatal(err)
	}
	got := files(t, out)
	for _, rel := range stale {
		if _, ok := got[rel]; ok {
			t.Errorf("%s: no longer produced but kept", rel)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "drift", "t", "old")); !os.IsNotExist(err) {
		t.Errorf("emptied directory drift/t/old kept: %v", err)
	}
	if len(got) != len(want) {
		t.Errorf("%d files after the build, want %d", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s: changed by a build of the same history", name)
		}
	}
	for _, rel := range kept {
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if !fi.ModTime().Equal(past) {
			t.Errorf("%s: rewritten although its bytes did not change (modified %v)", rel, fi.ModTime())
		}
	}
	for _, f := range []string{"index.html", "search.html"} {
		if b, err := os.ReadFile(filepath.Join(out, f)); err != nil || !strings.HasPrefix(string(b), "site page") {
			t.Errorf("site page %s touched: %q %v", f, b, err)
		}
	}
}

// TestBuildHoldsTheSiteLock: the drift pages are written under the site
// directory's exclusive lock, like the rest of the site: while a publish
// reads the site (a shared lock), a build is refused instead of changing
// pages under it, and the build's lock is released when it is done.
func TestBuildHoldsTheSiteLock(t *testing.T) {
	h := load(t)
	out := build(t, h)
	reader, err := sitedir.LockShared(out)
	if err != nil {
		t.Fatal(err)
	}
	err = Build(context.Background(), h, out, Options{})
	if !errors.Is(err, sitedir.ErrBusy) {
		t.Errorf("build during a publish: %v, want ErrBusy", err)
	}
	if err := reader.Release(); err != nil {
		t.Fatal(err)
	}
	if err := Build(context.Background(), h, out, Options{}); err != nil {
		t.Fatalf("build after the publish: %v", err)
	}
	l, err := sitedir.LockShared(out)
	if err != nil {
		t.Fatalf("the build kept the lock: %v", err)
	}
	l.Release()
}

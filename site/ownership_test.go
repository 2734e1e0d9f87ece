package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/site/sitedir"
	"github.com/auroradoc/auroradoc/snapshot"
)

// twoTargets is a set of the fixture snapshot under the names given,
// loaded through Open, which calls hook first (when not nil).
func twoTargets(t *testing.T, set string, hook func(ctx context.Context, name string) error, names ...string) Input {
	t.Helper()
	at, err := time.Parse(snapshot.SetIDLayout, set)
	if err != nil {
		t.Fatal(err)
	}
	m := &snapshot.Manifest{FormatVersion: 1, Set: set, StartedAt: at, FinishedAt: at.Add(time.Minute)}
	snaps := map[string]*snapshot.Snapshot{}
	for _, n := range names {
		s := testsnap.Fixture(t)
		s.Target.Name = n
		snaps[n] = s
		m.Targets = append(m.Targets, &snapshot.Entry{Name: n, Status: snapshot.StatusOK, File: "targets/" + n + ".json.gz"})
	}
	return Input{Manifest: m, Open: func(ctx context.Context, e *snapshot.Entry) (*snapshot.Snapshot, error) {
		if hook != nil {
			if err := hook(ctx, e.Name); err != nil {
				return nil, err
			}
		}
		return snaps[e.Name], nil
	}}
}

// writeFiles writes rel → content under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// waitFor waits until the file at p exists (or ctx ends).
func waitFor(ctx context.Context, p string) error {
	for {
		if _, err := os.Stat(p); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// userFiles are files a user put into the site directory.
var userFiles = map[string]string{
	"NOTES.txt":            "mine",
	"t/ops-runbook.html":   "mine",
	"assets/custom.css":    "mine",
	"t/fixture-mariadb/me": "mine",
}

func checkUserFiles(t *testing.T, out, after string) {
	t.Helper()
	for rel, content := range userFiles {
		if b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel))); err != nil || string(b) != content {
			t.Errorf("%s: user file %s was deleted or changed (%q, %v)", after, rel, b, err)
		}
	}
}

// TestInterruptedRenderKeepsUserFilesAndCleansItsOwn: a render that dies
// half-way has recorded every file it wrote, so the next render deletes
// those it no longer produces, and still nothing it did not write.
func TestInterruptedRenderKeepsUserFilesAndCleansItsOwn(t *testing.T) {
	ctx := context.Background()
	out := t.TempDir()
	if err := Build(ctx, twoTargets(t, "2026-11-20T030000Z", nil, "fixture-mariadb"), out, Options{}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, userFiles)

	// The render of "extra" finishes, then loading fixture-mariadb fails:
	// the render stops with "extra"'s files written, the marker incomplete.
	dies := func(ctx context.Context, name string) error {
		if name != "fixture-mariadb" {
			return nil
		}
		if err := waitFor(ctx, filepath.Join(out, "t", "extra", "search.js")); err != nil {
			return err
		}
		return errors.New("killed")
	}
	err := Build(ctx, twoTargets(t, "2026-11-21T030000Z", dies, "extra", "fixture-mariadb"), out, Options{})
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("interrupted render: %v, want it to fail", err)
	}
	if err := sitedir.CheckComplete(out); err == nil {
		t.Fatal("the marker says complete after an interrupted render")
	}
	if _, err := os.Stat(filepath.Join(out, "t", "extra", "index.html")); err != nil {
		t.Fatalf("the interrupted render wrote no page of extra: %v", err)
	}

	var logs bytes.Buffer
	in := twoTargets(t, "2026-11-22T030000Z", nil, "fixture-mariadb")
	if err := Build(ctx, in, out, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))}); err != nil {
		t.Fatal(err)
	}
	checkUserFiles(t, out, "after an interrupted render")
	if _, err := os.Stat(filepath.Join(out, "t", "extra")); err == nil {
		t.Error("t/extra, written by the interrupted render, survived the next one")
	}
	if !strings.Contains(logs.String(), "NOTES.txt") {
		t.Errorf("no warning names the files left in place:\n%s", logs.String())
	}
	fresh := t.TempDir()
	if err := Build(ctx, in, fresh, Options{}); err != nil {
		t.Fatal(err)
	}
	for rel := range userFiles {
		os.Remove(filepath.Join(out, filepath.FromSlash(rel)))
	}
	sameSite(t, out, fresh)
}

// TestDamagedMarkerDeletesNothingUnproven: with a marker that cannot be
// read, a render deletes no file it cannot prove it wrote, and says which
// files it left.
func TestDamagedMarkerDeletesNothingUnproven(t *testing.T) {
	ctx := context.Background()
	out := t.TempDir()
	if err := Build(ctx, twoTargets(t, "2026-11-20T030000Z", nil, "fixture-mariadb", "gone"), out, Options{}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, userFiles)
	writeFiles(t, out, map[string]string{sitedir.Marker: `{"format":2,"complete":tru`})
	var logs bytes.Buffer
	if err := Build(ctx, twoTargets(t, "2026-11-21T030000Z", nil, "fixture-mariadb"), out, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))}); err != nil {
		t.Fatal(err)
	}
	checkUserFiles(t, out, "after a damaged marker")
	// t/gone was written by auroradoc, but with the marker damaged nothing
	// proves it: it is left, and the warning says so.
	if _, err := os.Stat(filepath.Join(out, "t", "gone", "index.html")); err != nil {
		t.Errorf("t/gone/index.html deleted without proof it was auroradoc's: %v", err)
	}
	for _, want := range []string{"NOTES.txt", "t/gone/index.html", sitedir.Marker} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the warning does not name %s:\n%s", want, logs.String())
		}
	}
	if err := sitedir.CheckComplete(out); err != nil {
		t.Errorf("after the render: %v", err)
	}
}

// TestRenderNeverDeletesThroughASymlink: a path the marker lists under a
// symlinked directory is not deleted, whether the link points outside the
// site or inside it; the link itself stays.
func TestRenderNeverDeletesThroughASymlink(t *testing.T) {
	ctx := context.Background()
	out := t.TempDir()
	in := twoTargets(t, "2026-11-20T030000Z", nil, "fixture-mariadb")
	if err := Build(ctx, in, out, Options{}); err != nil {
		t.Fatal(err)
	}
	elsewhere := t.TempDir()
	writeFiles(t, elsewhere, map[string]string{"x": "precious"})
	writeFiles(t, out, map[string]string{"inside/x": "precious"})
	if err := os.Symlink(elsewhere, filepath.Join(out, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../inside", filepath.Join(out, "t", "rel")); err != nil {
		t.Fatal(err)
	}
	// The marker (damaged by hand, or by an older auroradoc) lists them.
	p := filepath.Join(out, sitedir.Marker)
	var st map[string]any
	b, err := os.ReadFile(p)
	if err != nil || json.Unmarshal(b, &st) != nil {
		t.Fatalf("reading the marker: %v", err)
	}
	st["files"] = append(st["files"].([]any), "link/x", "t/rel/x")
	if b, err = json.Marshal(st); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, map[string]string{sitedir.Marker: string(b)})

	if err := Build(ctx, in, out, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(elsewhere, "x"), filepath.Join(out, "inside", "x")} {
		if b, err := os.ReadFile(p); err != nil || string(b) != "precious" {
			t.Errorf("%s was deleted through a symlink: %q, %v", p, b, err)
		}
	}
	for _, l := range []string{"link", "t/rel"} {
		if fi, err := os.Lstat(filepath.Join(out, l)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("symlink %s is gone: %v", l, err)
		}
	}
}

// TestSecondRenderIntoTheSameDirectoryFailsFast: while one render runs,
// another into the same directory fails at once, saying who holds it
// since when, and writes nothing; the first render is unharmed.
func TestSecondRenderIntoTheSameDirectoryFailsFast(t *testing.T) {
	ctx := context.Background()
	out := t.TempDir()
	started, release := make(chan struct{}), make(chan struct{})
	hold := func(ctx context.Context, name string) error {
		close(started)
		<-release
		return nil
	}
	first := twoTargets(t, "2026-11-20T030000Z", hold, "fixture-mariadb")
	done := make(chan error, 1)
	go func() { done <- Build(ctx, first, out, Options{}) }()
	<-started

	begin := time.Now()
	err := Build(ctx, twoTargets(t, "2026-11-21T030000Z", nil, "other"), out, Options{})
	close(release)
	if err == nil {
		t.Fatal("a second render into a directory being rendered succeeded")
	}
	if !errors.Is(err, sitedir.ErrBusy) {
		t.Errorf("second render: %v, want ErrBusy", err)
	}
	for _, want := range []string{fmt.Sprintf("pid %d", os.Getpid()), "set 2026-11-20T030000Z", "since " + begin.UTC().Format("2006-01-02T"), "render"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("second render: %q does not say %q", err, want)
		}
	}
	if time.Since(begin) > 5*time.Second {
		t.Errorf("the second render took %v to fail", time.Since(begin))
	}
	if err := <-done; err != nil {
		t.Fatalf("first render: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "t", "other")); err == nil {
		t.Error("the second render wrote into the directory")
	}
	fresh := t.TempDir()
	if err := Build(ctx, twoTargets(t, "2026-11-20T030000Z", nil, "fixture-mariadb"), fresh, Options{}); err != nil {
		t.Fatal(err)
	}
	sameSite(t, out, fresh)

	// A publish reading the site (a shared lock) keeps renders out too.
	l, err := sitedir.LockShared(out)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if err := Build(ctx, first, out, Options{}); !errors.Is(err, sitedir.ErrBusy) {
		t.Errorf("render during a publish: %v, want ErrBusy", err)
	}
}

// TestStaleLockRecordDoesNotBlock: a render killed without releasing the
// lock leaves its record in the lock file but no lock (the kernel drops
// flocks of dead processes): the next render goes ahead.
func TestStaleLockRecordDoesNotBlock(t *testing.T) {
	out := t.TempDir()
	in := twoTargets(t, "2026-11-20T030000Z", nil, "fixture-mariadb")
	if err := Build(context.Background(), in, out, Options{}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, map[string]string{sitedir.LockFile: `{"op":"render","set":"2026-11-19T030000Z","pid":999999,"host":"gone","since":"2026-11-19T03:00:00Z"}`})
	if err := Build(context.Background(), in, out, Options{}); err != nil {
		t.Fatalf("render after a killed one: %v", err)
	}
}

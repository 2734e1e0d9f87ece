// Package golden compares test output with golden files under testdata
// and rewrites them when the tests run with -update.
//
// It is the one home of the -update flag for the golden tests of this
// module; any test package that imports it accepts the flag:
//
//	go test ./site/ -update
//	go test ./render/er -run TestGolden -update
//
// Review the rewritten files with git diff before committing them.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files (see package internal/golden)")

// Update reports whether the tests run with -update.
func Update() bool { return *update }

// Assert compares got with the golden file at path (relative to the
// package directory, e.g. testdata/golden/shop.svg). A difference is an
// Errorf naming the first differing line; a missing file is a Fatalf
// saying how to create it. With -update it writes got to path instead,
// creating the directories.
func Assert(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("golden: %v", err)
			return
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			t.Fatalf("golden file %s does not exist; to create it, run %s", path, rerun(t))
			return
		}
		t.Fatalf("golden: %v", err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (%d bytes, want %d)\n%s\nif the change is intended, run %s and review the diff",
			path, len(got), len(want), firstDiff(got, want), rerun(t))
	}
}

// AssertFiles compares got, a set of files keyed by slash-separated path
// relative to dir, with the files under the golden directory dir. A file
// produced but not in dir, a file in dir that was not produced and a file
// whose contents differ are each an Errorf. With -update it replaces dir
// by exactly the files of got.
func AssertFiles(t testing.TB, dir string, got map[string][]byte) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatalf("golden: %v", err)
			return
		}
		for _, name := range slices.Sorted(maps.Keys(got)) {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatalf("golden: %v", err)
				return
			}
			if err := os.WriteFile(p, got[name], 0o644); err != nil {
				t.Fatalf("golden: %v", err)
				return
			}
		}
		return
	}
	want, err := ReadTree(dir)
	if err != nil {
		if os.IsNotExist(err) {
			t.Fatalf("golden directory %s does not exist; to create it, run %s", dir, rerun(t))
			return
		}
		t.Fatalf("golden: %v", err)
		return
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		w, ok := want[name]
		if !ok {
			t.Errorf("%s: not in the golden files in %s; if it is a new file, run %s", name, dir, rerun(t))
			continue
		}
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s differs from the golden file in %s (%d bytes, want %d)\n%s\nif the change is intended, run %s and review the diff",
				name, dir, len(got[name]), len(w), firstDiff(got[name], w), rerun(t))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if _, ok := got[name]; !ok {
			t.Errorf("%s: in the golden files in %s but no longer written; if that is intended, run %s", name, dir, rerun(t))
		}
	}
}

// ReadTree returns every regular file under dir, keyed by its
// slash-separated path relative to dir.
func ReadTree(dir string) (map[string][]byte, error) {
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		m[filepath.ToSlash(r)] = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// maxLine is how much of a differing line firstDiff shows.
const maxLine = 200

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := lines(got), lines(want)
	for i := 0; ; i++ {
		var gl, wl string
		gok, wok := i < len(g), i < len(w)
		if gok {
			gl = g[i]
		}
		if wok {
			wl = w[i]
		}
		if !gok && !wok {
			return "(no differing line)"
		}
		if gl == wl {
			continue
		}
		col := 0
		for col < len(gl) && col < len(wl) && gl[col] == wl[col] {
			col++
		}
		return fmt.Sprintf("first difference at line %d, byte %d of the line:\n got: %s\nwant: %s",
			i+1, col+1, excerpt(gl, gok, col), excerpt(wl, wok, col))
	}
}

// lines splits b after each newline, without an empty last line.
func lines(b []byte) []string {
	l := strings.SplitAfter(string(b), "\n")
	if l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
}

// excerpt quotes at most maxLine bytes of line around col.
func excerpt(line string, ok bool, col int) string {
	if !ok {
		return "(end of file)"
	}
	start, end, pre, post := 0, len(line), "", ""
	if len(line) > maxLine {
		start = max(0, col-maxLine/2)
		end = min(len(line), start+maxLine)
		if start > 0 {
			pre = "…"
		}
		if end < len(line) {
			post = "…"
		}
	}
	return pre + fmt.Sprintf("%q", line[start:end]) + post
}

// rerun is the command that rewrites the golden files of the current
// test: go test ./<package> -run '<test>' -update.
func rerun(t testing.TB) string {
	pkg := "."
	if wd, err := os.Getwd(); err == nil {
		if root := moduleRoot(wd); root != "" {
			if r, err := filepath.Rel(root, wd); err == nil && r != "." {
				pkg = "./" + filepath.ToSlash(r)
			}
		}
	}
	parts := strings.Split(t.Name(), "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	run := strings.ReplaceAll(strings.Join(parts, "/"), "'", `'\''`)
	return fmt.Sprintf("go test %s -run '%s' -update", pkg, run)
}

// moduleRoot is the nearest directory at or above dir with a go.mod, or "".
func moduleRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

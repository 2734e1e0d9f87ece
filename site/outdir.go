package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// markerFile marks a directory as an auroradoc site and holds the state of
// the last render (see state): only such a directory (or an empty or
// missing one) is rendered into. It is a dotfile, so publishing skips it.
const markerFile = ".auroradoc-site"

// driftDir belongs to the drift-history pages: a render never writes or
// deletes anything under it.
const driftDir = "drift"

// prepareOut makes sure out is a site directory (created when missing; a
// non-empty directory that is not an auroradoc site is refused rather than
// touched) and returns the state of the previous render there, nil when
// there is none to trust, and whether the directory was empty. The marker
// is rewritten as "render in progress" first, so a render that dies
// half-way is not trusted by the next one.
func prepareOut(out string) (prev *state, empty bool, err error) {
	ents, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(out, 0o755); err != nil {
			return nil, false, fmt.Errorf("creating site directory: %w", err)
		}
	case err != nil:
		return nil, false, fmt.Errorf("reading site directory: %w", err)
	case len(ents) > 0:
		if _, err := os.Stat(filepath.Join(out, markerFile)); err != nil {
			return nil, false, fmt.Errorf("site directory %s is not empty and holds no %s: refusing to replace its contents (choose an empty or new directory)", out, markerFile)
		}
	}
	prev = readState(out)
	if err := writeState(out, &state{Complete: false}); err != nil {
		return nil, false, err
	}
	return prev, len(ents) == 0, nil
}

// ours reports whether a site-relative path may be deleted by a render:
// inside the site (see localPath; the state file lists paths too), not
// the marker or another dot-entry at the root, not under drift/.
func ours(rel string) bool {
	first, _, _ := strings.Cut(rel, "/")
	return localPath(rel) && first != driftDir && !strings.HasPrefix(first, ".")
}

// localPath reports whether rel, slash-separated, names something inside
// the directory it is relative to: not empty, not absolute, no "." or ".."
// element, no empty element, no backslash.
func localPath(rel string) bool {
	return path.Clean(rel) == rel && filepath.IsLocal(rel) && !strings.Contains(rel, `\`) && rel != "."
}

// removeStale deletes the files of the previous render that this one did
// not produce, and directories left empty. Without a trusted previous
// state it walks the directory instead (everything but drift/ and the
// root's dot-entries was written by a render), unless it was empty.
func removeStale(out string, prev, next *state, empty bool) (int, error) {
	if prev == nil && empty {
		return 0, nil
	}
	produced := map[string]bool{}
	for _, f := range next.Files {
		produced[f] = true
	}
	for _, t := range next.Targets {
		for _, f := range t.Files {
			produced[f] = true
		}
	}
	var old []string
	if prev != nil {
		old = append(old, prev.Files...)
		for _, t := range prev.Targets {
			old = append(old, t.Files...)
		}
	} else {
		err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			r, err := filepath.Rel(out, p)
			if err != nil || r == "." {
				return err
			}
			r = filepath.ToSlash(r)
			if !ours(r) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				old = append(old, r)
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("listing the previous site: %w", err)
		}
	}
	sort.Strings(old)
	n := 0
	for _, r := range old {
		if produced[r] || !ours(r) {
			continue
		}
		p := filepath.Join(out, filepath.FromSlash(r))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, fmt.Errorf("deleting %s of the previous site: %w", r, err)
		}
		n++
		// Remove directories left empty, up to (not including) the root.
		for d := filepath.Dir(r); d != "." && d != "/" && ours(filepath.ToSlash(d)); d = filepath.Dir(d) {
			if os.Remove(filepath.Join(out, d)) != nil {
				break
			}
		}
	}
	return n, nil
}

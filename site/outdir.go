package site

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/auroradoc/auroradoc/site/sitedir"
)

// markerFile marks a directory as an auroradoc site and holds the state of
// the last render (see state): only such a directory (or an empty or
// missing one) is rendered into. It is a dotfile, so publishing skips it.
const markerFile = sitedir.Marker

// journalFile lists, one site-relative path a line, the files the running
// render created that earlier renders had not (a line ending in "/" claims
// a whole directory the render created). It is appended to before each
// such file is written, so a render that dies half-way has recorded every
// file it wrote; the next render adds them to what it may delete. It is
// removed when the render finishes.
const journalFile = ".auroradoc-site.journal"

// v1Marker is the start of the plain-text marker of auroradoc versions
// before the state file: such a directory was replaced as a whole by every
// render, so all of it (but drift/ and dot-entries) was written by one.
const v1Marker = "written by auroradoc render; the directory is replaced on every render"

// driftDir belongs to the drift-history pages: a render never writes or
// deletes anything under it.
const driftDir = "drift"

// outDir is the site directory while a render holds it: locked, with the
// state of the previous render and the inventory of the files earlier
// renders provably wrote, the only files a render ever deletes.
type outDir struct {
	path string
	root *os.Root // deletes never leave the directory
	lock *sitedir.Lock
	log  *slog.Logger
	// prev is the state of the previous render, when it finished; nil
	// otherwise.
	prev *state
	// owned holds the site-relative files earlier renders wrote: listed by
	// the marker (a finished render's files, or an interrupted render's
	// inventory) or by the journal of an interrupted render.
	owned map[string]bool
	// doubt says why the previous render's files are not all known (the
	// marker is damaged, or the render did not finish); "" when they are.
	doubt   string
	journal *journal
}

// openOut makes sure out is a site directory (created when missing; a
// non-empty directory that is not an auroradoc site is refused rather than
// touched), locks it for the render of set (a second render, or a
// publish, fails at once saying who holds it), reads what the previous
// render left, and marks the directory "render in progress" with the
// inventory of files known to be auroradoc's, so a render that dies
// half-way is neither trusted nor forgotten by the next one.
func openOut(out, set string, log *slog.Logger) (_ *outDir, err error) {
	if err := checkOut(out); err != nil {
		return nil, err
	}
	lock, err := sitedir.LockExclusive(out, "render", set)
	if err != nil {
		return nil, fmt.Errorf("rendering set %s: %w", set, err)
	}
	d := &outDir{path: out, lock: lock, log: log, owned: map[string]bool{}}
	defer func() {
		if err != nil {
			d.close()
		}
	}()
	if err := checkOut(out); err != nil { // again, now that it is ours
		return nil, err
	}
	if d.root, err = os.OpenRoot(out); err != nil {
		return nil, fmt.Errorf("opening site directory: %w", err)
	}
	if err := d.readPrevious(); err != nil {
		return nil, err
	}
	if err := writeState(out, &state{Complete: false, Files: sortedNames(d.owned)}); err != nil {
		return nil, err
	}
	if d.journal, err = newJournal(out); err != nil {
		return nil, err
	}
	return d, nil
}

// checkOut creates out when missing and refuses a non-empty directory
// without a marker (the lock file alone does not count).
func checkOut(out string) error {
	ents, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(out, 0o755); err != nil {
			return fmt.Errorf("creating site directory: %w", err)
		}
	case err != nil:
		return fmt.Errorf("reading site directory: %w", err)
	case len(ents) > 1 || len(ents) == 1 && ents[0].Name() != sitedir.LockFile:
		if _, err := os.Stat(filepath.Join(out, markerFile)); err != nil {
			return fmt.Errorf("site directory %s is not empty and holds no %s: refusing to replace its contents (choose an empty or new directory)", out, markerFile)
		}
	}
	return nil
}

// readPrevious reads the marker and the journal of the previous render.
func (d *outDir) readPrevious() error {
	b, err := d.root.ReadFile(markerFile)
	st := &state{}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Empty directory: nothing was rendered here.
	case err != nil:
		return fmt.Errorf("reading %s: %w", filepath.Join(d.path, markerFile), err)
	case bytes.HasPrefix(b, []byte(v1Marker)):
		if err := d.ownAll(); err != nil {
			return err
		}
	case json.Unmarshal(b, st) != nil || st.Format != stateFormat:
		d.doubt = fmt.Sprintf("the marker %s is damaged or of an unknown format", filepath.Join(d.path, markerFile))
	default:
		for _, f := range st.allFiles() {
			d.owned[f] = true
		}
		if st.Complete {
			d.prev = st
		} else {
			d.doubt = fmt.Sprintf("the marker %s says the previous render did not finish", filepath.Join(d.path, markerFile))
		}
	}
	if err := d.readJournal(); err != nil {
		return err
	}
	if d.doubt != "" {
		d.log.Warn("site: deleting only the files auroradoc is known to have written", "dir", d.path, "why", d.doubt, "known", len(d.owned))
	}
	return nil
}

// ownAll claims every file but drift/ and the root's dot-entries (an
// older auroradoc's site, which it replaced as a whole).
func (d *outDir) ownAll() error {
	return d.walk(".", func(rel string) { d.owned[rel] = true })
}

// walk calls fn for every file (not directory; symlinks are not followed)
// under the site-relative directory dir that a render may delete (ours).
func (d *outDir) walk(dir string, fn func(rel string)) error {
	err := fs.WalkDir(d.root.FS(), dir, func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		if p == "." {
			return nil
		}
		if !ours(p) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !e.IsDir() {
			fn(p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("listing %s of the site directory %s: %w", dir, d.path, err)
	}
	return nil
}

// readJournal adds the files an interrupted render recorded.
func (d *outDir) readJournal() error {
	b, err := d.root.ReadFile(journalFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", filepath.Join(d.path, journalFile), err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if dir, ok := strings.CutSuffix(line, "/"); ok && ours(dir) {
			if err := d.walk(dir, func(rel string) { d.owned[rel] = true }); err != nil {
				return err
			}
		} else if ours(line) {
			d.owned[line] = true
		}
	}
	return nil
}

// finish records next as the finished render's state and forgets the
// journal.
func (d *outDir) finish(next *state) error {
	if err := writeState(d.path, next); err != nil {
		return err
	}
	if err := d.journal.close(); err != nil {
		return err
	}
	if err := d.root.Remove(journalFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing %s: %w", filepath.Join(d.path, journalFile), err)
	}
	return nil
}

// close releases the directory.
func (d *outDir) close() {
	d.journal.close()
	if d.root != nil {
		d.root.Close()
	}
	d.lock.Release()
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

// removeStale deletes the files earlier renders wrote (d.owned) that this
// one did not produce, and directories left empty. It never follows a
// symlink: a path with a symlink (or a non-directory) among its
// directories is left alone, with a warning, and every deletion goes
// through d.root, which cannot leave the site directory. Files under the
// keep prefixes stay. When the previous render's files are not all known,
// it warns about the files it leaves.
func (d *outDir) removeStale(next *state, keep []string) (int, error) {
	produced := map[string]bool{}
	for _, f := range next.allFiles() {
		produced[f] = true
	}
	n := 0
	for _, r := range sortedNames(d.owned) {
		if produced[r] || !ours(r) || slices.ContainsFunc(keep, func(p string) bool { return strings.HasPrefix(r, p) }) {
			continue
		}
		if why := d.unsafeParent(r); why != "" {
			d.log.Warn("site: not deleting a stale file: "+why, "dir", d.path, "file", r)
			continue
		}
		if fi, err := d.root.Lstat(r); err == nil && fi.IsDir() {
			continue // a user's directory where a file of ours was
		}
		if err := d.root.Remove(r); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return n, fmt.Errorf("deleting %s of the previous site: %w", r, err)
		}
		n++
		// Remove directories left empty, up to (not including) the root.
		for dir := path.Dir(r); dir != "." && ours(dir); dir = path.Dir(dir) {
			if d.root.Remove(dir) != nil {
				break
			}
		}
	}
	if d.doubt != "" {
		var left []string
		if err := d.walk(".", func(rel string) {
			if !produced[rel] {
				left = append(left, rel)
			}
		}); err != nil {
			return n, err
		}
		if len(left) > 0 {
			d.log.Warn("site: left files auroradoc cannot prove it wrote; delete them by hand if they are not yours",
				"dir", d.path, "why", d.doubt, "count", len(left), "files", strings.Join(left[:min(len(left), 20)], " "))
		}
	}
	return n, nil
}

// unsafeParent says why the directories of rel must not be entered: one
// is a symlink or not a directory; "" when they are all real directories.
func (d *outDir) unsafeParent(rel string) string {
	parts := strings.Split(rel, "/")
	for i := 1; i < len(parts); i++ {
		dir := strings.Join(parts[:i], "/")
		fi, err := d.root.Lstat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return "" // nothing to delete
		case err != nil:
			return fmt.Sprintf("%s: %v", dir, err)
		case fi.Mode()&fs.ModeSymlink != 0:
			return dir + " is a symlink"
		case !fi.IsDir():
			return dir + " is not a directory"
		}
	}
	return ""
}

// journal appends to journalFile.
type journal struct {
	mu sync.Mutex
	f  *os.File
}

func newJournal(out string) (*journal, error) {
	p := filepath.Join(out, journalFile)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", p, err)
	}
	return &journal{f: f}, nil
}

// add records rel (a file, or with a trailing "/" a directory) before it
// is written.
func (j *journal) add(rel string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.WriteString(rel + "\n"); err != nil {
		return fmt.Errorf("recording %s in %s: %w", rel, j.f.Name(), err)
	}
	return nil
}

func (j *journal) close() error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}

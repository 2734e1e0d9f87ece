package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"unicode/utf8"
)

// DefaultPerm is the mode a file gets when Write or WriteFile is given
// perm 0.
const DefaultPerm os.FileMode = 0o644

// TempPrefix starts the name of every temporary file this package creates
// (".tmp-<name>-<random>"): listings of a directory written through it
// skip names with this prefix (IsTemp).
const TempPrefix = ".tmp-"

// maxTempBase bounds how much of the target's name goes into the
// temporary name, so that it stays within the usual 255-byte limit.
const maxTempBase = 128

// IsTemp reports whether the file name name (a base name, not a path) is
// one of this package's temporary files, left behind by a writer that is
// still running or that was killed.
func IsTemp(name string) bool { return strings.HasPrefix(name, TempPrefix) }

// WriteFile replaces the file at path with data, atomically, with mode
// perm (0 means DefaultPerm). The directory must exist.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFileNoSync is WriteFile without forcing anything to disk: readers
// and concurrent writers still see either the old or the complete new
// content, but after a power loss the file may be old or empty. It is for
// bulk derived files committed afterwards by a durable marker (the site's
// Markdown, committed by the site's state file: an interrupted render is
// redone), where a sync per file would dominate the cost.
func WriteFileNoSync(path string, data []byte, perm os.FileMode) error {
	return write(path, perm, false, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write replaces the file at path with what write writes, atomically,
// with mode perm (0 means DefaultPerm; the mode is set exactly, whatever
// the umask). The directory must exist. When write returns an error (or
// panics) or any step fails, nothing is renamed: the file at path keeps
// its old content, or stays absent, and no temporary file is left behind.
// An error of write is returned as it is; errors of the other steps say
// which step failed. A symbolic link at path is replaced, not followed.
func Write(path string, perm os.FileMode, fill func(io.Writer) error) error {
	return write(path, perm, true, fill)
}

// write is Write, with the file and its directory synced when sync is set.
func write(path string, perm os.FileMode, sync bool, fill func(io.Writer) error) (err error) {
	if perm == 0 {
		perm = DefaultPerm
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if base == "" || base == "." || base == ".." {
		return fmt.Errorf("writing %s: not a file name", path)
	}
	f, err := os.CreateTemp(dir, TempPrefix+tempBase(base)+"-*")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("writing %s: directory %s does not exist: %w", path, filepath.Clean(dir), err)
		}
		return fmt.Errorf("writing %s: creating temporary file: %w", path, err)
	}
	tmp := f.Name()
	renamed := false
	defer func() {
		if renamed {
			return
		}
		f.Close() // a second Close only reports an error, which is moot here
		if rmErr := os.Remove(tmp); rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) && err != nil {
			err = errors.Join(err, fmt.Errorf("removing temporary file: %w", rmErr))
		}
	}()
	if err := fill(f); err != nil {
		return err // the caller's own error, for the caller to wrap
	}
	if sync {
		if err := f.Sync(); err != nil {
			return fmt.Errorf("writing %s: syncing: %w", path, err)
		}
	}
	if err := f.Chmod(perm); err != nil {
		return fmt.Errorf("writing %s: setting mode: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: closing: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: renaming into place: %w", path, err)
	}
	renamed = true
	if !sync {
		return nil
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("writing %s: syncing directory %s: %w", path, filepath.Clean(dir), err)
	}
	return nil
}

// tempBase is base cut to at most maxTempBase bytes, on a rune boundary.
func tempBase(base string) string {
	if len(base) <= maxTempBase {
		return base
	}
	n := maxTempBase
	for n > 0 && !utf8.RuneStart(base[n]) {
		n--
	}
	return base[:n]
}

// syncDir flushes dir's entries, so a rename in it survives a crash. File
// systems and platforms that cannot sync a directory are not an error.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // directories cannot be opened for syncing there
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		err = nil
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

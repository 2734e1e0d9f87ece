package snapshot

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// maxFile bounds how much a local store reads for one object.
const maxFile = 1 << 30

// Dir is a Backend over a local directory.
type Dir struct {
	root string
}

var _ Backend = (*Dir)(nil)

// OpenDir returns a store over the directory root, creating it if needed.
func OpenDir(root string) (*Store, error) {
	if root == "" {
		return nil, errors.New("opening snapshot store: no directory given (use --store or `store:` in the config)")
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("opening snapshot store: %w", err)
	}
	return New(&Dir{root: root}), nil
}

func (d *Dir) String() string { return d.root }

func (d *Dir) path(key string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(key))
	if key == "" || filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("invalid store key %q", key)
	}
	return filepath.Join(d.root, clean), nil
}

// Put writes data to a temporary file in the target directory and renames
// it into place.
func (d *Dir) Put(ctx context.Context, key string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-"+filepath.Base(p)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// Get reads the file at key.
func (d *Dir) Get(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAllLimit(f, maxFile)
}

// List lists one directory level; directories end in "/". Temporary files
// are not listed.
func (d *Dir) List(ctx context.Context, prefix string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dir := d.root
	if prefix != "" {
		p, err := d.path(prefix)
		if err != nil {
			return nil, err
		}
		dir = p
	}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			continue
		}
		k := strings.TrimSuffix(prefix, "/")
		if k != "" {
			k += "/"
		}
		k += e.Name()
		if e.IsDir() {
			k += "/"
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

// Exists reports whether the file or directory at prefix exists.
func (d *Dir) Exists(ctx context.Context, prefix string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	p, err := d.path(strings.TrimSuffix(prefix, "/"))
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// Delete removes the file or directory tree at prefix; a missing one is
// not an error. A prefix must name a whole file or directory here (a
// trailing "/" is optional).
func (d *Dir) Delete(ctx context.Context, prefix string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p, err := d.path(strings.TrimSuffix(prefix, "/"))
	if err != nil {
		return err
	}
	if p == filepath.Clean(d.root) {
		return fmt.Errorf("refusing to delete the whole store %s", d.root)
	}
	return os.RemoveAll(p)
}

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

	"github.com/auroradoc/auroradoc/internal/atomicfile"
)

// maxFile bounds how much a local store reads for one object.
const maxFile = 1 << 30

// Dir is a Backend over a local directory.
type Dir struct {
	root string
}

var _ Backend = (*Dir)(nil)

// OpenDir returns a store over the existing directory root, to read it.
// It creates nothing: a missing directory is an error wrapping ErrNoStore
// ("no snapshot store at root").
func OpenDir(root string) (*Store, error) {
	if root == "" {
		return nil, errNoDir
	}
	fi, err := os.Stat(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoStore, root)
	}
	if err != nil {
		return nil, fmt.Errorf("opening snapshot store: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%w at %s: not a directory", ErrNoStore, root)
	}
	return New(&Dir{root: root}), nil
}

// OpenDirForWriting returns a store over the directory root for a crawl:
// root need not exist yet, the first NewSet creates it.
func OpenDirForWriting(root string) (*Store, error) {
	if root == "" {
		return nil, errNoDir
	}
	return New(&Dir{root: root}), nil
}

var errNoDir = errors.New("opening snapshot store: no directory given (use --store or `store:` in the config)")

func (d *Dir) String() string { return d.root }

func (d *Dir) path(key string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(key))
	if key == "" || filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("invalid store key %q", key)
	}
	return filepath.Join(d.root, clean), nil
}

// Put replaces the file at key atomically (package atomicfile): readers
// and crashes see the old file or the new one, never part of one.
func (d *Dir) Put(ctx context.Context, key string, data []byte) error {
	p, err := d.pathToWrite(ctx, key)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(p, data, 0o644)
}

// pathToWrite returns the file path of key with its directory made.
func (d *Dir) pathToWrite(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	p, err := d.path(key)
	if err != nil {
		return "", err
	}
	return p, os.MkdirAll(filepath.Dir(p), 0o755)
}

// Create writes the file at key only if there is none (O_EXCL), creating
// its directory as needed; a file already there is ErrExists.
func (d *Dir) Create(ctx context.Context, key string, data []byte) error {
	p, err := d.pathToWrite(ctx, key)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s: %w", key, ErrExists)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
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
		if atomicfile.IsTemp(e.Name()) {
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

// ListTagged is List with each file's size and modification time as its
// tag (directories have none).
func (d *Dir) ListTagged(ctx context.Context, prefix string) ([]ObjectInfo, error) {
	keys, err := d.List(ctx, prefix)
	if err != nil {
		return nil, err
	}
	out := make([]ObjectInfo, 0, len(keys))
	for _, k := range keys {
		o := ObjectInfo{Key: k}
		if !strings.HasSuffix(k, "/") {
			p, err := d.path(k)
			if err != nil {
				return nil, err
			}
			fi, err := os.Stat(p)
			if errors.Is(err, fs.ErrNotExist) {
				continue // deleted since the listing
			}
			if err != nil {
				return nil, err
			}
			o.Tag = fmt.Sprintf("%d/%d", fi.Size(), fi.ModTime().UnixNano())
		}
		out = append(out, o)
	}
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

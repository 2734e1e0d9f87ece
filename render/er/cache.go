package er

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/auroradoc/auroradoc/internal/atomicfile"
)

// Cache keeps rendered SVG by key. Keys are lowercase hex SHA-256 digests
// (see Renderer): safe as file names and object keys. Implementations must
// be safe for concurrent use. A Get that cannot read its entry reports a
// miss; the diagram is then rendered again.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, svg []byte) error
}

// cacheKey returns the key of a diagram: the SHA-256 of the renderer
// version and the DOT source, so a diagram is rendered again when either
// changes.
func cacheKey(dot []byte) string {
	h := sha256.New()
	h.Write([]byte(rendererVersion))
	h.Write([]byte{0})
	h.Write(dot)
	return hex.EncodeToString(h.Sum(nil))
}

// dirCache is a Cache of files <key>.svg in one directory.
type dirCache struct {
	dir string
}

// DirCache returns a Cache that keeps each SVG in a file named by its key
// under dir, creating dir if needed. Files are written to a temporary name
// and renamed into place, so readers, other processes included, never see
// a partial file. Entries are never removed; delete the directory to
// reclaim space.
func DirCache(dir string) (Cache, error) {
	if dir == "" {
		return nil, errors.New("opening diagram cache: no directory given")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("opening diagram cache: %w", err)
	}
	return &dirCache{dir: dir}, nil
}

func (c *dirCache) path(key string) (string, error) {
	if !validKey(key) {
		return "", fmt.Errorf("invalid diagram cache key %q", key)
	}
	return filepath.Join(c.dir, key+".svg"), nil
}

// validKey reports whether key is a lowercase hex SHA-256 digest.
func validKey(key string) bool {
	if len(key) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Get returns the SVG stored under key. Unreadable entries are misses.
func (c *dirCache) Get(key string) ([]byte, bool) {
	p, err := c.path(key)
	if err != nil {
		return nil, false
	}
	b, err := os.ReadFile(p)
	if err != nil || !completeSVG(b) {
		return nil, false
	}
	return b, true
}

// completeSVG reports whether b looks like a whole SVG document: entries
// are not synced to disk one by one, so after a power loss one may be
// empty or cut short, and is then drawn again rather than served.
func completeSVG(b []byte) bool {
	return bytes.HasSuffix(bytes.TrimRight(b, " \t\r\n"), []byte("</svg>"))
}

// Put stores svg under key atomically (package atomicfile), without
// syncing it to disk: the cache is derived data, and Get checks that an
// entry is whole.
func (c *dirCache) Put(key string, svg []byte) error {
	p, err := c.path(key)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFileNoSync(p, svg, 0o644); err != nil {
		return fmt.Errorf("caching diagram %s: %w", key, err)
	}
	return nil
}

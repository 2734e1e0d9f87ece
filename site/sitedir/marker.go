package sitedir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Marker is the file at the root of a site directory that marks it as
// rendered by auroradoc and holds the state of the last render. It is a
// dotfile, so publishing skips it.
const Marker = ".auroradoc-site"

// Header is the part of the marker every reader needs; the renderer's
// state embeds it.
type Header struct {
	Note   string `json:"note"`
	Format int    `json:"format"`
	// Complete is false while a render runs: a render that died half-way
	// leaves it false.
	Complete bool `json:"complete"`
}

// ErrIncomplete is wrapped by CheckComplete's error.
var ErrIncomplete = errors.New("not a completely rendered site")

// CheckComplete returns nil when the marker of dir says its last render
// finished, else an error (wrapping ErrIncomplete) naming the marker and
// saying what is wrong: missing, unreadable or damaged, or left by a
// render that did not finish.
func CheckComplete(dir string) error {
	p := filepath.Join(dir, Marker)
	b, err := os.ReadFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s has no %s, so auroradoc render did not write it (or never started)", ErrIncomplete, dir, Marker)
	case err != nil:
		return fmt.Errorf("%w: reading %s: %v", ErrIncomplete, p, err)
	}
	var h Header
	if err := json.Unmarshal(b, &h); err != nil {
		return fmt.Errorf("%w: %s is damaged or from an older auroradoc (%v)", ErrIncomplete, p, err)
	}
	if !h.Complete {
		return fmt.Errorf("%w: %s says the last render into %s did not finish (\"complete\": false), so pages and assets may be missing", ErrIncomplete, p, dir)
	}
	return nil
}

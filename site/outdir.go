package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// markerFile marks a directory as an auroradoc site: only such a directory
// (or an empty or missing one) is cleared and rebuilt. It is a dotfile, so
// publishing skips it.
const markerFile = ".auroradoc-site"

// prepareOut makes out an empty site directory. A previous site there is
// removed first, so pages of dropped tables or targets do not linger (and
// are then deleted from S3 by publish); a non-empty directory that is not
// an auroradoc site is refused rather than cleared.
func prepareOut(out string) error {
	ents, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(out, 0o755); err != nil {
			return fmt.Errorf("creating site directory: %w", err)
		}
	case err != nil:
		return fmt.Errorf("reading site directory: %w", err)
	case len(ents) > 0:
		if _, err := os.Stat(filepath.Join(out, markerFile)); err != nil {
			return fmt.Errorf("site directory %s is not empty and holds no %s: refusing to replace its contents (choose an empty or new directory)", out, markerFile)
		}
		for _, e := range ents {
			if e.Name() == markerFile {
				continue
			}
			if err := os.RemoveAll(filepath.Join(out, e.Name())); err != nil {
				return fmt.Errorf("clearing the previous site: %w", err)
			}
		}
	}
	return os.WriteFile(filepath.Join(out, markerFile), []byte("written by auroradoc render; the directory is replaced on every render\n"), 0o644)
}

package driftpages

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// driftDir is the directory under the site root that Build owns.
const driftDir = "drift"

// write replaces the site-relative file rel with data unless it already
// holds exactly these bytes (so unchanged pages keep their modification
// time), and records rel as produced by this build.
func (b *builder) write(rel string, data []byte) error {
	b.mu.Lock()
	b.written[rel] = true
	b.mu.Unlock()
	p := filepath.Join(b.out, filepath.FromSlash(rel))
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	if err := b.writeFile(p, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	return nil
}

// prune deletes what is under drift/ but was not produced by this build:
// pages of targets, parameters and months that are gone, temporary files
// of builds that died, and the directories this leaves empty. It runs
// only after every page is written.
func (b *builder) prune(ctx context.Context) error {
	root := filepath.Join(b.out, driftDir)
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if p != root {
				dirs = append(dirs, p)
			}
			return nil
		}
		rel, err := filepath.Rel(b.out, p)
		if err != nil {
			return err
		}
		if b.written[filepath.ToSlash(rel)] {
			return nil
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("deleting drift pages no longer produced: %w", err)
	}
	// A directory sorts before its subdirectories ("a" < "a/b"), so in
	// reverse order one emptied by removing its subdirectories goes too; a
	// directory that still holds something is kept.
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		if ents, err := os.ReadDir(d); err == nil && len(ents) == 0 {
			if err := os.Remove(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("deleting empty drift directory: %w", err)
			}
		}
	}
	return nil
}

package site

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/k1LoW/tbls/schema"
)

// markdown writes the schema's Markdown: straight into place for a new
// target; otherwise into a scratch directory, from which only the files of
// changed tables (and the README when its inputs changed) are copied, and
// only when their bytes differ. Only the changed tables and their
// neighbours are rendered, and the README (from the table list alone)
// when its inputs changed. erImage is the README's link to the schema's ER
// image ("" = none).
func (tb *targetBuilder) markdown(s *schema.Schema, mdDir, erImage string, changed map[string]bool, readmeSame bool) error {
	if tb.o.Markdown == nil {
		return nil
	}
	if tb.w.fresh {
		// Markdown writes the files itself: the directory (new, as the
		// target is) is claimed as a whole.
		if err := tb.claim(mdDir); err != nil {
			return err
		}
		names, err := tb.o.Markdown(tb.ctx, s, filepath.Join(tb.out, filepath.FromSlash(mdDir)), erImage, nil)
		if err != nil {
			return fmt.Errorf("writing Markdown: %w", err)
		}
		for _, n := range names {
			tb.w.keep(mdDir + n)
		}
		tb.stats.written.Add(int64(len(names)))
		return nil
	}
	if readmeSame && len(changed) == 0 {
		tb.w.keep(mdDir + "README.md")
		return nil
	}
	tmp, err := tb.scratch()
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// The changed tables' pages from the reduced schema (they and their
	// neighbours); the README, when its inputs changed, from the table
	// list alone.
	want := map[string]bool{}
	for name := range changed {
		want[mdTableFile(name)] = true
	}
	if len(changed) > 0 {
		if err := tb.markdownInto(reduced(s, changed), tmp, erImage, nil, mdDir, want); err != nil {
			return err
		}
	}
	if readmeSame {
		tb.w.keep(mdDir + "README.md")
		return nil
	}
	return tb.markdownInto(listOnly(s), tmp, erImage, func(string) bool { return false }, mdDir, map[string]bool{"README.md": true})
}

// markdownInto renders s's Markdown into the scratch directory tmp and
// writes the files named in want into the site's mdDir.
func (tb *targetBuilder) markdownInto(s *schema.Schema, tmp, erImage string, pages func(string) bool, mdDir string, want map[string]bool) error {
	names, err := tb.o.Markdown(tb.ctx, s, tmp, erImage, pages)
	if err != nil {
		return fmt.Errorf("writing Markdown: %w", err)
	}
	for _, n := range names {
		if !want[n] {
			continue
		}
		data, err := os.ReadFile(filepath.Join(tmp, n))
		if err != nil {
			return fmt.Errorf("writing Markdown: %w", err)
		}
		if err := tb.w.write(mdDir+n, data); err != nil {
			return err
		}
	}
	return nil
}

// tmpDir holds scratch files of a render when no memory-backed directory
// is at hand; it is a dot-directory, so publishing skips it, and it is
// removed when the render ends.
const tmpDir = ".auroradoc-tmp"

// shmDir is a memory-backed directory on Linux: creating a file there is
// cheap, whereas on a journaling disk each new file costs a few hundred
// microseconds of kernel time (the Markdown scratch files are many).
const shmDir = "/dev/shm"

func (b *builder) scratch() (string, error) {
	if fi, err := os.Stat(shmDir); err == nil && fi.IsDir() {
		if d, err := os.MkdirTemp(shmDir, "auroradoc-md-"); err == nil {
			return d, nil
		}
	}
	root := filepath.Join(b.out, tmpDir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("creating scratch directory: %w", err)
	}
	d, err := os.MkdirTemp(root, "md-")
	if err != nil {
		return "", fmt.Errorf("creating scratch directory: %w", err)
	}
	return d, nil
}

func (b *builder) exists(rel string) bool {
	_, err := os.Lstat(filepath.Join(b.out, filepath.FromSlash(rel)))
	return err == nil
}

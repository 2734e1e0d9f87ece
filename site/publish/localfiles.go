package publish

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"
)

// localFile is a file of the site: rel is its slash-separated path under
// the root, path the file to read (a symlink's resolved target).
type localFile struct {
	rel, path string
}

// digest is what change detection needs of a local file.
type digest struct {
	md5, sha256 string // hex
	size        int64
}

// listLocal lists the files under dir in lexical order, skipping dotfiles,
// dot-directories and editor or download temp files. A symlink to a file
// inside dir is published with its target's content; a symlink pointing
// outside dir, to a directory, or nowhere is refused, as is any file that
// is not regular.
func listLocal(dir string, logger *slog.Logger) ([]localFile, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("resolving site directory %s: %w", dir, err)
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("resolving site directory %s: %w", dir, err)
	}
	if fi, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("reading site directory %s: %w", dir, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("site directory %s is not a directory", dir)
	}
	var files []localFile
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
		if p == root {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return fmt.Errorf("locating %s under %s: %w", p, root, err)
		}
		rel = filepath.ToSlash(rel)
		if skipName(d.Name()) {
			logger.Debug("publish: skipping", "path", rel)
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !utf8.ValidString(rel) {
			return fmt.Errorf("refusing %s: the name is not UTF-8, so it cannot be an S3 key", p)
		}
		switch t := d.Type(); {
		case t.IsDir():
			return nil
		case t.IsRegular():
			files = append(files, localFile{rel: rel, path: p})
			return nil
		case t&fs.ModeSymlink != 0:
			target, err := symlinkTarget(root, p)
			if err != nil {
				return err
			}
			files = append(files, localFile{rel: rel, path: target})
			return nil
		default:
			return fmt.Errorf("refusing %s: not a regular file (%v)", p, t)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("listing site directory %s: %w", dir, err)
	}
	return files, nil
}

// symlinkTarget resolves the symlink at p and checks that it names a
// regular file inside root.
func symlinkTarget(root, p string) (string, error) {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", fmt.Errorf("resolving symlink %s: %w", p, err)
	}
	if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("refusing symlink %s: it points outside %s (to %s)", p, root, target)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return "", fmt.Errorf("reading symlink target %s: %w", target, err)
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("refusing symlink %s: it points to %s, which is not a regular file", p, target)
	}
	return target, nil
}

// skipName reports whether a file or directory named name is left out of
// the site: dotfiles and editor, download or build temp files.
func skipName(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		(len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".tmp", ".temp", ".swp", ".swo", ".part", ".crdownload":
		return true
	}
	return false
}

// digestAll hashes files, concurrency at a time; digests[i] is files[i]'s.
func digestAll(ctx context.Context, files []localFile, concurrency int) ([]digest, error) {
	digests := make([]digest, len(files))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for i, f := range files {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			d, err := digestFile(f.path)
			if err != nil {
				return err
			}
			digests[i] = d
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return digests, nil
}

// digestFile reads the file at p once for its MD5, SHA-256 and size.
func digestFile(p string) (digest, error) {
	f, err := os.Open(p)
	if err != nil {
		return digest{}, fmt.Errorf("hashing %s: %w", p, err)
	}
	defer f.Close()
	m, s := md5.New(), sha256.New()
	n, err := io.Copy(io.MultiWriter(m, s), f)
	if err != nil {
		return digest{}, fmt.Errorf("hashing %s: %w", p, err)
	}
	return digest{md5: hex.EncodeToString(m.Sum(nil)), sha256: hex.EncodeToString(s.Sum(nil)), size: n}, nil
}

package markdown

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/atomicfile"
)

// Options tune WriteSchema.
type Options struct {
	// ERLink, if set, returns the relative path of the ER image to show on
	// a page, e.g. "er/orders.svg": for the README it is called with
	// table "", for a table page with the table's name (schema and table
	// are the original names). The path is written percent-encoded, so it
	// must not be encoded already, and it is always relative (":" is
	// encoded too). An empty result, or a nil ERLink, leaves the page
	// without ER section, like tbls with er.skip.
	ERLink func(schema, table string) string
	// Pages, if set, says which tables get their page rendered and
	// written (by original name); README.md is always written. A re-render
	// of a large schema whose table list changed needs the README of every
	// table but the pages of the changed ones only.
	Pages func(table string) bool
}

// WriteSchema writes the tbls-layout Markdown for one schema into dir
// (README.md plus one file per table, named by TableFile), creating dir if
// needed, and returns the names of the files written, sorted. Everything is
// rendered before the first file is written; each file is written to a
// temporary name and renamed into place. Files already in dir are
// overwritten when they have the same name and otherwise left alone.
func WriteSchema(ctx context.Context, s *schema.Schema, dir string, o Options) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s == nil {
		return nil, errors.New("writing Markdown: no schema")
	}
	files, err := renderSchema(ctx, s, o)
	if err != nil {
		return nil, fmt.Errorf("writing Markdown for schema %q: %w", s.Name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("writing Markdown for schema %q: %w", s.Name, err)
	}
	names := make([]string, 0, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := writeFile(dir, f.name, f.data); err != nil {
			return nil, fmt.Errorf("writing Markdown for schema %q: %w", s.Name, err)
		}
		names = append(names, f.name)
	}
	if err := checkDistinct(dir, names); err != nil {
		return nil, fmt.Errorf("writing Markdown for schema %q: %w", s.Name, err)
	}
	sort.Strings(names)
	return names, nil
}

// writeFile replaces dir/name atomically (package atomicfile), so a
// reader never sees half a file and a symbolic link at the target is
// replaced rather than followed.
func writeFile(dir, name string, data []byte) error {
	if name != filepath.Base(name) || name == "." || name == ".." {
		return fmt.Errorf("unsafe file name %q", name) // cannot happen: TableFile
	}
	return atomicfile.WriteFileNoSync(filepath.Join(dir, name), data, 0o644)
}

// checkDistinct fails when two of the files written are the same file,
// which happens for names that differ only in case on a case-insensitive
// file system: the later one overwrote the earlier.
func checkDistinct(dir string, names []string) error {
	byFold := map[string][]string{}
	for _, n := range names {
		k := strings.ToLower(n)
		byFold[k] = append(byFold[k], n)
	}
	keys := make([]string, 0, len(byFold))
	for k, group := range byFold {
		if len(group) > 1 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		group := byFold[k]
		infos := make([]os.FileInfo, len(group))
		for i, n := range group {
			fi, err := os.Stat(filepath.Join(dir, n))
			if err != nil {
				return err
			}
			infos[i] = fi
		}
		for i := range group {
			for j := i + 1; j < len(group); j++ {
				if os.SameFile(infos[i], infos[j]) {
					return fmt.Errorf("%s and %s are the same file on this file system (names differ only in case)", group[i], group[j])
				}
			}
		}
	}
	return nil
}

package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"

	"github.com/auroradoc/auroradoc/internal/atomicfile"
	"github.com/auroradoc/auroradoc/templates"
)

// stateFormat is the format of the state file; after a file of another
// format everything is rendered again, and only files a render can prove
// an earlier one wrote are deleted (see outDir). The marker's "format" and
// "complete" are read by sitedir.CheckComplete too (before a publish).
const stateFormat = 2

// renderVersion names the renderer's output format. Bump it when the code
// changes what a page or diagram looks like; template and asset edits are
// picked up on their own (siteVersion hashes them).
const renderVersion = "site-2026-12-05.1" // anomalies, crawl.js, table page rows

// state is what the site directory's marker file remembers of the last
// render: per target the hash of its inputs, what the fleet index and the
// search need of it, the files it produced and per table the hash of the
// table page's inputs, so the next render can skip what is unchanged and
// delete what is no longer produced.
type state struct {
	Note   string `json:"note"`
	Format int    `json:"format"`
	// Complete is false while a render runs: a render that died half-way
	// leaves files whose inputs are unknown, so nothing is skipped after it.
	Complete bool   `json:"complete"`
	Version  string `json:"version,omitempty"`
	// Files lists the files not owned by a target (index, search, assets);
	// while a render runs, every file earlier renders wrote (the journal
	// adds those the running render creates).
	Files   []string                `json:"files,omitempty"`
	Targets map[string]*targetState `json:"targets,omitempty"`
}

type targetState struct {
	// Key hashes the target's inputs: the snapshot file's SHA-256, the
	// stale marker and the renderer version; "" = unknown (never skipped).
	Key     string   `json:"key,omitempty"`
	Summary *summary `json:"summary"`
	Files   []string `json:"files"`
	// Tables maps schema → table → hash of the table page's inputs.
	Tables map[string]map[string]string `json:"tables,omitempty"`
	// Schemas maps schema → hash of the Markdown README's inputs.
	Schemas map[string]string `json:"schemas,omitempty"`
}

const stateNote = "written by auroradoc render: the files it lists are replaced or deleted by the next render; drift/ is left alone"

// allFiles lists every file st says a render wrote.
func (st *state) allFiles() []string {
	files := slices.Clone(st.Files)
	for _, t := range st.Targets {
		files = append(files, t.Files...)
	}
	return files
}

// writeState writes st as the marker, atomically (package atomicfile), so
// the marker is never half written.
func writeState(out string, st *state) error {
	st.Note, st.Format = stateNote, stateFormat
	sort.Strings(st.Files)
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encoding site state: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(out, markerFile), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing site state: %w", err)
	}
	return nil
}

// siteVersion identifies what produces the pages: the renderer version,
// the embedded templates and assets, the build of the binary (VCS
// revision, when known) and which options are on. Any change renders
// every target again (files whose bytes do not change are not rewritten).
func siteVersion(o Options) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00er=%T\x00md=%v\x00drift=%v\x00", renderVersion, o.ER, o.Markdown != nil, o.DriftLink)
	for _, fsys := range []fs.FS{templates.HTML, templates.Assets} {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("hashing the templates: %w", err)
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(h, "%s\x00%s\x00", bi.Main.Path, bi.Main.Version)
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				fmt.Fprintf(h, "%s=%s\x00", s.Key, s.Value)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

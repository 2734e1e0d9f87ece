package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/snapshot"
)

// baselineFormat names the baseline file format in its "format" field.
const baselineFormat = "auroradoc-baseline"

const baselineHelp = `Write a drift baseline: the snapshots of one set (default: the latest) as
one deterministic, uncompressed, indented JSON file meant to be committed.
"auroradoc drift --baseline FILE" compares a set against it; in the
drift-gate workflow a pull request that changes the baseline file is how a
change is declared, and the file's git diff shows only real configuration
and schema changes.

Format (format_version 1):

  {
    "format": "auroradoc-baseline",
    "format_version": 1,
    "targets": [ SNAPSHOT, ... ]     sorted by target name
  }

Each SNAPSHOT is a snapshot as in the store (docs/snapshot-format.md),
normalised so that nothing changes without a real change:
  - taken_at is the zero time and crawl warnings are dropped;
  - volatile variables are removed (drift's built-in list plus the
    policy's volatile: patterns with --policy);
  - table sizes and row counts (data_length, index_length, rows) are 0.
Targets that failed in the set are taken from their carried-forward
(stale) snapshot when the set has one, and left out otherwise (a warning
on stderr says so).`

func baselineCommand() *command {
	return &command{
		name:    "baseline",
		summary: "Write a snapshot set as a reviewable drift baseline file",
		usage:   "--store DIR|s3://bucket/prefix [--set ID] [--policy FILE] --out FILE\n\n" + baselineHelp,
		setup: func(fs *flag.FlagSet) func(context.Context, env, []string) int {
			store := fs.String("store", "", "snapshot store: a `directory` or s3://bucket/prefix")
			set := fs.String("set", "", "snapshot set `id` (default: the latest)")
			policyFile := fs.String("policy", "", "drift policy `file` whose volatile: variables are left out too")
			out := fs.String("out", "", "baseline `file` to write (written only on success)")
			lf := addLogFlags(fs)
			return func(ctx context.Context, e env, args []string) int {
				fail := func(err error) int {
					fmt.Fprintf(e.stderr, "auroradoc baseline: %v\n", err)
					return exitUsage
				}
				switch {
				case len(args) > 0:
					return fail(fmt.Errorf("unexpected arguments %q (see --help)", args))
				case *store == "":
					return fail(fmt.Errorf("--store is required"))
				case *out == "":
					return fail(fmt.Errorf("--out is required"))
				}
				logger, err := lf.logger(e.stderr)
				if err != nil {
					return fail(err)
				}
				pol, err := loadPolicy(*policyFile)
				if err != nil {
					return fail(err)
				}
				st, err := openStore(ctx, *store, logger)
				if err != nil {
					return fail(err)
				}
				id := *set
				if id == "" {
					if id, err = st.Latest(ctx); err != nil {
						return fail(err)
					}
				}
				n, warnings, err := writeBaselineFile(ctx, st, id, pol, *out)
				for _, w := range warnings {
					fmt.Fprintf(e.stderr, "auroradoc baseline: warning: %s\n", w)
				}
				if err != nil {
					return fail(err)
				}
				fmt.Fprintf(e.stdout, "baseline of set %s written to %s: %d %s\n", id, *out, n, map[bool]string{true: "target", false: "targets"}[n == 1])
				return exitOK
			}
		},
	}
}

// loadPolicy reads the policy file; no file gives the nil policy, under
// which every change is unexpected.
func loadPolicy(path string) (*policy.Policy, error) {
	if path == "" {
		return nil, nil
	}
	p, err := policy.Load(path)
	if err != nil {
		return nil, fmt.Errorf("policy %s:\n%w", path, err)
	}
	return p, nil
}

// writeBaselineFile writes the baseline of set id to path, one target in
// memory at a time, through a temporary file renamed on success.
func writeBaselineFile(ctx context.Context, st *snapshot.Store, id string, pol *policy.Policy, path string) (n int, warnings []string, err error) {
	m, err := st.Manifest(ctx, id)
	if err != nil {
		return 0, nil, err
	}
	vol := baselineVolatile(pol)
	err = writeAtomic(path, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintf(bw, "{\n  \"format\": %q,\n  \"format_version\": 1,\n  \"targets\": [", baselineFormat)
		for _, ent := range documented(m) { // the manifest is sorted by name
			if !ent.HasSnapshot() {
				warnings = append(warnings, fmt.Sprintf("target %s has no snapshot in set %s (%s): left out of the baseline", ent.Name, id, entryProblem(ent)))
				continue
			}
			s, err := st.Snapshot(ctx, id, ent.Name)
			if err != nil {
				return err
			}
			b, err := json.MarshalIndent(normalizeForBaseline(s, vol), "    ", "  ")
			if err != nil {
				return fmt.Errorf("encoding baseline of %s: %w", ent.Name, err)
			}
			if n > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString("\n    ")
			bw.Write(b)
			n++
		}
		if n > 0 {
			bw.WriteString("\n  ")
		}
		bw.WriteString("]\n}\n")
		return bw.Flush()
	})
	if err != nil {
		return 0, warnings, fmt.Errorf("writing baseline of set %s to %s: %w", id, path, err)
	}
	return n, warnings, nil
}

// baselineVolatile says which variables a baseline leaves out: those drift
// never compares, its built-in list and the policy's volatile: patterns.
func baselineVolatile(pol *policy.Policy) func(string) bool {
	return drift.Options{Volatile: pol.Volatile()}.VolatileMatcher()
}

// normalizeForBaseline returns a copy of s without what changes on its own:
// the time it was taken, crawl warnings, volatile variables, table sizes
// and row counts. s is not modified; the tbls schemas are shared.
func normalizeForBaseline(s *snapshot.Snapshot, volatile func(string) bool) *snapshot.Snapshot {
	c := *s
	c.TakenAt = time.Time{}
	c.Warnings = nil
	c.Variables = make(map[string]string, len(s.Variables))
	for k, v := range s.Variables {
		if !volatile(k) {
			c.Variables[k] = v
		}
	}
	c.Schemas = make([]*snapshot.Schema, len(s.Schemas))
	for i, sc := range s.Schemas {
		cs := *sc
		cs.Tables = make([]*snapshot.TableInfo, len(sc.Tables))
		for j, t := range sc.Tables {
			ct := *t
			ct.DataLength, ct.IndexLength, ct.Rows = 0, 0, 0
			cs.Tables[j] = &ct
		}
		c.Schemas[i] = &cs
	}
	return &c
}

// baseline is a baseline file read back: each target's snapshot kept
// encoded until it is needed, so only one is decoded at a time.
type baseline struct {
	path    string
	names   []string // sorted
	targets map[string]json.RawMessage
}

func readBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	var f struct {
		Format        string            `json:"format"`
		FormatVersion int               `json:"format_version"`
		Targets       []json.RawMessage `json:"targets"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("baseline %s: decoding: %w", path, err)
	}
	if f.Format != baselineFormat {
		return nil, fmt.Errorf("baseline %s: format is %q, want %q (write it with auroradoc baseline)", path, f.Format, baselineFormat)
	}
	if f.FormatVersion != 1 {
		return nil, fmt.Errorf("baseline %s: unsupported format_version %d (this build reads 1)", path, f.FormatVersion)
	}
	b := &baseline{path: path, targets: map[string]json.RawMessage{}}
	for i, raw := range f.Targets {
		var head struct {
			Target struct {
				Name string `json:"name"`
			} `json:"target"`
		}
		if err := json.Unmarshal(raw, &head); err != nil || head.Target.Name == "" {
			return nil, fmt.Errorf("baseline %s: targets[%d] has no target name", path, i)
		}
		if _, dup := b.targets[head.Target.Name]; dup {
			return nil, fmt.Errorf("baseline %s: target %s listed twice", path, head.Target.Name)
		}
		b.targets[head.Target.Name] = raw
		b.names = append(b.names, head.Target.Name)
	}
	sort.Strings(b.names)
	return b, nil
}

// snapshot decodes the baseline snapshot of target name; nil when the
// baseline has none.
func (b *baseline) snapshot(name string) (*snapshot.Snapshot, error) {
	raw, ok := b.targets[name]
	if !ok {
		return nil, nil
	}
	s, err := snapshot.Unmarshal(raw)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: target %s: %w", b.path, name, err)
	}
	return s, nil
}

// writeAtomic writes path through a temporary file in the same directory,
// renamed over path only when write succeeded: on failure nothing is
// written.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// entryProblem says why a manifest entry has no fresh snapshot.
func entryProblem(e *snapshot.Entry) string {
	switch {
	case e.Error != "":
		return e.Status + " (" + e.Error + ")"
	case e.Reason != "":
		return e.Status + " (" + e.Reason + ")"
	}
	return e.Status
}

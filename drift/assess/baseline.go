package assess

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/auroradoc/auroradoc/snapshot"
)

// BaselineFormat names the baseline file format in its "format" field.
const BaselineFormat = "auroradoc-baseline"

// BaselineFormatVersion is the version of the baseline format this build
// reads and writes.
const BaselineFormatVersion = 1

// Baseline is a baseline file read back: each target's snapshot kept
// encoded until it is needed, so only one is decoded at a time.
type Baseline struct {
	// Path is where the baseline was read from; reports name it.
	Path    string
	names   []string // sorted
	targets map[string]json.RawMessage
}

// ReadBaseline reads and checks a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading baseline: %w", err)
	}
	return ParseBaseline(path, data)
}

// ParseBaseline decodes a baseline file's bytes; path names it in errors.
func ParseBaseline(path string, data []byte) (*Baseline, error) {
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
	if f.Format != BaselineFormat {
		return nil, fmt.Errorf("baseline %s: format is %q, want %q (write it with auroradoc baseline)", path, f.Format, BaselineFormat)
	}
	if f.FormatVersion != BaselineFormatVersion {
		return nil, fmt.Errorf("baseline %s: unsupported format_version %d (this build reads %d)", path, f.FormatVersion, BaselineFormatVersion)
	}
	b := &Baseline{Path: path, targets: map[string]json.RawMessage{}}
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

// Label names the baseline as a side of a report ("baseline FILE").
func (b *Baseline) Label() string { return "baseline " + b.Path }

// manifest presents the baseline as a set whose every target holds a
// snapshot, so it pairs with a set by the same rules.
func (b *Baseline) manifest() *snapshot.Manifest {
	m := &snapshot.Manifest{Set: b.Label()}
	for _, n := range b.names {
		m.Targets = append(m.Targets, &snapshot.Entry{Name: n, Status: snapshot.StatusOK, File: n})
	}
	return m
}

// Snapshot decodes the baseline snapshot of target name; nil when the
// baseline has none.
func (b *Baseline) Snapshot(name string) (*snapshot.Snapshot, error) {
	raw, ok := b.targets[name]
	if !ok {
		return nil, nil
	}
	s, err := snapshot.Unmarshal(raw)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: target %s: %w", b.Path, name, err)
	}
	return s, nil
}

// WriteBaseline writes the baseline of the set m to w, one target in
// memory at a time: the documented targets' snapshots normalised by
// NormalizeForBaseline (volatile says which variables to leave out),
// sorted by name, as deterministic indented JSON. A target without a
// snapshot in the set is left out with a warning. n counts the targets
// written.
func WriteBaseline(ctx context.Context, w io.Writer, st *snapshot.Store, m *snapshot.Manifest, volatile func(string) bool) (n int, warnings []string, err error) {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "{\n  \"format\": %q,\n  \"format_version\": %d,\n  \"targets\": [", BaselineFormat, BaselineFormatVersion)
	for _, ent := range m.Targets { // the manifest is sorted by name
		if !documented(ent) {
			continue
		}
		if !ent.HasSnapshot() {
			warnings = append(warnings, fmt.Sprintf("target %s has no snapshot in set %s (%s): left out of the baseline", ent.Name, m.Set, Problem(ent)))
			continue
		}
		s, err := st.Snapshot(ctx, m.Set, ent.Name)
		if err != nil {
			return n, warnings, err
		}
		b, err := json.MarshalIndent(NormalizeForBaseline(s, volatile), "    ", "  ")
		if err != nil {
			return n, warnings, fmt.Errorf("encoding baseline of %s: %w", ent.Name, err)
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
	return n, warnings, bw.Flush()
}

// NormalizeForBaseline returns a copy of s without what changes on its
// own: the time it was taken, crawl warnings, volatile variables, table
// sizes and row counts. s is not modified; the tbls schemas are shared.
func NormalizeForBaseline(s *snapshot.Snapshot, volatile func(string) bool) *snapshot.Snapshot {
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

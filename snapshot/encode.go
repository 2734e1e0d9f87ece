package snapshot

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/k1LoW/tbls/schema"
)

// ErrUnsupportedFormat is returned when a snapshot was written by a newer,
// incompatible auroradoc.
var ErrUnsupportedFormat = errors.New("unsupported snapshot format version")

// Marshal encodes s as indented JSON. Identical snapshots encode to
// identical bytes: slices are kept in the deterministic order the collector
// produced, and maps are written with sorted keys.
func Marshal(s *Snapshot) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encoding snapshot of %s: %w", s.Target.Name, err)
	}
	return buf.Bytes(), nil
}

// Write writes s to w as gzip-compressed JSON. The gzip header carries no
// name and no modification time, so the output is byte-identical for
// identical snapshots.
func Write(w io.Writer, s *Snapshot) error {
	b, err := Marshal(s)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("creating gzip writer: %w", err)
	}
	if _, err := zw.Write(b); err != nil {
		return fmt.Errorf("compressing snapshot of %s: %w", s.Target.Name, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("compressing snapshot of %s: %w", s.Target.Name, err)
	}
	return nil
}

// Read decodes a snapshot written by Write (gzip) or a plain JSON snapshot,
// checks its format version and relinks the tbls relations so the schemas
// can be rendered directly.
func Read(r io.Reader) (*Snapshot, error) {
	br := bufio.NewReader(r)
	var src io.Reader = br
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("opening gzip stream: %w", err)
		}
		defer zr.Close()
		src = zr
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return nil, fmt.Errorf("reading snapshot: %w", err)
	}
	return Unmarshal(data)
}

// Unmarshal decodes a plain JSON snapshot; see Read.
func Unmarshal(data []byte) (*Snapshot, error) {
	var head struct {
		FormatVersion *int `json:"format_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("decoding snapshot: %w", err)
	}
	if head.FormatVersion == nil {
		return nil, fmt.Errorf("decoding snapshot: no format_version: not an auroradoc snapshot")
	}
	if *head.FormatVersion < 1 || *head.FormatVersion > FormatVersion {
		return nil, fmt.Errorf("%w %d (this build reads up to %d)", ErrUnsupportedFormat, *head.FormatVersion, FormatVersion)
	}
	s := &Snapshot{}
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("decoding snapshot: %w", err)
	}
	for _, sc := range s.Schemas {
		if sc.Tbls == nil {
			return nil, fmt.Errorf("decoding snapshot of %s: schema %q has no tbls section", s.Target.Name, sc.Name)
		}
		if err := Relink(sc.Tbls); err != nil {
			return nil, fmt.Errorf("decoding snapshot of %s: schema %q: %w", s.Target.Name, sc.Name, err)
		}
	}
	return s, nil
}

// Relink restores the pointers between relations, tables and columns of a
// tbls schema decoded from JSON. Unlike tbls' own Schema.Repair it accepts
// relations whose parent table lives in another schema: such parents become
// External tables with placeholder columns, exactly as tbls' MySQL driver
// builds them when crawling.
func Relink(s *schema.Schema) error {
	// FindTableByName scans every table: index them once (the first of a
	// name wins, as there).
	byName := make(map[string]*schema.Table, len(s.Tables))
	for _, t := range s.Tables {
		n := s.NormalizeTableName(t.Name)
		if _, dup := byName[n]; !dup {
			byName[n] = t
		}
	}
	find := func(name string) (*schema.Table, error) {
		if t, ok := byName[s.NormalizeTableName(name)]; ok {
			return t, nil
		}
		return nil, fmt.Errorf("not found table '%s'", name)
	}
	for _, t := range s.Tables {
		for i, rt := range t.ReferencedTables {
			if tt, err := find(rt.Name); err == nil {
				t.ReferencedTables[i] = tt
			} else {
				rt.External = true
			}
		}
	}
	for _, r := range s.Relations {
		t, err := find(r.Table.Name)
		if err != nil {
			return fmt.Errorf("relation %q: child table: %w", r.Def, err)
		}
		r.Table = t
		for i, rc := range r.Columns {
			c, err := t.FindColumnByName(rc.Name)
			if err != nil {
				return fmt.Errorf("relation %q: %w", r.Def, err)
			}
			c.ParentRelations = append(c.ParentRelations, r)
			r.Columns[i] = c
		}
		pt, err := find(r.ParentTable.Name)
		if err != nil {
			r.ParentTable.External = true
			continue
		}
		r.ParentTable = pt
		for i, pc := range r.ParentColumns {
			c, err := pt.FindColumnByName(pc.Name)
			if err != nil {
				return fmt.Errorf("relation %q: %w", r.Def, err)
			}
			c.ChildRelations = append(c.ChildRelations, r)
			r.ParentColumns[i] = c
		}
	}
	return nil
}

package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// targetKey hashes what a target's pages are made of: the snapshot file
// (its SHA-256 in the manifest), the stale marker shown on its page and
// the renderer version. "" when the manifest has no hash (in-memory
// input): such a target is always rendered.
func targetKey(version string, e *snapshot.Entry) string {
	if e.SHA256 == "" {
		return ""
	}
	h := sha256.New()
	field(h, version, e.Name, e.SHA256)
	if e.Stale() {
		since := ""
		if e.StaleSince != nil {
			since = e.StaleSince.UTC().String()
		}
		field(h, e.Status, e.Error, e.Reason, e.StaleFrom, since)
	}
	return sum(h)
}

// field writes NUL-terminated strings, so "ab","c" and "a","bc" differ.
func field(h hash.Hash, ss ...string) {
	for _, s := range ss {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
}

func sum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil))[:32] }

// schemaKeys are the input hashes of one schema's outputs.
type schemaKeys struct {
	// tables maps a table to the hash of its page's inputs: the table
	// itself with its storage facts, its relations and the tables at their
	// other ends (their content is drawn in the table's diagram).
	tables map[string]string
	// diagrams hashes the schema diagram's inputs (every table and
	// relation); readme the Markdown README's (schema facts and the list of
	// tables with their column counts and comments).
	diagrams, readme string
}

// hashSchema computes the keys of sc's outputs.
func hashSchema(version, target string, sc *snapshot.Schema, withMD bool) (*schemaKeys, error) {
	s := sc.Tbls
	infos := map[string]*snapshot.TableInfo{}
	for _, t := range sc.Tables {
		infos[t.Name] = t
	}
	own := make(map[*schema.Table]string, len(s.Tables))
	ownOf := func(t *schema.Table) (string, error) {
		if k, ok := own[t]; ok {
			return k, nil
		}
		h := sha256.New()
		if t.External {
			field(h, "external", t.Name)
		} else {
			b, err := json.Marshal(t)
			if err != nil {
				return "", fmt.Errorf("hashing table %s: %w", t.Name, err)
			}
			h.Write(b)
			if info := infos[t.Name]; info != nil {
				b, _ := json.Marshal(info)
				h.Write(b)
			}
		}
		k := sum(h)
		own[t] = k
		return k, nil
	}
	all := sha256.New()
	readme := sha256.New()
	field(readme, version, target, fmt.Sprint(withMD))
	meta := *s
	meta.Tables, meta.Relations, meta.Viewpoints = nil, nil, nil
	b, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("hashing schema %s: %w", s.Name, err)
	}
	readme.Write(b)
	field(all, version, target, sc.Name, sc.Collation)
	for _, t := range s.Tables {
		k, err := ownOf(t)
		if err != nil {
			return nil, err
		}
		field(all, k)
		field(readme, t.Name, t.Type, t.Comment, fmt.Sprint(len(t.Columns)), fmt.Sprint(t.Labels))
	}
	rels := map[*schema.Table][]string{}
	for _, r := range s.Relations {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("hashing a relation of %s: %w", s.Name, err)
		}
		field(all, string(b))
		po, err := ownOf(r.ParentTable)
		if err != nil {
			return nil, err
		}
		co, err := ownOf(r.Table)
		if err != nil {
			return nil, err
		}
		rels[r.Table] = append(rels[r.Table], string(b), po)
		if r.ParentTable != r.Table {
			rels[r.ParentTable] = append(rels[r.ParentTable], string(b), co)
		}
	}
	k := &schemaKeys{tables: make(map[string]string, len(s.Tables)), diagrams: sum(all), readme: sum(readme)}
	for _, t := range s.Tables {
		h := sha256.New()
		field(h, version, target, sc.Name, own[t], fmt.Sprint(withMD))
		field(h, rels[t]...)
		for _, rt := range t.ReferencedTables {
			o, err := ownOf(rt)
			if err != nil {
				return nil, err
			}
			field(h, o)
		}
		k.tables[t.Name] = sum(h)
	}
	return k, nil
}

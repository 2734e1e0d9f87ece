package yamlstrict

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Decoder walks a yaml.Node tree, recording every problem it meets with its
// position and key path instead of stopping at the first. Parse makes one
// per file.
type Decoder struct {
	source string
	errs   []*Error
}

// Errorf records a problem at n (nil: the whole file) under path.
func (d *Decoder) Errorf(n *yaml.Node, path, format string, args ...any) {
	e := &Error{File: d.source, Path: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// Field is one key a mapping accepts. Decode gets the key's value (aliases
// resolved) and its key path. A Field with Forbidden set is a key that is
// recognised only to be refused with that message; it needs no Decode.
type Field struct {
	Key       string
	Decode    func(v *yaml.Node, path string)
	Forbidden string
}

// Mapping decodes the mapping n at path with fields, reporting unknown,
// forbidden and duplicate keys. A null n is an empty mapping. It returns
// the key nodes of the accepted keys present, and of the keys an unknown
// key was taken for a misspelling of; nil when n is not a mapping.
func (d *Decoder) Mapping(n *yaml.Node, path string, fields []Field) map[string]*yaml.Node {
	if IsNull(n) {
		return map[string]*yaml.Node{}
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, "must be a mapping of keys to values, got %s", Describe(n))
		return nil
	}
	byKey := make(map[string]Field, len(fields))
	var known []string
	for _, f := range fields {
		byKey[f.Key] = f
		if f.Forbidden == "" {
			known = append(known, f.Key)
		}
	}
	present := map[string]*yaml.Node{}
	for _, e := range d.Entries(n, path) {
		k := e.Key.Value
		kp := Join(path, k)
		f, ok := byKey[k]
		switch {
		case !ok:
			if s := Suggest(k, known); s != "" {
				d.Errorf(e.Key, kp, "unknown key (did you mean %q?)", s)
				if present[s] == nil {
					present[s] = e.Key // a misspelt required key is not also "missing"
				}
			} else {
				d.Errorf(e.Key, kp, "unknown key (known keys here: %s)", strings.Join(known, ", "))
			}
		case f.Forbidden != "":
			d.Errorf(e.Key, kp, "%s", f.Forbidden)
		default:
			present[k] = e.Key
			f.Decode(Resolve(e.Val), kp)
		}
	}
	return present
}

// Entry is one key: value pair of a mapping. Val is as written: it may be
// an alias.
type Entry struct{ Key, Val *yaml.Node }

// Entries returns the pairs of the mapping n in order, reporting duplicate
// keys and non-scalar keys. Merge keys (<<: *anchor) are expanded: merged
// pairs come after the mapping's own and never override them, and earlier
// merged mappings win over later ones, as YAML specifies. It is for
// mappings whose keys are data (names) rather than a fixed set.
func (d *Decoder) Entries(n *yaml.Node, path string) []Entry {
	var own, merged []Entry
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind == yaml.ScalarNode && k.Tag == "!!merge":
			merged = append(merged, d.merge(v, path)...)
		case k.Kind != yaml.ScalarNode || IsNull(k):
			d.Errorf(k, path, "keys must be plain names, got %s", Describe(k))
		case first[k.Value] != nil:
			d.Errorf(k, Join(path, k.Value), "duplicate key (first set at line %d)", first[k.Value].Line)
		default:
			first[k.Value] = k
			own = append(own, Entry{k, v})
		}
	}
	for _, e := range merged {
		if first[e.Key.Value] == nil {
			first[e.Key.Value] = e.Key
			own = append(own, e)
		}
	}
	return own
}

// merge returns the pairs a merge key's value brings in.
func (d *Decoder) merge(v *yaml.Node, path string) []Entry {
	v = Resolve(v)
	switch v.Kind {
	case yaml.MappingNode:
		return d.Entries(v, path)
	case yaml.SequenceNode:
		var out []Entry
		for _, item := range v.Content {
			if item = Resolve(item); item.Kind != yaml.MappingNode {
				d.Errorf(item, Join(path, "<<"), "merge (<<) takes mappings, got %s", Describe(item))
				continue
			}
			out = append(out, d.Entries(item, path)...)
		}
		return out
	}
	d.Errorf(v, Join(path, "<<"), "merge (<<) takes a mapping or a list of mappings, got %s", Describe(v))
	return nil
}

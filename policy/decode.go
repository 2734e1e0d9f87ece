package policy

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder walks a yaml.Node tree, recording every problem it meets with its
// position and key path instead of stopping at the first.
type decoder struct {
	source string
	errs   []*Error
}

// errorf records a problem at n (nil: the whole file) under path.
func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	e := &Error{File: d.source, Path: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// field is one key a mapping accepts. decode gets the key's value (aliases
// resolved) and its key path. A field with forbidden set is a key that is
// recognised only to be refused with that message.
type field struct {
	key       string
	decode    func(v *yaml.Node, path string)
	forbidden string
}

// mapping decodes the mapping n at path with fields, reporting unknown,
// forbidden and duplicate keys. A null n is an empty mapping. It returns
// the key nodes of the accepted keys present, and of the keys an unknown
// key was taken for a misspelling of; nil when n is not a mapping.
func (d *decoder) mapping(n *yaml.Node, path string, fields []field) map[string]*yaml.Node {
	if isNull(n) {
		return map[string]*yaml.Node{}
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "must be a mapping of keys to values, got %s", describe(n))
		return nil
	}
	byKey := make(map[string]field, len(fields))
	var known []string
	for _, f := range fields {
		byKey[f.key] = f
		if f.forbidden == "" {
			known = append(known, f.key)
		}
	}
	present := map[string]*yaml.Node{}
	for _, e := range d.entries(n, path) {
		k := e.key.Value
		kp := join(path, k)
		f, ok := byKey[k]
		switch {
		case !ok:
			if s := suggest(k, known); s != "" {
				d.errorf(e.key, kp, "unknown key (did you mean %q?)", s)
				if present[s] == nil {
					present[s] = e.key // a misspelt required key is not also "missing"
				}
			} else {
				d.errorf(e.key, kp, "unknown key (known keys here: %s)", strings.Join(known, ", "))
			}
		case f.forbidden != "":
			d.errorf(e.key, kp, "%s", f.forbidden)
		default:
			present[k] = e.key
			f.decode(resolve(e.val), kp)
		}
	}
	return present
}

// entry is one key: value pair of a mapping.
type entry struct{ key, val *yaml.Node }

// entries returns the pairs of the mapping n in order, reporting duplicate
// keys and non-scalar keys. Merge keys (<<: *anchor) are expanded: merged
// pairs come after the mapping's own and never override them, and earlier
// merged mappings win over later ones, as YAML specifies.
func (d *decoder) entries(n *yaml.Node, path string) []entry {
	var own, merged []entry
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind == yaml.ScalarNode && k.Tag == "!!merge":
			merged = append(merged, d.merge(v, path)...)
		case k.Kind != yaml.ScalarNode || isNull(k):
			d.errorf(k, path, "keys must be plain names, got %s", describe(k))
		case first[k.Value] != nil:
			d.errorf(k, join(path, k.Value), "duplicate key (first set at line %d)", first[k.Value].Line)
		default:
			first[k.Value] = k
			own = append(own, entry{k, v})
		}
	}
	for _, e := range merged {
		if first[e.key.Value] == nil {
			first[e.key.Value] = e.key
			own = append(own, e)
		}
	}
	return own
}

// merge returns the pairs a merge key's value brings in.
func (d *decoder) merge(v *yaml.Node, path string) []entry {
	v = resolve(v)
	switch v.Kind {
	case yaml.MappingNode:
		return d.entries(v, path)
	case yaml.SequenceNode:
		var out []entry
		for _, item := range v.Content {
			if item = resolve(item); item.Kind != yaml.MappingNode {
				d.errorf(item, join(path, "<<"), "merge (<<) takes mappings, got %s", describe(item))
				continue
			}
			out = append(out, d.entries(item, path)...)
		}
		return out
	}
	d.errorf(v, join(path, "<<"), "merge (<<) takes a mapping or a list of mappings, got %s", describe(v))
	return nil
}

// str decodes a string scalar. Numbers are taken as written (port-like
// names and user names may look numeric); null, booleans and collections
// are refused.
func (d *decoder) str(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) || n.Tag == "!!bool" {
		hint := ""
		if n.Tag == "!!bool" {
			hint = fmt.Sprintf(" (quote it: \"%s\")", n.Value)
		}
		d.errorf(n, path, "must be a string, got %s%s", describe(n), hint)
		return "", false
	}
	return n.Value, true
}

// nonEmpty decodes a string that must not be empty.
func (d *decoder) nonEmpty(n *yaml.Node, path string) (string, bool) {
	s, ok := d.str(n, path)
	if ok && s == "" {
		d.errorf(n, path, "must not be empty")
		return "", false
	}
	return s, ok
}

// item is one accepted string of a list, with its node and key path.
type item struct {
	val  string
	node *yaml.Node
	path string
}

// items decodes a list of strings, calling check (if not nil) on each; check
// returns a problem or "". Items that are not strings or fail check are
// reported and left out. A null n is an empty list; example is a valid list
// shown when n is not a list.
func (d *decoder) items(n *yaml.Node, path, example string, check func(string) string) []item {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "must be a list such as %s, got %s", example, describe(n))
		return nil
	}
	var out []item
	for i, v := range n.Content {
		v = resolve(v)
		ip := index(path, i)
		s, ok := d.str(v, ip)
		if !ok {
			continue
		}
		if check != nil {
			if msg := check(s); msg != "" {
				d.errorf(v, ip, "%s", msg)
				continue
			}
		}
		out = append(out, item{s, v, ip})
	}
	return out
}

// values returns the strings of items.
func values(items []item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.val)
	}
	return out
}

// set decodes a non-empty list of distinct strings, calling check (if not
// nil) on each; what names an item in messages ("region"). An empty or null
// list is reported, as are repeated items.
func (d *decoder) set(n *yaml.Node, path, what, example string, check func(string) string) []item {
	if isNull(n) || (n.Kind == yaml.SequenceNode && len(n.Content) == 0) {
		d.errorf(n, path, "must list at least one %s, such as %s", what, example)
		return nil
	}
	var out []item
	first := map[string]*yaml.Node{}
	for _, it := range d.items(n, path, example, check) {
		if prev := first[it.val]; prev != nil {
			d.errorf(it.node, it.path, "duplicate %s %q (first listed at line %d)", what, it.val, prev.Line)
			continue
		}
		first[it.val] = it.node
		out = append(out, it)
	}
	return out
}

// orList writes choices as "a, b or c".
func orList(choices []string) string {
	if len(choices) < 2 {
		return strings.Join(choices, "")
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}

// resolve follows aliases (*anchor) to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// describe names what n holds, for "got ..." in messages.
func describe(n *yaml.Node) string {
	switch {
	case isNull(n):
		return "nothing (null)"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!str":
		return "string " + strconv.Quote(n.Value)
	case "!!int":
		return "integer " + n.Value
	case "!!float":
		return "number " + n.Value
	case "!!bool":
		return "boolean " + n.Value
	}
	return strconv.Quote(n.Value)
}

// join appends key to a key path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// index appends a list index to a key path.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

package yamlstrict

import "gopkg.in/yaml.v3"

// Item is one accepted string of a list, with its node and key path.
type Item struct {
	Val  string
	Node *yaml.Node
	Path string
}

// Items decodes a list of strings, calling check (if not nil) on each; check
// returns a problem or "". Items that are not strings or fail check are
// reported and left out. A null n is an empty list; example is a valid list
// shown when n is not a list.
func (d *Decoder) Items(n *yaml.Node, path, example string, check func(string) string) []Item {
	if IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, "must be a list such as %s, got %s", example, Describe(n))
		return nil
	}
	var out []Item
	for i, v := range n.Content {
		v = Resolve(v)
		ip := Index(path, i)
		s, ok := d.Str(v, ip)
		if !ok {
			continue
		}
		if check != nil {
			if msg := check(s); msg != "" {
				d.Errorf(v, ip, "%s", msg)
				continue
			}
		}
		out = append(out, Item{s, v, ip})
	}
	return out
}

// StringList is Items without the nodes: the accepted strings.
func (d *Decoder) StringList(n *yaml.Node, path, example string, check func(string) string) []string {
	return Values(d.Items(n, path, example, check))
}

// Values returns the strings of items.
func Values(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Val)
	}
	return out
}

// Set decodes a non-empty list of distinct strings, calling check (if not
// nil) on each; what names an item in messages ("region"). An empty or null
// list is reported, as are repeated items.
func (d *Decoder) Set(n *yaml.Node, path, what, example string, check func(string) string) []Item {
	if IsNull(n) || (n.Kind == yaml.SequenceNode && len(n.Content) == 0) {
		d.Errorf(n, path, "must list at least one %s, such as %s", what, example)
		return nil
	}
	var out []Item
	first := map[string]*yaml.Node{}
	for _, it := range d.Items(n, path, example, check) {
		if prev := first[it.Val]; prev != nil {
			d.Errorf(it.Node, it.Path, "duplicate %s %q (first listed at line %d)", what, it.Val, prev.Line)
			continue
		}
		first[it.Val] = it.Node
		out = append(out, it)
	}
	return out
}

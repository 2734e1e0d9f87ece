package yamlstrict

import "gopkg.in/yaml.v3"

// Tags decodes a mapping of AWS tag keys to values, as written to select
// resources by their tags ("*": any value); nil when absent or empty.
func (d *Decoder) Tags(n *yaml.Node, path string) map[string]string {
	if IsNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, "must be a mapping of tag keys to values such as {env: prd}, got %s", Describe(n))
		return nil
	}
	var out map[string]string
	for _, e := range d.Entries(n, path) {
		kp := Join(path, e.Key.Value)
		v := Resolve(e.Val)
		if e.Key.Value == "" {
			d.Errorf(e.Key, path, "tag keys must not be empty")
			continue
		}
		if IsNull(v) {
			d.Errorf(v, kp, `needs a value: the tag's value, or "*" for any value`)
			continue
		}
		if s, ok := d.Str(v, kp); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[e.Key.Value] = s
		}
	}
	return out
}

package yamlstrict

import (
	"fmt"
	"slices"
	"time"

	"gopkg.in/yaml.v3"
)

// Str decodes a string scalar. Numbers are taken as written (port-like
// names and user names may look numeric); null, booleans and collections
// are refused.
func (d *Decoder) Str(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || IsNull(n) || n.Tag == "!!bool" {
		hint := ""
		if n.Tag == "!!bool" {
			hint = fmt.Sprintf(" (quote it: \"%s\")", n.Value)
		}
		d.Errorf(n, path, "must be a string, got %s%s", Describe(n), hint)
		return "", false
	}
	return n.Value, true
}

// NonEmpty decodes a string that must not be empty.
func (d *Decoder) NonEmpty(n *yaml.Node, path string) (string, bool) {
	s, ok := d.Str(n, path)
	if ok && s == "" {
		d.Errorf(n, path, "must not be empty")
		return "", false
	}
	return s, ok
}

// IntIn returns a field decoder storing an integer in lo..hi into dst.
func (d *Decoder) IntIn(dst *int, lo, hi int) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		var i int
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
			d.Errorf(n, path, "must be a whole number from %d to %d, got %s", lo, hi, Describe(n))
			return
		}
		if i < lo || i > hi {
			d.Errorf(n, path, "must be from %d to %d, got %d", lo, hi, i)
			return
		}
		*dst = i
	}
}

// Duration returns a field decoder storing a Go duration of at least min
// into dst.
func (d *Decoder) Duration(dst *time.Duration, min time.Duration) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
			d.Errorf(n, path, "must be a duration with a unit such as 90s, 10m or 1h30m, got %s", Describe(n))
			return
		}
		v, err := time.ParseDuration(n.Value)
		if err != nil {
			d.Errorf(n, path, "invalid duration %q: use a number with a unit such as 90s, 10m or 1h30m", n.Value)
			return
		}
		if v < min {
			d.Errorf(n, path, "must be at least %s, got %s", min, v)
			return
		}
		*dst = v
	}
}

// OneOf returns a field decoder storing one of the allowed strings into
// dst.
func (d *Decoder) OneOf(dst *string, allowed ...string) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && slices.Contains(allowed, n.Value) {
			*dst = n.Value
			return
		}
		d.Errorf(n, path, "must be %s, got %s", OrList(allowed), Describe(n))
	}
}

// Boolean returns a field decoder storing true or false into dst.
func (d *Decoder) Boolean(dst *bool) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		var b bool
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
			d.Errorf(n, path, "must be true or false, got %s", Describe(n))
			return
		}
		*dst = b
	}
}

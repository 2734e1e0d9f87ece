package policy

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// Load reads the policy file at path and parses it. Problems with the
// file's contents are reported as *Errors.
func Load(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read policy file: %w", err)
	}
	return Parse(path, data)
}

// LoadOptional is Load for an optional file: no path gives the nil
// policy (every change unexpected), and errors name the file.
func LoadOptional(path string) (*Policy, error) {
	if path == "" {
		return nil, nil
	}
	p, err := Load(path)
	if err != nil {
		return nil, fmt.Errorf("policy %s:\n%w", path, err)
	}
	return p, nil
}

// Parse parses and validates a policy; name names it in messages
// (normally the file's path). An empty document is an empty policy. On
// any problem it returns nil and an *Errors listing every problem found.
func Parse(name string, data []byte) (*Policy, error) {
	p := &Policy{source: name}
	err := yamlstrict.Parse(name, data, func(d *yamlstrict.Decoder, n *yaml.Node) {
		(&decoder{d}).root(n, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// decoder is a yamlstrict.Decoder that also knows the sections of the
// policy file (sections.go) and its values (values.go).
type decoder struct {
	*yamlstrict.Decoder
}

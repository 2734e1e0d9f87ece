package config

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// Load reads the configuration file at path and parses it. Problems with
// the file's contents are reported as *Errors.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config file: %w", err)
	}
	return Parse(data, path)
}

// Parse parses and validates a configuration; source names it in messages
// (normally the file's path). Absent optional keys get their defaults. On
// any problem it returns nil and an *Errors listing every problem found.
func Parse(data []byte, source string) (*Config, error) {
	cfg := &Config{Source: source}
	err := yamlstrict.Parse(source, data, func(d *yamlstrict.Decoder, n *yaml.Node) {
		(&decoder{d}).root(n, cfg)
	})
	if err != nil {
		return nil, err
	}
	return cfg, nil
}

// decoder is a yamlstrict.Decoder that also knows the sections of
// auroradoc.yaml (sections.go, aws_sections.go, job_sections.go).
type decoder struct {
	*yamlstrict.Decoder
}

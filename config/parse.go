package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlSyntaxError picks the line out of yaml.v3's syntax errors.
var yamlSyntaxError = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

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
	d := &decoder{source: source}
	root := d.document(data)
	cfg := &Config{Source: source}
	if root != nil || len(d.errs) == 0 { // after a syntax error there is nothing to check
		d.root(root, cfg)
	}
	if err := collect(d.errs); err != nil {
		return nil, err
	}
	return cfg, nil
}

// document returns the top node of the single YAML document in data, or
// nil when the file holds no document or an empty one. Syntax errors and
// extra documents are recorded.
func (d *decoder) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			d.syntaxError(err)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		d.syntaxError(err)
	case !isNull(body(&extra)):
		d.errorf(body(&extra), "", "a second YAML document (after ---) is not allowed; put everything in one document")
	}
	return body(&doc)
}

// body returns the content of a document node, nil for an empty one.
func body(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	n := resolve(doc.Content[0])
	if isNull(n) {
		return nil
	}
	return n
}

// syntaxError records a YAML syntax error, with its line when yaml.v3 gave
// one. yaml.v3 often gives the line where the enclosing block starts, not
// the line of the mistake, and the message says so.
func (d *decoder) syntaxError(err error) {
	e := &Error{File: d.source, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	if m := yamlSyntaxError.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = "invalid YAML on this line or below: " + m[2]
	}
	d.errs = append(d.errs, e)
}

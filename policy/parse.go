package policy

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

// Load reads the policy file at path and parses it. Problems with the
// file's contents are reported as *Errors.
func Load(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read policy file: %w", err)
	}
	return Parse(path, data)
}

// Parse parses and validates a policy; name names it in messages
// (normally the file's path). An empty document is an empty policy. On
// any problem it returns nil and an *Errors listing every problem found.
func Parse(name string, data []byte) (*Policy, error) {
	d := &decoder{source: name}
	root := d.document(data)
	p := &Policy{source: name}
	if root != nil || len(d.errs) == 0 { // after a syntax error there is nothing to check
		d.root(root, p)
	}
	if err := collect(d.errs); err != nil {
		return nil, err
	}
	return p, nil
}

// yamlSyntaxError picks the line out of yaml.v3's syntax errors.
var yamlSyntaxError = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

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
// one (often the line where the enclosing block starts).
func (d *decoder) syntaxError(err error) {
	e := &Error{File: d.source, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	if m := yamlSyntaxError.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = "invalid YAML on this line or below: " + m[2]
	}
	d.errs = append(d.errs, e)
}

package yamlstrict

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// syntaxErrorLine picks the line out of yaml.v3's syntax errors.
var syntaxErrorLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse decodes the single YAML document in data; name names the file in
// messages (normally its path). root is called with a Decoder and the
// document's top node (aliases resolved), nil when the file holds no
// document or an empty one; it is not called after a syntax error that
// leaves no document to check. Parse returns nil, or an *Errors listing
// every problem found by itself and by root, in file order.
func Parse(name string, data []byte, root func(d *Decoder, n *yaml.Node)) error {
	d := &Decoder{source: name}
	top := d.document(data)
	if top != nil || len(d.errs) == 0 {
		root(d, top)
	}
	return collect(d.errs)
}

// document returns the top node of the single YAML document in data, or
// nil when the file holds no document or an empty one. Syntax errors and
// extra documents are recorded.
func (d *Decoder) document(data []byte) *yaml.Node {
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
	case !IsNull(body(&extra)):
		d.Errorf(body(&extra), "", "a second YAML document (after ---) is not allowed; put everything in one document")
	}
	return body(&doc)
}

// body returns the content of a document node, nil for an empty one.
func body(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	n := Resolve(doc.Content[0])
	if IsNull(n) {
		return nil
	}
	return n
}

// syntaxError records a YAML syntax error, with its line when yaml.v3 gave
// one. yaml.v3 often gives the line where the enclosing block starts, not
// the line of the mistake, and the message says so.
func (d *Decoder) syntaxError(err error) {
	e := &Error{File: d.source, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	if m := syntaxErrorLine.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = "invalid YAML on this line or below: " + m[2]
	}
	d.errs = append(d.errs, e)
}

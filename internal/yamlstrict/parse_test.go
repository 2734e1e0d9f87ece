package yamlstrict

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// server is what the test schema decodes into.
type server struct {
	Name    string
	Port    int
	Timeout time.Duration
	Mode    string
	Debug   bool
	Tags    []string
}

// decodeServer is a small schema: a root mapping with a server: section.
func decodeServer(s *server) func(*Decoder, *yaml.Node) {
	return func(d *Decoder, n *yaml.Node) {
		d.Mapping(n, "", []Field{
			{Key: "server", Decode: func(v *yaml.Node, path string) {
				present := d.Mapping(v, path, []Field{
					{Key: "name", Decode: func(v *yaml.Node, p string) { s.Name, _ = d.NonEmpty(v, p) }},
					{Key: "port", Decode: d.IntIn(&s.Port, 1, 65535)},
					{Key: "timeout", Decode: d.Duration(&s.Timeout, time.Second)},
					{Key: "mode", Decode: d.OneOf(&s.Mode, "fast", "safe", "slow")},
					{Key: "debug", Decode: d.Boolean(&s.Debug)},
					{Key: "tags", Decode: func(v *yaml.Node, p string) { s.Tags = d.StringList(v, p, "[a, b]", nil) }},
					{Key: "password", Forbidden: "no passwords here"},
				})
				if present != nil && present["name"] == nil {
					d.Errorf(v, Join(path, "name"), "required key is missing")
				}
			}},
		})
	}
}

// parseServer parses src with the test schema and returns the server and
// the error text.
func parseServer(t *testing.T, src string) (server, string) {
	t.Helper()
	var s server
	err := Parse("s.yaml", []byte(src), decodeServer(&s))
	if err == nil {
		return s, ""
	}
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %v is %T, not *Errors", err, err)
	}
	if len(errs.Unwrap()) != len(errs.List) {
		t.Errorf("Unwrap returned %d errors for %d problems", len(errs.Unwrap()), len(errs.List))
	}
	return s, err.Error()
}

func TestParseValid(t *testing.T) {
	s, errs := parseServer(t, "server:\n  name: db1\n  port: 3307\n  timeout: 1m30s\n  mode: safe\n  debug: true\n  tags: [a, 42]\n")
	if errs != "" {
		t.Fatalf("unexpected errors:\n%s", errs)
	}
	want := server{Name: "db1", Port: 3307, Timeout: 90 * time.Second, Mode: "safe", Debug: true, Tags: []string{"a", "42"}}
	if s.Name != want.Name || s.Port != want.Port || s.Timeout != want.Timeout || s.Mode != want.Mode ||
		s.Debug != want.Debug || strings.Join(s.Tags, ",") != "a,42" {
		t.Errorf("got %+v, want %+v", s, want)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown key with suggestion, not also missing",
			"server:\n  nmae: db1\n",
			`s.yaml:2:3: server.nmae: unknown key (did you mean "name"?)`},
		{"unknown key without suggestion",
			"server:\n  name: a\n  colour: red\n",
			"s.yaml:3:3: server.colour: unknown key (known keys here: name, port, timeout, mode, debug, tags)"},
		{"wrong type: list for a string",
			"server: {name: [a]}\n",
			"s.yaml:1:16: server.name: must be a string, got a list"},
		{"wrong type: boolean for a string, with a hint",
			"server: {name: true}\n",
			`s.yaml:1:16: server.name: must be a string, got boolean true (quote it: "true")`},
		{"wrong type: mapping expected",
			"server: 5\n",
			"s.yaml:1:9: server: must be a mapping of keys to values, got integer 5"},
		{"integer out of range",
			"server: {name: a, port: 70000}\n",
			"s.yaml:1:25: server.port: must be from 1 to 65535, got 70000"},
		{"duration too short",
			"server: {name: a, timeout: 10ms}\n",
			"s.yaml:1:28: server.timeout: must be at least 1s, got 10ms"},
		{"one of",
			"server: {name: a, mode: quick}\n",
			`s.yaml:1:25: server.mode: must be fast, safe or slow, got string "quick"`},
		{"forbidden key",
			"server: {name: a, password: x}\n",
			"s.yaml:1:19: server.password: no passwords here"},
		{"duplicate key",
			"server:\n  name: a\n  name: b\n",
			"s.yaml:3:3: server.name: duplicate key (first set at line 2)"},
		{"required key missing",
			"server: {port: 1}\n",
			"s.yaml:1:9: server.name: required key is missing"},
		{"second document",
			"server: {name: a}\n---\nserver: {name: b}\n",
			"s.yaml:3:1: a second YAML document (after ---) is not allowed; put everything in one document"},
		{"syntax error with the line yaml.v3 gives (where the block starts)",
			"server:\n  name: [a\n",
			"s.yaml:1: invalid YAML on this line or below: did not find expected ',' or ']'"},
		{"unknown anchor",
			"server: *nope\n",
			"s.yaml: invalid YAML: unknown anchor 'nope' referenced"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, got := parseServer(t, c.src); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestParseReportsAllErrorsInFileOrder(t *testing.T) {
	src := "server:\n  debug: 1\n  port: 0\n  nmae: x\n  tags: [false]\nother: 1\n"
	_, got := parseServer(t, src)
	want := strings.Join([]string{
		"s.yaml:2:10: server.debug: must be true or false, got integer 1",
		"s.yaml:3:9: server.port: must be from 1 to 65535, got 0",
		`s.yaml:4:3: server.nmae: unknown key (did you mean "name"?)`,
		`s.yaml:5:10: server.tags[0]: must be a string, got boolean false (quote it: "false")`,
		"s.yaml:6:1: other: unknown key (known keys here: server)",
	}, "\n")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestParseAnchorsAndMergeKeys(t *testing.T) {
	// Own keys win over merged ones, and earlier merged mappings over
	// later ones.
	s, errs := parseServer(t, "base: &b {name: base, port: 1}\nmore: &m {port: 2, mode: fast}\n"+
		"server:\n  <<: [*b, *m]\n  name: own\n")
	if !strings.Contains(errs, "base: unknown key") || !strings.Contains(errs, "more: unknown key") {
		t.Errorf("anchor holders not reported as unknown keys:\n%s", errs)
	}
	if s.Name != "own" || s.Port != 1 || s.Mode != "fast" {
		t.Errorf("merge gave name %q, port %d, mode %q; want own, 1, fast", s.Name, s.Port, s.Mode)
	}

	// A mistake in an anchored mapping merged twice is reported once,
	// under the first key path it was met at.
	err := Parse("m.yaml", []byte("a: &x {bad: 1}\nb: {<<: *x}\n"), func(d *Decoder, n *yaml.Node) {
		section := func(v *yaml.Node, p string) {
			d.Mapping(v, p, []Field{{Key: "good", Decode: func(*yaml.Node, string) {}}})
		}
		d.Mapping(n, "", []Field{{Key: "a", Decode: section}, {Key: "b", Decode: section}})
	})
	want := "m.yaml:1:8: a.bad: unknown key (known keys here: good)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}

	// A merge of something that is not a mapping is reported.
	_, errs = parseServer(t, "server:\n  <<: 3\n  name: a\n")
	if want := "s.yaml:2:7: server.<<: merge (<<) takes a mapping or a list of mappings, got integer 3"; errs != want {
		t.Errorf("got\n%s\nwant\n%s", errs, want)
	}
}

func TestParseEmptyDocument(t *testing.T) {
	for _, src := range []string{"", "---\n", "~\n", "# nothing\n"} {
		called := false
		err := Parse("e.yaml", []byte(src), func(d *Decoder, n *yaml.Node) {
			called = true
			if n != nil {
				t.Errorf("%q: root got node %v, want nil", src, n)
			}
		})
		if err != nil || !called {
			t.Errorf("%q: err %v, root called %v; want nil, true", src, err, called)
		}
	}
	called := false
	err := Parse("e.yaml", []byte("a: [\n"), func(*Decoder, *yaml.Node) { called = true })
	if err == nil || called {
		t.Errorf("syntax error: err %v, root called %v; want an error, false", err, called)
	}
}

func TestSet(t *testing.T) {
	var got []Item
	err := Parse("r.yaml", []byte("[eu-west-1, x, eu-west-1]\n"), func(d *Decoder, n *yaml.Node) {
		got = d.Set(n, "regions", "region", "[eu-west-1]", func(s string) string {
			if s == "x" {
				return "not a region"
			}
			return ""
		})
	})
	want := "r.yaml:1:13: regions[1]: not a region\n" +
		`r.yaml:1:16: regions[2]: duplicate region "eu-west-1" (first listed at line 1)`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	if len(got) != 1 || got[0].Val != "eu-west-1" || got[0].Path != "regions[0]" || got[0].Node.Column != 2 {
		t.Errorf("Set returned %+v", got)
	}
}

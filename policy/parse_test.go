package policy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/guardrail"
)

func TestParseExample(t *testing.T) {
	data, err := os.ReadFile("example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("example.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"my_custom_counter", "wsrep_*"}, p.Volatile()); diff != "" {
		t.Errorf("Volatile (-want +got):\n%s", diff)
	}
	if vol := (drift.Options{Volatile: p.Volatile(), NoDefaultVolatile: true}).VolatileMatcher(); !vol("wsrep_local_state") || !vol("my_custom_counter") || vol("max_connections") {
		t.Error("the volatile: patterns do not apply as drift options")
	}
	wantG := guardrail.Options{
		Disable:  []string{guardrail.CharSetNotUTF8MB4},
		Severity: map[string]drift.Severity{guardrail.NoPrimaryKey: drift.SeverityHigh},
	}
	g := p.Guardrails()
	if diff := cmp.Diff(wantG, g); diff != "" {
		t.Errorf("Guardrails (-want +got):\n%s", diff)
	}
	g.Disable[0], g.Severity[guardrail.NoPrimaryKey] = "x", drift.SeverityInfo
	if diff := cmp.Diff(wantG, p.Guardrails()); diff != "" {
		t.Errorf("Guardrails shares its slices with the caller:\n%s", diff)
	}

	e := p.expect[0]
	if e.id != "prd-security" || e.severity != drift.SeverityHigh || e.line != 19 || e.sel.tags["env"] != "prd" {
		t.Errorf("expect[0]: id %q, severity %s, line %d, tags %v", e.id, e.severity, e.line, e.sel.tags)
	}
	wantParams := []setting{{"max_connections", "{DBInstanceClassMemory/12582880}"}, {"require_secure_transport", "ON"}}
	if diff := cmp.Diff(wantParams, e.parameters, cmp.AllowUnexported(setting{})); diff != "" {
		t.Errorf("expect[0].parameters (-want +got):\n%s", diff)
	}
	if e := p.expect[1]; e.id != "expect[1]" || e.severity != drift.SeverityMedium || !e.sel.clusterID.MatchString("orders-prd") {
		t.Errorf("expect[1]: id %q, severity %s", e.id, e.severity)
	}
	d := p.declared[0]
	if d.kind != drift.KindSchema || d.change != drift.Added || d.object.String() != "shop.orders*" ||
		d.reason != "PR #123 adds orders.note" || d.untilDay != "2026-12-31" ||
		d.until.Format("2006-01-02T15:04Z07:00") != "2027-01-01T00:00Z" {
		t.Errorf("declared[0]: %+v", d)
	}
	if r := p.ignore[1].rule; r == nil || r.String() != guardrail.NoPrimaryKey {
		t.Errorf("ignore[1].rule: %+v", r)
	}
	if s := p.severity[1]; s.kind != drift.KindSize || s.severity != drift.SeverityInfo {
		t.Errorf("severity[1]: %+v", s)
	}
	if p.Source() != "example.yaml" {
		t.Errorf("Source() = %q", p.Source())
	}
}

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "---\n", "{}"} {
		p, err := Parse("p.yaml", []byte(src))
		if err != nil || p == nil {
			t.Errorf("Parse(%q) = %v, %v; want an empty policy", src, p, err)
			continue
		}
		if len(p.Volatile()) != 0 || len(p.expect)+len(p.declared)+len(p.ignore)+len(p.severity) != 0 {
			t.Errorf("Parse(%q) is not empty", src)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.yaml")
	if err := os.WriteFile(path, []byte("ignore:\n  - {kind: size}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	want := path + ":2:5: ignore[0].reason: required key is missing: say why, e.g. the pull request or ticket"
	if err == nil || err.Error() != want {
		t.Errorf("Load error:\n got %v\nwant %s", err, want)
	}
	var list *Errors
	if !errors.As(err, &list) || len(list.List) != 1 || list.List[0].Line != 2 {
		t.Errorf("error is not an *Errors with one problem at line 2: %#v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.HasPrefix(err.Error(), "read policy file: ") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

// TestParseErrors: each kind of mistake, with its exact message.
func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown key with suggestion", "ignroe: []\n",
			`p.yaml:1:1: ignroe: unknown key (did you mean "ignore"?)`},
		{"unknown key", "owner: dbre\n",
			`p.yaml:1:1: owner: unknown key (known keys here: volatile, expect, declared, ignore, severity, guardrails)`},
		{"unknown nested key", "declared:\n  - {objekt: x, reason: r}\n",
			`p.yaml:2:6: declared[0].objekt: unknown key (did you mean "object"?)`},
		{"unknown select key", "expect:\n  - select: {tag: {env: prd}}\n    variables: {a: b}\n",
			`p.yaml:2:14: expect[0].select.tag: unknown key (did you mean "tags"?)`},
		{"wrong type: list", "volatile: wsrep_*\n",
			`p.yaml:1:11: volatile: must be a list such as [my_counter, "wsrep_*"], got string "wsrep_*"`},
		{"wrong type: entries", "ignore: {kind: size}\n",
			`p.yaml:1:9: ignore: must be a list of entries (- {kind: size, object: "logs.*", reason: "log tables grow"}), got a mapping`},
		{"wrong type: entry", "declared:\n  - shop.orders\n",
			`p.yaml:2:5: declared[0]: must be a mapping of keys to values, got string "shop.orders"`},
		{"wrong type: boolean value", "expect:\n  - variables: {require_secure_transport: true}\n",
			`p.yaml:2:43: expect[0].variables.require_secure_transport: must be a string, got boolean true (quote it: "true")`},
		{"wrong type: settings", "expect:\n  - parameters: [a, b]\n",
			`p.yaml:2:17: expect[0].parameters: must be a mapping of names to expected values such as {require_secure_transport: "ON"}, got a list`},
		{"bad regex", "expect:\n  - select: {cluster_id: \"orders-(\"}\n    variables: {a: b}\n",
			"p.yaml:2:26: expect[0].select.cluster_id: invalid regular expression \"orders-(\": missing closing ): `orders-(` " +
				"(these are Go regular expressions, not globs: ^orders- for ids starting with orders-)"},
		{"bad glob", "ignore:\n  - {object: \"shop.[ab\", reason: r}\n",
			`p.yaml:2:14: ignore[0].object: bad glob pattern "shop.[ab": has a [ without its closing ]`},
		{"bad glob in list", "expect:\n  - select: {targets: [\"eu-west-1/[z-a]\"]}\n    variables: {a: b}\n",
			`p.yaml:2:24: expect[0].select.targets[0]: bad glob pattern "eu-west-1/[z-a]": invalid character class (ranges go low to high, as in [a-z])`},
		{"unknown kind", "ignore:\n  - {kind: sizes, reason: r}\n",
			`p.yaml:2:12: ignore[0].kind: unknown kind "sizes" (did you mean "size"?)`},
		{"unknown kind, no suggestion", "ignore:\n  - {kind: storage, reason: r}\n",
			`p.yaml:2:12: ignore[0].kind: unknown kind "storage" (want target, parameter, variable, configured-vs-running, schema, size, version, fleet, baseline or guardrail)`},
		{"unknown change", "ignore:\n  - {kind: size, change: grown, reason: r}\n",
			`p.yaml:2:26: ignore[0].change: unknown change "grown" (want added, removed, changed or differs)`},
		{"unknown severity", "severity:\n  - {kind: size, severity: hihg}\n",
			`p.yaml:2:28: severity[0].severity: unknown severity "hihg" (did you mean "high"?)`},
		{"missing severity", "severity:\n  - {kind: size}\n",
			`p.yaml:2:5: severity[0].severity: required key is missing: one of info, low, medium, high or critical`},
		{"unknown guardrail in disable", "guardrails:\n  disable: [no-primary-keys]\n",
			`p.yaml:2:13: guardrails.disable[0]: unknown guardrail "no-primary-keys" (did you mean "no-primary-key"?)`},
		{"unknown guardrail in severity", "guardrails:\n  severity: {ssl: high}\n",
			`p.yaml:2:14: guardrails.severity.ssl: unknown guardrail "ssl" (known guardrails: ` + strings.Join(guardrail.IDs(), ", ") + `)`},
		{"guardrail severity", "guardrails:\n  severity: {no-primary-key: urgent}\n",
			`p.yaml:2:30: guardrails.severity.no-primary-key: unknown severity "urgent" (want info, low, medium, high or critical)`},
		{"missing reason", "declared:\n  - select: {targets: [a]}\n    object: shop.*\n",
			`p.yaml:2:5: declared[0].reason: required key is missing: say why, e.g. the pull request or ticket`},
		{"empty reason", "declared:\n  - {object: x, reason: \"\"}\n",
			`p.yaml:2:25: declared[0].reason: must not be empty`},
		{"matches nothing", "ignore:\n  - {select: {regions: [eu-west-1]}, reason: r}\n",
			`p.yaml:2:5: ignore[0]: say what the entry matches: give kind, object or rule (object: "*" for everything)`},
		{"bad date", "declared:\n  - {object: x, reason: r, until: 2026-02-30}\n",
			`p.yaml:2:35: declared[0].until: must be a date such as 2026-12-31 (the last day the entry holds), got string "2026-02-30"`},
		{"date with time", "ignore:\n  - {object: x, reason: r, until: 2026-12-31T10:00:00Z}\n",
			`p.yaml:2:35: ignore[0].until: must be a date such as 2026-12-31 (the last day the entry holds), got "2026-12-31T10:00:00Z"`},
		{"until on severity", "severity:\n  - {kind: size, severity: low, until: 2026-12-31}\n",
			`p.yaml:2:33: severity[0].until: unknown key (known keys here: select, kind, change, object, field, rule, to, reason, severity)`},
		{"bad region", "expect:\n  - select: {regions: [Ireland]}\n    variables: {a: b}\n",
			`p.yaml:2:24: expect[0].select.regions[0]: "Ireland" is not an AWS region name such as eu-west-1`},
		{"tags not a mapping", "expect:\n  - select: {tags: [env]}\n    variables: {a: b}\n",
			`p.yaml:2:20: expect[0].select.tags: must be a mapping of tag keys to values such as {env: prd}, got a list`},
		{"expects nothing", "expect:\n  - select: {tags: {env: prd}}\n",
			`p.yaml:2:5: expect[0]: expects nothing: give parameters, variables or both`},
		{"duplicate key", "expect:\n  - variables: {a: b, a: c}\n",
			`p.yaml:2:23: expect[0].variables.a: duplicate key (first set at line 2)`},
		{"duplicate name", "expect:\n  - {name: base, variables: {a: b}}\n  - {name: base, variables: {a: b}}\n",
			`p.yaml:3:12: expect[1].name: duplicate name "base" (first used at line 2)`},
		// yaml.v3 names the line where the enclosing block starts.
		{"syntax", "ignore:\n  - {kind: size\n",
			`p.yaml:1: invalid YAML on this line or below: did not find expected ',' or '}'`},
		{"second document", "volatile: [a]\n---\nvolatile: [b]\n",
			`p.yaml:3:1: a second YAML document (after ---) is not allowed; put everything in one document`},
		{"not a mapping", "- a\n",
			`p.yaml:1:1: must be a mapping of keys to values, got a list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error; want %s", tt.want)
			}
			if p != nil {
				t.Error("a policy came back with the error")
			}
			if err.Error() != tt.want {
				t.Errorf("\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

// TestParseAllErrorsAtOnce: one file, every problem, in file order.
func TestParseAllErrorsAtOnce(t *testing.T) {
	src := `volatile: ["[x"]
expect:
  - select: {cluster_id: "(", regions: [mars-1]}
    parameters: {a: "1"}
    severty: high
declared:
  - {kind: schemma, object: x, until: tomorrow}
guardrails:
  disable: [nope]
`
	_, err := Parse("policy.yaml", []byte(src))
	want := []string{
		`policy.yaml:1:12: volatile[0]: bad glob pattern "[x": has a [ without its closing ]`,
		"policy.yaml:3:26: expect[0].select.cluster_id: invalid regular expression \"(\": missing closing ): `(` " +
			"(these are Go regular expressions, not globs: ^orders- for ids starting with orders-)",
		`policy.yaml:3:41: expect[0].select.regions[0]: "mars-1" is not an AWS region name such as eu-west-1`,
		`policy.yaml:5:5: expect[0].severty: unknown key (did you mean "severity"?)`,
		`policy.yaml:7:5: declared[0].reason: required key is missing: say why, e.g. the pull request or ticket`,
		`policy.yaml:7:12: declared[0].kind: unknown kind "schemma" (did you mean "schema"?)`,
		`policy.yaml:7:39: declared[0].until: must be a date such as 2026-12-31 (the last day the entry holds), got string "tomorrow"`,
		`policy.yaml:9:13: guardrails.disable[0]: unknown guardrail "nope" (known guardrails: ` + strings.Join(guardrail.IDs(), ", ") + `)`,
	}
	if err == nil {
		t.Fatal("no error")
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

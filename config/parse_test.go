package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseValid(t *testing.T) {
	src := `store: /var/lib/auroradoc
crawl:
  concurrency: 4
  connections_per_target: 3
  timeout: 5m
  connect_timeout: 3s
  statement_timeout: 30s
  lock_wait_timeout: 2s
  show_create_batch: 100
schemas:
  exclude: ["tmp_*"]
targets:
  - name: billing-dev
    host: 127.0.0.1
    user: auroradoc
    password_env: BILLING_DEV_PASSWORD
  - name: billing.prod_2
    host: "::1"
    port: 13306
    user: 1234
    password_env: _PW
    tls: skip-verify
    schemas: {include: [billing, "billing_*"], exclude: ["*_old"]}
  - {name: c, host: c.example.com, user: u, password_env: P, tls: true, schemas: {exclude: [x]}}
  - {name: d, host: d, user: u, password_env: P, tls: "preferred", schemas: }
`
	got, err := Parse([]byte(src), "auroradoc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Source: "auroradoc.yaml",
		Store:  "/var/lib/auroradoc",
		Crawl: Crawl{Concurrency: 4, ConnectionsPerTarget: 3, ShowCreateBatch: 100, Timeout: 5 * time.Minute,
			ConnectTimeout: 3 * time.Second, StatementTimeout: 30 * time.Second, LockWaitTimeout: 2 * time.Second},
		Schemas: Filter{Include: []string{"*"}, Exclude: []string{"tmp_*"}},
		Targets: []Target{
			{Name: "billing-dev", Host: "127.0.0.1", Port: 3306, User: "auroradoc", PasswordEnv: "BILLING_DEV_PASSWORD", TLS: "false", Line: 13},
			{Name: "billing.prod_2", Host: "::1", Port: 13306, User: "1234", PasswordEnv: "_PW", TLS: "skip-verify", Line: 17,
				Schemas: &Filter{Include: []string{"billing", "billing_*"}, Exclude: []string{"*_old"}}},
			{Name: "c", Host: "c.example.com", Port: 3306, User: "u", PasswordEnv: "P", TLS: "true", Line: 24,
				Schemas: &Filter{Include: []string{"*"}, Exclude: []string{"x"}}},
			{Name: "d", Host: "d", Port: 3306, User: "u", PasswordEnv: "P", TLS: "preferred", Line: 25},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
}

func TestParseDefaults(t *testing.T) {
	got, err := Parse([]byte("targets:\n  - {name: a, host: h, user: u, password_env: P}\ncrawl:\nschemas: {}\n"), "x.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Source:  "x.yaml",
		Crawl:   Default(),
		Schemas: Filter{Include: []string{"*"}},
		Targets: []Target{{Name: "a", Host: "h", Port: 3306, User: "u", PasswordEnv: "P", TLS: "false", Line: 2}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
}

// TestParseAnchors: shared settings through anchors and merge keys; the
// target's own keys win over merged ones.
func TestParseAnchors(t *testing.T) {
	src := `x-common: &common
  user: auroradoc
  password_env: PW
  port: 3307
targets:
  - <<: *common
    name: a
    host: a
  - <<: *common
    name: b
    host: b
    port: 3308
`
	// x-common is not a known key: anchors must live inside known keys.
	if _, err := Parse([]byte(src), "f.yaml"); err == nil || !strings.Contains(err.Error(), "f.yaml:1:1: x-common: unknown key") {
		t.Fatalf("unknown anchor holder: err = %v", err)
	}
	src = `targets:
  - &first
    name: a
    host: a
    user: auroradoc
    password_env: PW
    port: 3307
  - <<: *first
    name: b
    port: 3308
`
	got, err := Parse([]byte(src), "f.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []Target{
		{Name: "a", Host: "a", Port: 3307, User: "auroradoc", PasswordEnv: "PW", TLS: "false", Line: 2},
		{Name: "b", Host: "a", Port: 3308, User: "auroradoc", PasswordEnv: "PW", TLS: "false", Line: 8},
	}
	if diff := cmp.Diff(want, got.Targets); diff != "" {
		t.Errorf("targets mismatch (-want +got):\n%s", diff)
	}
}

const okTarget = "  - name: a\n    host: h\n    user: u\n    password_env: P\n"

type wantErr struct {
	line int
	path string
	msg  string
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []wantErr
	}{
		{"unknown target key with suggestion",
			"targets:\n  - nmae: a\n    host: h\n    user: u\n    password_env: P\n",
			[]wantErr{{2, "targets[0].nmae", `unknown key (did you mean "name"?)`}}},
		{"unknown top-level key",
			"azure: {region: westeurope}\ntargets:\n" + okTarget,
			[]wantErr{{1, "azure", "unknown key (known keys here: store, crawl, schemas, targets, aws, credentials, retention, site, drift, notify, review)"}}},
		{"unknown crawl key with dash",
			"crawl:\n  connections-per-target: 2\ntargets:\n" + okTarget,
			[]wantErr{{2, "crawl.connections-per-target", `did you mean "connections_per_target"?`}}},
		{"unknown filter key",
			"schemas:\n  only: [a]\ntargets:\n" + okTarget,
			[]wantErr{{2, "schemas.only", "unknown key"}}},
		{"inline password",
			"targets:\n" + okTarget + "    password: hunter2\n",
			[]wantErr{{6, "targets[0].password", "inline passwords are not allowed; use password_env"}}},
		{"missing required keys",
			"targets:\n" + okTarget + "  - name: b\n    password_env: P\n",
			[]wantErr{{6, "targets[1].host", `required key is missing (target "b")`}, {6, "targets[1].user", "required key is missing"}}},
		{"empty target",
			"targets:\n  - {}\n",
			[]wantErr{{2, "targets[0].name", "required"}, {2, "targets[0].host", "required"}, {2, "targets[0].user", "required"}, {2, "targets[0].password_env", "required"}}},
		{"duplicate target names",
			"targets:\n" + okTarget + okTarget,
			[]wantErr{{6, "targets[1].name", `duplicate target name "a" (first defined at line 2)`}}},
		{"duplicate mapping key",
			"targets:\n" + okTarget + "    host: h2\n",
			[]wantErr{{6, "targets[0].host", "duplicate key (first set at line 3)"}}},
		{"mistakes in a merged anchor are reported once",
			"targets:\n  - &t\n    name: a\n    host: h\n    host: h\n    user: u\n    password_env: P\n    prot: 1\n  - <<: *t\n    name: b\n",
			[]wantErr{{5, "targets[0].host", "duplicate key (first set at line 4)"}, {8, "targets[0].prot", `did you mean "port"?`}}},
		{"duplicate section",
			"crawl: {}\ntargets:\n" + okTarget + "crawl: {}\n",
			[]wantErr{{7, "crawl", "duplicate key (first set at line 1)"}}},
		{"port as string",
			"targets:\n" + okTarget + "    port: \"3306\"\n",
			[]wantErr{{6, "targets[0].port", `must be a whole number from 1 to 65535, got string "3306"`}}},
		{"port out of range",
			"targets:\n" + okTarget + "    port: 0\n",
			[]wantErr{{6, "targets[0].port", "must be from 1 to 65535, got 0"}}},
		{"concurrency float",
			"crawl:\n  concurrency: 1.5\ntargets:\n" + okTarget,
			[]wantErr{{2, "crawl.concurrency", "got number 1.5"}}},
		{"crawl ranges",
			"crawl:\n  concurrency: 257\n  connections_per_target: 0\n  show_create_batch: 1001\ntargets:\n" + okTarget,
			[]wantErr{{2, "crawl.concurrency", "from 1 to 256"}, {3, "crawl.connections_per_target", "from 1 to 16"}, {4, "crawl.show_create_batch", "from 1 to 1000"}}},
		{"bad durations",
			"crawl:\n  timeout: 10 minutes\n  connect_timeout: 600\n  lock_wait_timeout: 500ms\n  statement_timeout: -1s\ntargets:\n" + okTarget,
			[]wantErr{
				{2, "crawl.timeout", `invalid duration "10 minutes"`},
				{3, "crawl.connect_timeout", "must be a duration with a unit such as 90s, 10m or 1h30m, got integer 600"},
				{4, "crawl.lock_wait_timeout", "must be at least 1s, got 500ms"},
				{5, "crawl.statement_timeout", "must be at least 1ms"},
			}},
		{"bad glob patterns",
			"schemas:\n  include: [\"a\", \"[b-\"]\n  exclude: [\"\"]\ntargets:\n" + okTarget,
			[]wantErr{{2, "schemas.include[1]", `bad glob pattern "[b-"`}, {3, "schemas.exclude[0]", "empty pattern"}}},
		{"target filter pattern",
			"targets:\n" + okTarget + "    schemas:\n      exclude:\n        - ok\n        - \"x[\"\n",
			[]wantErr{{9, "targets[0].schemas.exclude[1]", `bad glob pattern "x["`}}},
		{"include not a list",
			"schemas:\n  include: \"*\"\ntargets:\n" + okTarget,
			[]wantErr{{2, "schemas.include", "must be a list"}}},
		{"bad tls",
			"targets:\n" + okTarget + "    tls: verify\n",
			[]wantErr{{6, "targets[0].tls", `must be false, true, skip-verify or preferred, got string "verify"`}}},
		{"bad target name",
			"targets:\n  - name: Billing Dev\n    host: h\n    user: u\n    password_env: P\n",
			[]wantErr{{2, "targets[0].name", `invalid target name "Billing Dev": names are used in file names`}}},
		{"target name too long",
			"targets:\n  - name: " + strings.Repeat("a", 64) + "\n    host: h\n    user: u\n    password_env: P\n",
			[]wantErr{{2, "targets[0].name", "1 to 63"}}},
		{"password in password_env",
			"targets:\n  - name: a\n    host: h\n    user: u\n    password_env: \"hunter2!\"\n",
			[]wantErr{{5, "targets[0].password_env", "must be the name of an environment variable"}}},
		{"host with port",
			"targets:\n  - name: a\n    host: db:3306\n    user: u\n    password_env: P\n",
			[]wantErr{{3, "targets[0].host", "includes a port"}}},
		{"empty and null values",
			"store: \"\"\ntargets:\n  - name: a\n    host:\n    user: \"\"\n    password_env: P\n",
			[]wantErr{{1, "store", "must not be empty"}, {4, "targets[0].host", "must be a string, got nothing (null)"}, {5, "targets[0].user", "must not be empty"}}},
		{"boolean as string",
			"targets:\n  - name: a\n    host: h\n    user: true\n    password_env: P\n",
			[]wantErr{{4, "targets[0].user", `quote it: "true"`}}},
		{"crawl not a mapping",
			"crawl: fast\ntargets:\n" + okTarget,
			[]wantErr{{1, "crawl", `must be a mapping of keys to values, got string "fast"`}}},
		{"empty file", "", []wantErr{{0, "targets", "no targets and no aws: section configured"}}},
		{"comments only", "# nothing yet\n", []wantErr{{0, "targets", "no targets and no aws: section configured"}}},
		{"no targets key", "store: ./s\n", []wantErr{{0, "targets", "no targets and no aws: section configured"}}},
		{"empty targets list", "store: ./s\ntargets: []\n", []wantErr{{2, "targets", "no targets and no aws: section configured"}}},
		{"targets not a list",
			"targets:\n  name: a\n",
			[]wantErr{{2, "targets", "must be a list of targets"}}},
		{"target not a mapping",
			"targets:\n  - billing-dev\n" + okTarget,
			[]wantErr{{2, "targets[0]", "each target must be a mapping"}}},
		{"top level not a mapping",
			"- a\n- b\n",
			[]wantErr{{1, "", "must be a mapping of keys to values, got a list"}}},
		{"syntax error",
			"targets:\n  - name: a\n    host: h: x\n",
			[]wantErr{{3, "", "invalid YAML on this line or below: mapping values are not allowed"}}},
		{"syntax error without a line",
			"targets:\n  - <<: *nope\n",
			[]wantErr{{0, "", "invalid YAML: unknown anchor 'nope' referenced"}}},
		{"second document",
			"targets:\n" + okTarget + "---\ntargets: []\n",
			[]wantErr{{7, "", "a second YAML document"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Parse([]byte(c.src), "auroradoc.yaml")
			if err == nil {
				t.Fatalf("no error; config %+v", cfg)
			}
			if cfg != nil {
				t.Errorf("config returned with an error: %+v", cfg)
			}
			checkErrors(t, err, c.want)
		})
	}
}

// checkErrors asserts err is an *Errors holding exactly the wanted
// problems, each with its line and key path in its message.
func checkErrors(t *testing.T, err error, want []wantErr) {
	t.Helper()
	var errs *Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %v is %T, not *Errors", err, err)
	}
	if len(errs.List) != len(want) {
		t.Errorf("got %d errors, want %d:\n%v", len(errs.List), len(want), err)
	}
	for _, w := range want {
		found := false
		for _, e := range errs.List {
			if e.Line == w.line && e.Path == w.path && strings.Contains(e.Msg, w.msg) {
				found = true
				s := e.Error()
				prefix := "auroradoc.yaml"
				if w.line > 0 {
					prefix = fmt.Sprintf("auroradoc.yaml:%d", w.line)
				}
				if !strings.HasPrefix(s, prefix+":") || !strings.Contains(s, w.path+": ") {
					t.Errorf("message %q lacks %q or key path %q", s, prefix, w.path)
				}
			}
		}
		if !found {
			t.Errorf("no error at line %d, path %q with %q; got:\n%v", w.line, w.path, w.msg, err)
		}
	}
}

func TestParseReportsEveryError(t *testing.T) {
	src := `crawl:
  concurency: 4
  timeout: soon
targets:
  - name: a
    host: h
    user: u
    password: hunter2
    password_env: P
  - name: a
    hots: h
    user: u
    password_env: P
`
	_, err := Parse([]byte(src), "auroradoc.yaml")
	checkErrors(t, err, []wantErr{
		{2, "crawl.concurency", `did you mean "concurrency"?`},
		{3, "crawl.timeout", `invalid duration "soon"`},
		{8, "targets[0].password", "inline passwords"},
		{10, "targets[1].name", "duplicate target name"},
		{11, "targets[1].hots", `did you mean "host"?`},
	})
	// One problem per line, in file order.
	lines := strings.Split(err.Error(), "\n")
	for i, l := range []int{2, 3, 8, 10, 11} {
		if i >= len(lines) || !strings.HasPrefix(lines[i], fmt.Sprintf("auroradoc.yaml:%d:", l)) {
			t.Errorf("line %d of the message is not about file line %d:\n%s", i, l, err)
		}
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Error("an inline password is echoed in the error")
	}
}

func TestParseNeverEchoesPasswordEnvValue(t *testing.T) {
	src := "targets:\n  - name: a\n    host: h\n    user: u\n    password_env: \"c0rrect horse!\"\n"
	_, err := Parse([]byte(src), "auroradoc.yaml")
	if err == nil || strings.Contains(err.Error(), "c0rrect") {
		t.Errorf("err = %v; want an error that does not echo the value", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "auroradoc.yaml")
	if err := os.WriteFile(p, []byte("targets:\n"+okTarget+"  - nmae: b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), p+":6:5: targets[1].nmae: unknown key") {
		t.Errorf("Load error does not name the file, line and key: %v", err)
	}

	missing := filepath.Join(dir, "nope.yaml")
	_, err = Load(missing)
	if err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v; want a not-exist error naming %s", err, missing)
	}
}

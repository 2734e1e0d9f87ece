package config

import (
	"testing"
	"time"
)

func TestFilterMatch(t *testing.T) {
	cases := []struct {
		name   string
		filter Filter
		schema string
		want   bool
	}{
		{"zero filter includes all", Filter{}, "shop", true},
		{"star", Filter{Include: []string{"*"}}, "shop", true},
		{"exact include", Filter{Include: []string{"shop"}}, "shop", true},
		{"exact include other", Filter{Include: []string{"shop"}}, "billing", false},
		{"any of several includes", Filter{Include: []string{"a_*", "b_*"}}, "b_x", true},
		{"prefix glob", Filter{Include: []string{"app_*"}}, "app_users", true},
		{"prefix glob no match", Filter{Include: []string{"app_*"}}, "myapp_users", false},
		{"question mark", Filter{Include: []string{"db?"}}, "db1", true},
		{"class", Filter{Include: []string{"db[0-4]"}}, "db7", false},
		{"case sensitive", Filter{Include: []string{"Shop"}}, "shop", false},
		{"exclude only", Filter{Exclude: []string{"tmp_*"}}, "tmp_x", false},
		{"exclude only keeps others", Filter{Exclude: []string{"tmp_*"}}, "shop", true},
		{"exclude wins over exact include", Filter{Include: []string{"tmp_x"}, Exclude: []string{"tmp_*"}}, "tmp_x", false},
		{"exclude wins over star", Filter{Include: []string{"*"}, Exclude: []string{"shop"}}, "shop", false},
		{"bad pattern matches nothing", Filter{Include: []string{"[a-"}}, "a", false},
	}
	for _, c := range cases {
		if got := c.filter.Match(c.schema); got != c.want {
			t.Errorf("%s: %+v.Match(%q) = %v, want %v", c.name, c.filter, c.schema, got, c.want)
		}
	}
}

func TestTargetPassword(t *testing.T) {
	env := map[string]string{"SET": "s3cret", "EMPTY": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	cases := []struct {
		envName string
		want    string
		wantErr string
	}{
		{"SET", "s3cret", ""},
		{"EMPTY", "", ""},
		{"BILLING_DEV_PASSWORD", "", "target billing-dev: environment variable BILLING_DEV_PASSWORD (password_env) is not set"},
	}
	for _, c := range cases {
		tg := Target{Name: "billing-dev", PasswordEnv: c.envName}
		got, err := tg.Password(lookup)
		switch {
		case c.wantErr != "" && (err == nil || err.Error() != c.wantErr):
			t.Errorf("%s: err = %v, want %q", c.envName, err, c.wantErr)
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", c.envName, err)
		case got != c.want:
			t.Errorf("%s: password = %q, want %q", c.envName, got, c.want)
		}
	}
}

func TestTargetAddr(t *testing.T) {
	cases := []struct {
		host string
		port int
		want string
	}{
		{"127.0.0.1", 3306, "127.0.0.1:3306"},
		{"db.example.com", 13306, "db.example.com:13306"},
		{"::1", 3306, "[::1]:3306"},
		{"fe80::1%eth0", 3307, "[fe80::1%eth0]:3307"},
	}
	for _, c := range cases {
		if got := (Target{Host: c.host, Port: c.port}).Addr(); got != c.want {
			t.Errorf("Addr(%q, %d) = %q, want %q", c.host, c.port, got, c.want)
		}
	}
}

func TestTargetSchemaFilter(t *testing.T) {
	global := Filter{Include: []string{"*"}, Exclude: []string{"tmp_*"}}
	own := &Filter{Include: []string{"tmp_keep"}}
	if got := (Target{}).SchemaFilter(global); !got.Match("shop") || got.Match("tmp_x") {
		t.Errorf("target without filter: got %+v, want the global filter", got)
	}
	// The target's filter replaces the global one entirely: the global
	// exclude does not apply.
	got := Target{Schemas: own}.SchemaFilter(global)
	if !got.Match("tmp_keep") || got.Match("shop") {
		t.Errorf("target with filter: got %+v, want its own %+v", got, *own)
	}
}

func TestDefault(t *testing.T) {
	d := Default()
	want := Crawl{Concurrency: 8, ConnectionsPerTarget: 2, ShowCreateBatch: 50, Timeout: 10 * time.Minute,
		ConnectTimeout: 10 * time.Second, StatementTimeout: 60 * time.Second, LockWaitTimeout: 5 * time.Second}
	if d != want {
		t.Errorf("Default() = %+v, want %+v", d, want)
	}
	d.Concurrency = 1
	if Default().Concurrency != 8 {
		t.Error("Default() shares state between calls")
	}
}

func TestErrorFormat(t *testing.T) {
	cases := []struct {
		err  Error
		want string
	}{
		{Error{File: "a.yaml", Line: 7, Column: 5, Path: "targets[1].nmae", Msg: "unknown key"}, "a.yaml:7:5: targets[1].nmae: unknown key"},
		{Error{File: "a.yaml", Line: 7, Path: "x", Msg: "m"}, "a.yaml:7: x: m"},
		{Error{File: "a.yaml", Path: "targets", Msg: "no targets and no aws: section configured"}, "a.yaml: targets: no targets and no aws: section configured"},
		{Error{File: "a.yaml", Line: 2, Column: 1, Msg: "m"}, "a.yaml:2:1: m"},
		{Error{Line: 2, Column: 1, Path: "p", Msg: "m"}, "2:1: p: m"},
	}
	for _, c := range cases {
		if got := c.err.Error(); got != c.want {
			t.Errorf("%+v.Error() = %q, want %q", c.err, got, c.want)
		}
	}
	errs := &Errors{List: []*Error{&cases[0].err, &cases[1].err}}
	if got, want := errs.Error(), cases[0].want+"\n"+cases[1].want; got != want {
		t.Errorf("Errors.Error() = %q, want %q", got, want)
	}
	if n := len(errs.Unwrap()); n != 2 {
		t.Errorf("Unwrap returned %d errors, want 2", n)
	}
}

// TestFilterStarMatchesEveryName: "*" (and the default) keep schema names
// with '/' in them, and '?' matches a '/', as the glob rule says.
func TestFilterStarMatchesEveryName(t *testing.T) {
	for _, name := range []string{"a/b", "../../etc", "x<script>alert(1)</script>", "/", ""} {
		if !(Filter{}).Match(name) || !(Filter{Include: []string{"*"}}).Match(name) {
			t.Errorf("the default filter or include [\"*\"] drops %q", name)
		}
	}
	if !(Filter{Include: []string{"a?b"}}).Match("a/b") {
		t.Error(`"a?b" does not match "a/b"`)
	}
	if (Filter{Include: []string{"*"}, Exclude: []string{"a/*"}}).Match("a/b") {
		t.Error(`exclude "a/*" keeps "a/b"`)
	}
}

package fleet

import (
	"slices"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
)

func parse(t *testing.T, yaml string) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(yaml), "auroradoc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

const threeTargets = `
targets:
  - {name: db1, host: 10.0.0.1, user: doc, password_env: DB1_PW}
  - {name: db2, host: 10.0.0.2, user: doc, password_env: DB2_PW}
  - {name: db3, host: 10.0.0.3, user: doc, password_env: DB3_PW}
`

func names(ts []collector.Target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

// TestStaticOnly: --targets names exactly the targets crawled. (It used to
// delete each match from the wanted set; once that was empty, every target
// listed after the last match passed too: --targets db2 crawled db2 and
// db3.)
func TestStaticOnly(t *testing.T) {
	cfg := parse(t, threeTargets)
	lookup := env(map[string]string{"DB1_PW": "a", "DB2_PW": "b", "DB3_PW": "c"})
	for only, want := range map[string][]string{
		"":            {"db1", "db2", "db3"},
		"db2":         {"db2"},
		"db1":         {"db1"},
		" db3 , db1 ": {"db1", "db3"},
	} {
		ts, err := Static(cfg, lookup, only)
		if err != nil {
			t.Fatalf("%q: %v", only, err)
		}
		if got := names(ts); !slices.Equal(got, want) {
			t.Errorf("--targets %q crawls %q, want %q", only, got, want)
		}
	}
	// A password is looked up only for the targets crawled.
	ts, err := Static(cfg, env(map[string]string{"DB2_PW": "b"}), "db2")
	if err != nil || len(ts) != 1 || ts[0].Password != "b" {
		t.Errorf("only db2 with only its password: %v, %v", names(ts), err)
	}
}

// TestStaticErrors: every problem at once, unknown names sorted.
func TestStaticErrors(t *testing.T) {
	cfg := parse(t, threeTargets)
	_, err := Static(cfg, env(map[string]string{"DB1_PW": "a"}), "zz,db3,aa,db1")
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{"DB3_PW", `no target named "aa"`, `no target named "zz"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Index(msg, `"aa"`) > strings.Index(msg, `"zz"`) {
		t.Errorf("unknown names not sorted:\n%s", msg)
	}
}

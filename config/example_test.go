package config

import (
	"os"
	"strings"
	"testing"
)

// TestExample keeps example.yaml valid and complete.
func TestExample(t *testing.T) {
	cfg, err := Load("example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Crawl != Default() {
		t.Errorf("example crawl: settings %+v differ from the defaults %+v it documents", cfg.Crawl, Default())
	}
	if len(cfg.Targets) != 2 || cfg.Targets[0].Name != "billing-dev" || cfg.Targets[1].Schemas == nil {
		t.Errorf("example targets = %+v", cfg.Targets)
	}
	data, err := os.ReadFile("example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{
		"store", "crawl", "concurrency", "connections_per_target", "timeout", "connect_timeout",
		"statement_timeout", "lock_wait_timeout", "show_create_batch", "schemas", "include", "exclude",
		"targets", "name", "host", "port", "user", "password_env", "tls",
	} {
		if !strings.Contains(string(data), " "+key+":") && !strings.HasPrefix(string(data), key+":") && !strings.Contains(string(data), "\n"+key+":") {
			t.Errorf("example.yaml does not show key %s", key)
		}
	}
}

package config

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	wantAWS := &AWS{Regions: []string{"ap-northeast-1", "us-east-1"}, Engines: []string{"aurora-mysql"},
		IncludeTags: map[string]string{"env": "prd"}, Exclude: []*regexp.Regexp{regexp.MustCompile("^tmp-")},
		ExcludePatterns: []string{"^tmp-"}, Endpoint: "reader", ConcurrencyPerRegion: 4, APIMaxAttempts: 10}
	if cfg.AWS != nil {
		wantAWS.Line = cfg.AWS.Line
	}
	if diff := cmp.Diff(wantAWS, cfg.AWS, sameRegexp); diff != "" {
		t.Errorf("example aws: mismatch (-want +got):\n%s", diff)
	}
	if c := cfg.Credentials; c == nil || c.SecretID != "auroradoc/{cluster}" || c.TLS != "true" {
		t.Errorf("example credentials: %+v", c)
	}
	if cfg.Retention != (Retention{35, 12, 24}) || cfg.Site.Publish != "s3://dbre-docs/site" || cfg.Drift.FailOn != "high" || cfg.Notify.SlackWebhookEnv == "" {
		t.Errorf("example job sections: %+v %+v %+v %+v", cfg.Retention, cfg.Site, cfg.Drift, cfg.Notify)
	}
	data, err := os.ReadFile("example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{
		"store", "crawl", "concurrency", "connections_per_target", "timeout", "connect_timeout",
		"statement_timeout", "lock_wait_timeout", "show_create_batch", "schemas", "include", "exclude",
		"targets", "name", "host", "port", "user", "password_env", "tls",
		"aws", "regions", "engines", "include_tags", "endpoint", "wake_paused", "concurrency_per_region",
		"api_max_attempts", "credentials", "secret_id", "iam_auth",
		"retention", "daily", "weekly", "monthly", "site", "out", "publish", "url",
		"drift", "policy", "group_by", "fail_on", "notify", "slack_webhook_env",
	} {
		if !strings.Contains(string(data), " "+key+":") && !strings.HasPrefix(string(data), key+":") && !strings.Contains(string(data), "\n"+key+":") {
			t.Errorf("example.yaml does not show key %s", key)
		}
	}
}

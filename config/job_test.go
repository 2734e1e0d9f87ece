package config

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseJobSections(t *testing.T) {
	src := "targets:\n" + okTarget + `retention: {daily: 35, weekly: 12, monthly: 24}
site: {out: /srv/site, publish: "s3://dbre-docs/site", url: "https://docs.example.com", publish_bucket_root: true}
drift: {policy: policy.yaml, group_by: env, fail_on: high}
notify: {slack_webhook_env: SLACK_URL}
`
	c, err := Parse([]byte(src), "auroradoc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := struct {
		R Retention
		S Site
		D Drift
		N Notify
	}{c.Retention, c.Site, c.Drift, c.Notify}
	want := struct {
		R Retention
		S Site
		D Drift
		N Notify
	}{Retention{35, 12, 24}, Site{Out: "/srv/site", Publish: "s3://dbre-docs/site", URL: "https://docs.example.com", PublishBucketRoot: true}, Drift{"policy.yaml", "env", "high"}, Notify{"SLACK_URL"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestParseJobSectionErrors(t *testing.T) {
	cases := []struct {
		name, src string
		want      []wantErr
	}{
		{"retention without daily", "retention: {weekly: 4}\n", []wantErr{{6, "retention", "daily: is required"}}},
		{"retention negative", "retention: {daily: 0}\n", []wantErr{{6, "retention.daily", "must be from 1 to 3650, got 0"}}},
		{"retention typo", "retention: {daily: 3, weeks: 4}\n", []wantErr{{6, "retention.weeks", `unknown key (did you mean "weekly"?)`}}},
		{"publish not s3", "site: {publish: /tmp/x}\n", []wantErr{{6, "site.publish", "must be an s3://bucket/prefix URL"}}},
		{"url not http", "site: {url: docs.example.com}\n", []wantErr{{6, "site.url", "must be an http(s):// URL"}}},
		{"fail_on unknown", "drift: {fail_on: severe}\n", []wantErr{{6, "drift.fail_on", "must be info, low, medium, high or critical"}}},
		{"webhook inline", "notify: {slack_webhook: https://hooks.slack.com/x}\n", []wantErr{{6, "notify.slack_webhook", "unknown key"}}},
		{"webhook env name", "notify: {slack_webhook_env: 'https://hooks'}\n", []wantErr{{6, "notify.slack_webhook_env", ""}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte("targets:\n"+okTarget+tc.src), "auroradoc.yaml")
			checkErrors(t, err, tc.want)
		})
	}
}

func TestReviewLLM(t *testing.T) {
	base := "targets:\n" + okTarget
	c, err := Parse([]byte(base+"review:\n  llm:\n    model_id: anthropic.claude-x\n    region: us-east-1\n    timeout: 30s\n"), "auroradoc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if l := c.Review.LLM; l == nil || l.ModelID != "anthropic.claude-x" || l.Region != "us-east-1" || l.Timeout != 30*time.Second || l.MaxTokens != 1024 {
		t.Errorf("review.llm = %+v", c.Review.LLM)
	}
	if _, err := Parse([]byte(base+"review:\n  llm:\n    region: us-east-1\n"), "auroradoc.yaml"); err == nil || !strings.Contains(err.Error(), "auroradoc.yaml:8") || !strings.Contains(err.Error(), "model_id: is required") {
		t.Errorf("missing model_id: %v", err)
	}
	if c, err := Parse([]byte(base), "auroradoc.yaml"); err != nil || c.Review.LLM != nil {
		t.Errorf("no review section: %+v, %v", c.Review, err)
	}
}

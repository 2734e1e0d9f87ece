package config

import (
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/internal/s3url"
	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// retention decodes retention: {daily, weekly, monthly}.
func (d *decoder) retention(n *yaml.Node, path string, r *Retention) {
	present := d.Mapping(n, path, []yamlstrict.Field{
		{Key: "daily", Decode: d.IntIn(&r.Daily, 1, 3650)},
		{Key: "weekly", Decode: d.IntIn(&r.Weekly, 0, 520)},
		{Key: "monthly", Decode: d.IntIn(&r.Monthly, 0, 1200)},
	})
	if present != nil && present["daily"] == nil {
		d.Errorf(n, path, "daily: is required (how many days every nightly set is kept)")
	}
}

// site decodes site: {out, publish}.
func (d *decoder) site(n *yaml.Node, path string, s *Site) {
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "out", Decode: func(v *yaml.Node, p string) { s.Out, _ = d.NonEmpty(v, p) }},
		{Key: "url", Decode: func(v *yaml.Node, p string) {
			s.URL, _ = d.checked(v, p, func(u string) string {
				if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
					return "must be an http(s):// URL"
				}
				return ""
			})
		}},
		{Key: "publish", Decode: func(v *yaml.Node, p string) {
			s.Publish, _ = d.checked(v, p, func(u string) string {
				if !strings.HasPrefix(u, "s3://") {
					return "must be an s3://bucket/prefix URL"
				}
				if _, _, err := s3url.Parse(u); err != nil {
					return err.Error()
				}
				return ""
			})
		}},
		{Key: "publish_bucket_root", Decode: d.Boolean(&s.PublishBucketRoot)},
	})
}

// drift decodes drift: {policy, group_by, fail_on}.
func (d *decoder) drift(n *yaml.Node, path string, dr *Drift) {
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "policy", Decode: func(v *yaml.Node, p string) { dr.Policy, _ = d.NonEmpty(v, p) }},
		{Key: "group_by", Decode: func(v *yaml.Node, p string) { dr.GroupBy, _ = d.NonEmpty(v, p) }},
		{Key: "fail_on", Decode: d.OneOf(&dr.FailOn, "info", "low", "medium", "high", "critical")},
	})
}

// notify decodes notify: {slack_webhook_env}.
func (d *decoder) notify(n *yaml.Node, path string, nt *Notify) {
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "slack_webhook_env", Decode: func(v *yaml.Node, p string) {
			nt.SlackWebhookEnv, _ = d.checked(v, p, checkEnvName)
		}},
	})
}

// review decodes review: {llm: {model_id, region, timeout, max_tokens}}.
func (d *decoder) review(n *yaml.Node, path string, r *Review) {
	d.Mapping(n, path, []yamlstrict.Field{
		{Key: "llm", Decode: func(v *yaml.Node, p string) {
			l := &LLM{Timeout: 60 * time.Second, MaxTokens: 1024}
			present := d.Mapping(v, p, []yamlstrict.Field{
				{Key: "model_id", Decode: func(v *yaml.Node, p string) { l.ModelID, _ = d.NonEmpty(v, p) }},
				{Key: "region", Decode: func(v *yaml.Node, p string) { l.Region, _ = d.NonEmpty(v, p) }},
				{Key: "timeout", Decode: d.Duration(&l.Timeout, time.Second)},
				{Key: "max_tokens", Decode: d.IntIn(&l.MaxTokens, 1, 32768)},
			})
			if present == nil {
				return
			}
			if present["model_id"] == nil {
				d.Errorf(v, p, "model_id: is required (the Bedrock model, e.g. anthropic.claude-3-5-sonnet-20240620-v1:0)")
			}
			r.LLM = l
		}},
	})
}

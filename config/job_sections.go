package config

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/internal/s3url"
)

// retention decodes retention: {daily, weekly, monthly}.
func (d *decoder) retention(n *yaml.Node, path string, r *Retention) {
	present := d.mapping(n, path, []field{
		{key: "daily", decode: d.intIn(&r.Daily, 1, 3650)},
		{key: "weekly", decode: d.intIn(&r.Weekly, 0, 520)},
		{key: "monthly", decode: d.intIn(&r.Monthly, 0, 1200)},
	})
	if present != nil && present["daily"] == nil {
		d.errorf(n, path, "daily: is required (how many days every nightly set is kept)")
	}
}

// site decodes site: {out, publish}.
func (d *decoder) site(n *yaml.Node, path string, s *Site) {
	d.mapping(n, path, []field{
		{key: "out", decode: func(v *yaml.Node, p string) { s.Out, _ = d.nonEmpty(v, p) }},
		{key: "url", decode: func(v *yaml.Node, p string) {
			s.URL, _ = d.checked(v, p, func(u string) string {
				if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
					return "must be an http(s):// URL"
				}
				return ""
			})
		}},
		{key: "publish", decode: func(v *yaml.Node, p string) {
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
	})
}

// drift decodes drift: {policy, group_by, fail_on}.
func (d *decoder) drift(n *yaml.Node, path string, dr *Drift) {
	d.mapping(n, path, []field{
		{key: "policy", decode: func(v *yaml.Node, p string) { dr.Policy, _ = d.nonEmpty(v, p) }},
		{key: "group_by", decode: func(v *yaml.Node, p string) { dr.GroupBy, _ = d.nonEmpty(v, p) }},
		{key: "fail_on", decode: d.oneOf(&dr.FailOn, "info", "low", "medium", "high", "critical")},
	})
}

// notify decodes notify: {slack_webhook_env}.
func (d *decoder) notify(n *yaml.Node, path string, nt *Notify) {
	d.mapping(n, path, []field{
		{key: "slack_webhook_env", decode: func(v *yaml.Node, p string) {
			nt.SlackWebhookEnv, _ = d.checked(v, p, checkEnvName)
		}},
	})
}

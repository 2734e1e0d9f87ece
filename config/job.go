package config

import (
	"path/filepath"
	"time"
)

// The sections used by the nightly job (auroradoc run) and by crawl's
// retention: where the site goes, how drift is judged, who is told.

// Retention is the retention: section: which snapshot sets to keep (see
// snapshot.Retention). All zero = keep everything.
type Retention struct {
	Daily, Weekly, Monthly int
}

// Site is the site: section.
type Site struct {
	// Out is the local directory the site is rendered into; "" = the
	// CLI's default.
	Out string
	// Publish is the s3://bucket/prefix the site is published to; "" =
	// not published.
	Publish string
	// PublishBucketRoot allows a Publish target without a prefix: every
	// object of the bucket that is not a file of the site is deleted.
	PublishBucketRoot bool
	// URL is where readers find the published site (a CloudFront or S3
	// website address), used for links in notifications; "" = none.
	URL string
}

// Drift is the drift: section.
type Drift struct {
	// Policy is the policy file, relative paths resolved against the
	// config file's directory; "" = no policy.
	Policy string
	// GroupBy is the cluster tag fleet comparison groups by ("" = the
	// CLI's default).
	GroupBy string
	// FailOn is a severity name: state findings (guardrails, configured
	// ≠ running, fleet outliers) at or above it fail the run; "" = only
	// unexpected changes do.
	FailOn string
}

// PolicyPath is the drift policy file with a relative path resolved
// against the directory of the config file; "" when there is none.
func (c *Config) PolicyPath() string {
	p := c.Drift.Policy
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(c.Source), p)
}

// Notify is the notify: section.
type Notify struct {
	// SlackWebhookEnv names the environment variable holding a Slack
	// incoming-webhook URL (a secret, so never written in the file).
	SlackWebhookEnv string
}

// Review is the review: section.
type Review struct {
	// LLM, when set, asks a model on Amazon Bedrock for a comment on
	// each review.
	LLM *LLM
}

// LLM is review.llm: which Bedrock model, where, how long to wait.
type LLM struct {
	ModelID string
	// Region is the Bedrock region; "" means the standard chain's.
	Region    string
	Timeout   time.Duration
	MaxTokens int
}

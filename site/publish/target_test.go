package publish_test

import (
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/site/publish"
)

func TestParseTargetNormalisesThePrefix(t *testing.T) {
	for _, tc := range []struct{ target, bucket, prefix string }{
		{"s3://docs-bucket/site", "docs-bucket", "site"},
		{"s3://docs-bucket/site/", "docs-bucket", "site"},
		{"s3://docs-bucket//site//prod/", "docs-bucket", "site/prod"},
		{"s3://docs-bucket", "docs-bucket", ""},
		{"s3://docs-bucket/", "docs-bucket", ""},
		{"s3://docs.example.com/a b/c", "docs.example.com", "a b/c"},
	} {
		b, p, err := publish.ParseTarget(tc.target)
		if err != nil || b != tc.bucket || p != tc.prefix {
			t.Errorf("ParseTarget(%q) = %q, %q, %v; want %q, %q", tc.target, b, p, err, tc.bucket, tc.prefix)
		}
	}
}

func TestBadTargetIsRefusedBeforeAnyRequest(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, siteFiles())
	for _, tc := range []struct{ target, why string }{
		{"", "not an s3:// URL"},
		{"docs-bucket/site", "not an s3:// URL"},
		{"https://docs-bucket.s3.amazonaws.com/site", "not an s3:// URL"},
		{"S3://docs-bucket/site", "not an s3:// URL"},
		{"s3:/docs-bucket/site", "not an s3:// URL"},
		{"s3://", "no bucket"},
		{"s3:///site", "no bucket"},
		{"s3://ab/site", "3 to 63 characters"},
		{"s3://" + strings.Repeat("a", 64), "3 to 63 characters"},
		{"s3://Docs-Bucket/site", "lowercase letters"},
		{"s3://docs_bucket/site", "lowercase letters"},
		{"s3://-docs/site", "begin and end"},
		{"s3://docs../site", "begin and end"},
		{"s3://docs..bucket/site", "adjacent dots"},
		{"s3://docs-bucket/site?versionId=1", "query, fragment"},
		{"s3://docs-bucket/site#top", "query, fragment"},
		{`s3://docs-bucket/site\prod`, "backslash"},
		{"s3://docs-bucket/site/../prod", `".." segment`},
		{"s3://docs-bucket/./site", `"." segment`},
		{"s3://docs-bucket/site\n", "control character"},
	} {
		if _, _, err := publish.ParseTarget(tc.target); err == nil || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("ParseTarget(%q): %v, want an error saying %q", tc.target, err, tc.why)
		}
		m := f.mark()
		for name, run := range map[string]func() error{
			"BuildPlan": func() error {
				_, err := publish.BuildPlan(testContext(t), client, publish.Options{Dir: dir, Target: tc.target})
				return err
			},
			"Publish": func() error {
				_, err := publish.Publish(testContext(t), client, publish.Options{Dir: dir, Target: tc.target})
				return err
			},
		} {
			err := run()
			if err == nil || !strings.Contains(err.Error(), tc.why) || !strings.Contains(err.Error(), "want s3://bucket/prefix") {
				t.Errorf("%s with Target %q: %v, want an error saying %q and what is wanted", name, tc.target, err, tc.why)
			}
		}
		if reqs := f.since(m); len(reqs) != 0 {
			t.Errorf("Target %q: requests sent: %v", tc.target, ops(reqs))
		}
	}
}

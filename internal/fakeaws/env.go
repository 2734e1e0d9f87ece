package fakeaws

import (
	"path/filepath"
	"testing"
)

// UseAsStandardChain points the standard AWS SDK chain of the running
// test (config.LoadDefaultConfig, as auroradoc loads it) at s, with static
// keys of the default account and region us-east-1, and keeps the
// developer's own AWS files and instance metadata out of the test. The
// variables are restored when the test ends (t.Setenv).
func UseAsStandardChain(t testing.TB, s *Server) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":            s.URL(),
		"AWS_ACCESS_KEY_ID":           "AKIDFAKEFLEETTEST",
		"AWS_SECRET_ACCESS_KEY":       "fake-secret-access-key-do-not-log",
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  "us-east-1",
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		t.Setenv(k, v)
	}
}

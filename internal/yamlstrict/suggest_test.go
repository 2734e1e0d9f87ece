package yamlstrict

import "testing"

func TestSuggest(t *testing.T) {
	known := []string{"name", "host", "port", "user", "password_env", "schemas", "tls"}
	cases := map[string]string{
		"nmae":         "name",
		"hots":         "host",
		"prot":         "port",
		"usr":          "user",
		"Name":         "name",
		"password-env": "password_env",
		"passwordenv":  "password_env",
		"schema":       "schemas",
		"tsl":          "tls",
		"database":     "",
		"x":            "",
		"credentials":  "",
	}
	for in, want := range cases {
		if got := Suggest(in, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
	if got := editDistance("connections_per_target", "connection_per_target"); got != 1 {
		t.Errorf("editDistance = %d, want 1", got)
	}
	if got := Suggest("aws", []string{"store", "crawl", "schemas", "targets"}); got != "" {
		t.Errorf("Suggest(aws) = %q, want none", got)
	}
}

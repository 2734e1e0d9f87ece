package collector

import (
	"slices"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

// TestSchemaFilterHostileNames crawls a real MariaDB holding schemas whose
// names carry '/', "..", and HTML through the configuration's schema
// filter: the default filter and include ["*"] document every one of them,
// '?' matches the '/', and a schema the filter leaves out is counted and
// named in a warning instead of vanishing silently.
func TestSchemaFilterHostileNames(t *testing.T) {
	m := testbed.StartMariaDB(t)
	hostile := []string{"a/b", "../../etc", "x<script>alert(1)</script>", "tmp_x"}
	for _, s := range hostile {
		m.Exec(t, "CREATE DATABASE `"+strings.ReplaceAll(s, "`", "``")+"`")
	}
	dsn := m.DSN("root", m.RootPassword, "")
	tests := []struct {
		name     string
		filter   config.Filter
		want     []string
		excluded string // the warning, "" for none
	}{
		{"default", config.Filter{}, hostile, ""},
		{"star", config.Filter{Include: []string{"*"}}, hostile, ""},
		{"question mark matches slash", config.Filter{Include: []string{"a?b", "*etc"}}, []string{"../../etc", "a/b"},
			`2 schemas excluded by the schema filter: "tmp_x", "x<script>alert(1)</script>"`},
		{"exclude", config.Filter{Include: []string{"*"}, Exclude: []string{"tmp_*", "a/*"}}, []string{"../../etc", "x<script>alert(1)</script>"},
			`2 schemas excluded by the schema filter: "a/b", "tmp_x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := introspectDSN(t, dsn, Options{IncludeSchema: tt.filter.Match})
			var got []string
			for _, sc := range snap.Schemas {
				got = append(got, sc.Name)
			}
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("schemas documented: got %q, want %q", got, want)
			}
			var excluded []string
			for _, w := range snap.Warnings {
				if strings.Contains(w, "excluded by the schema filter") {
					excluded = append(excluded, w)
				}
			}
			switch {
			case tt.excluded == "" && len(excluded) > 0:
				t.Errorf("unexpected warnings: %q", excluded)
			case tt.excluded != "" && !slices.Equal(excluded, []string{tt.excluded}):
				t.Errorf("warnings: got %q, want %q", excluded, tt.excluded)
			}
		})
	}
}

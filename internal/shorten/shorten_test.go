package shorten

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRunes(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"日本語のコメント", 4, "日本語…"},
		{"ab", 1, "…"},
		{"ab", 0, "…"},
		{"a\u0301bc", 2, "a…"}, // cut between runes, never inside one
	} {
		if got := Runes(c.in, c.n); got != c.want {
			t.Errorf("Runes(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	long := strings.Repeat("長", 5000)
	if got := Runes(long, TableComment); utf8.RuneCountInString(got) != TableComment || !utf8.ValidString(got) {
		t.Errorf("a long comment cut to %d runes", utf8.RuneCountInString(got))
	}
}

package svgsafe

import (
	"fmt"
	"testing"
)

// TestClean checks which characters are handed to show and which always
// become U+FFFD.
func TestClean(t *testing.T) {
	show := func(r rune) string { return fmt.Sprintf("[%x]", r) }
	for in, want := range map[string]string{
		"plain ascii ~":           "plain ascii ~",
		"tab\tnl\ncr\r":           "tab[9]nl[a]cr[d]",
		"nul\x00del\x7f":          "nul[0]del[7f]",
		"c1\u0085\u009f":          "c1[85][9f]",
		"rlo\u202eevil":           "rlo[202e]evil",
		"iso\u2066\u2069":         "iso[2066][2069]",
		"marks\u200e\u200f\u061c": "marks[200e][200f][61c]",
		"bad\xffutf8":             "bad\ufffdutf8",
		"non\ufffe\uffff":         "non\ufffd\ufffd",
		"kept \ufffd ⚡ 名前":        "kept \ufffd ⚡ 名前",
		"zwj\u200d":               "zwj\u200d",
	} {
		if got := Clean(in, show); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsBidiControl(t *testing.T) {
	for _, r := range []rune{0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069} {
		if !IsBidiControl(r) {
			t.Errorf("%U not a bidi control", r)
		}
	}
	for _, r := range []rune{'a', 0x200d, 0x2029, 0x202f, 0x2065, 0x206a, 0x061b} {
		if IsBidiControl(r) {
			t.Errorf("%U is a bidi control", r)
		}
	}
}

// TestLink checks which links a diagram may carry.
func TestLink(t *testing.T) {
	for in, want := range map[string]bool{
		"tables/order.html":            true,
		"../x/y.html#c":                true,
		"tables/a b.html":              true,
		"https://example.com/?a=1&b=2": true,
		"HTTP://EXAMPLE.COM/":          true,
		"../⚡.html":                    true,
		"":                             false,
		"javascript:alert(1)":          false,
		"JavaScript:alert(1)":          false,
		" javascript:alert(1)":         false,
		"java\tscript:alert(1)":        false,
		"data:text/html,<script>":      false,
		"vbscript:x":                   false,
		"mailto:a@b":                   false,
		"a\nb":                         false,
		"a\x00b":                       false,
		"a\u202eb.html":                false,
		"a\ufffe.html":                 false,
		"bad\xff":                      false,
	} {
		if got := Link(in); got != want {
			t.Errorf("Link(%q) = %v, want %v", in, got, want)
		}
	}
}

package svgsafe

import (
	"strings"
	"unicode/utf8"
)

// Clean returns s with every character that must not reach an SVG as it
// is replaced by show(r): C0 controls (tab and line breaks included), DEL
// and C1 controls, which XML 1.0 forbids or which hide text, and
// bidirectional formatting characters, which reorder text invisibly.
// Invalid UTF-8 and the noncharacters U+FFFE and U+FFFF, which XML cannot
// carry at all, always become U+FFFD. Printable ASCII, the common case, is
// returned as it is.
func Clean(s string, show func(r rune) string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1, r == 0xfffe, r == 0xffff:
			b.WriteRune(utf8.RuneError)
		case isControl(r), IsBidiControl(r):
			b.WriteString(show(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f)
}

// IsBidiControl reports whether r reorders text invisibly (the characters
// of "Trojan Source" spoofing): the embedding, override and isolate
// controls and the LRM, RLM and ALM marks.
func IsBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

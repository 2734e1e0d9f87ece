// Package glob matches names against glob patterns, the one rule every
// configuration file uses (schema filters, drift policy): * matches any run
// of characters, '/' and '.' included, so "*" matches every name.
package glob

import (
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Pattern is a compiled glob pattern: * matches any run of characters ('/'
// and '.' included, so "*" matches every name and "shop.*" every object
// of schema shop), ? one character, [a-z] and [!a-z] a class, \ escapes
// the next character. It matches the whole name, case-sensitively.
type Pattern struct {
	src string
	re  *regexp.Regexp
}

// Match reports whether name matches the whole pattern.
func (g *Pattern) Match(name string) bool { return g.re.MatchString(name) }

// String returns the pattern as written.
func (g *Pattern) String() string { return g.src }

// Compile compiles pattern, saying what is wrong with it if it cannot.
func Compile(pattern string) (*Pattern, error) {
	if pattern == "" {
		return nil, errors.New("empty pattern")
	}
	var b strings.Builder
	b.WriteString(`(?s)^`)
	for i := 0; i < len(pattern); {
		r, size := utf8.DecodeRuneInString(pattern[i:])
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '\\':
			if i+size >= len(pattern) {
				return nil, errors.New(`ends in a lone \ (write \\ for a backslash)`)
			}
			next, n := utf8.DecodeRuneInString(pattern[i+size:])
			b.WriteString(regexp.QuoteMeta(string(next)))
			size += n
		case '[':
			class, n, err := parseClass(pattern[i:])
			if err != nil {
				return nil, err
			}
			b.WriteString(class)
			size = n
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
		i += size
	}
	b.WriteString(`$`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, errors.New("invalid character class (ranges go low to high, as in [a-z])")
	}
	return &Pattern{src: pattern, re: re}, nil
}

// parseClass translates the class at the start of p ("[...]") into a
// regular expression class, returning it and the bytes it took.
func parseClass(p string) (string, int, error) {
	j := 1
	var b strings.Builder
	b.WriteByte('[')
	if j < len(p) && (p[j] == '!' || p[j] == '^') {
		b.WriteByte('^')
		j++
	}
	first := true
	for {
		if j >= len(p) {
			return "", 0, errors.New("has a [ without its closing ]")
		}
		r, n := utf8.DecodeRuneInString(p[j:])
		switch {
		case r == ']' && !first:
			b.WriteByte(']')
			return b.String(), j + 1, nil
		case r == '\\' && j+1 < len(p):
			j += n
			r, n = utf8.DecodeRuneInString(p[j:])
			b.WriteString(regexp.QuoteMeta(string(r)))
		case r == '-' && !first && j+1 < len(p) && p[j+1] != ']':
			b.WriteByte('-')
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
		first = false
		j += n
	}
}

// MatchAny reports whether name matches any of patterns. A malformed
// pattern matches nothing (configuration files reject them when parsed).
func MatchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if g, err := Compile(p); err == nil && g.Match(name) {
			return true
		}
	}
	return false
}

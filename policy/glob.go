package policy

import (
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"
)

// glob is a compiled glob pattern: * matches any run of characters ('/'
// and '.' included, so "*" matches every target and "shop.*" every object
// of schema shop), ? one character, [a-z] and [!a-z] a class, \ escapes
// the next character. It matches the whole name, case-sensitively.
type glob struct {
	pattern string
	re      *regexp.Regexp
}

func (g *glob) match(name string) bool { return g.re.MatchString(name) }

// compileGlob compiles pattern, saying what is wrong with it if it cannot.
func compileGlob(pattern string) (*glob, error) {
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
			class, n, err := globClass(pattern[i:])
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
	return &glob{pattern: pattern, re: re}, nil
}

// globClass translates the class at the start of p ("[...]") into a
// regular expression class, returning it and the bytes it took.
func globClass(p string) (string, int, error) {
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

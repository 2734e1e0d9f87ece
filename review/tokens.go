package review

import "strings"

// token is one lexical token of a statement; comments are dropped.
type token struct {
	kind tokenKind
	// text is the token as written; val is an identifier without its
	// backticks, a word in upper case, a string without its quotes.
	text, val string
	// pos is the token's byte offset in the statement.
	pos int
}

type tokenKind int

const (
	tokWord   tokenKind = iota // a keyword or an unquoted identifier
	tokIdent                   // a `quoted` identifier
	tokString                  // a 'string' or "string"
	tokNumber                  // 42, 1.5
	tokPunct                   // ( ) , . = ;  and other single characters
)

// tokenize splits a statement into tokens. It never fails: an unterminated
// quote runs to the end (Split refuses those earlier).
func tokenize(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpace(c):
			i++
		case c == '#' || (c == '-' && i+1 < len(s) && s[i+1] == '-' && (i+2 == len(s) || isSpace(s[i+2]))):
			end := strings.IndexByte(s[i:], '\n')
			if end < 0 {
				return out
			}
			i += end
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return out
			}
			i += end + 4
		case c == '`' || c == '\'' || c == '"':
			j, _, err := skipQuoted(s, i)
			if err != nil {
				j = len(s)
			}
			raw := s[i:j]
			inner := raw[1:]
			if len(inner) > 0 && inner[len(inner)-1] == c {
				inner = inner[:len(inner)-1]
			}
			inner = strings.ReplaceAll(inner, string([]byte{c, c}), string(c))
			k := tokString
			if c == '`' {
				k = tokIdent
			}
			out = append(out, token{kind: k, text: raw, val: inner, pos: i})
			i = j
		case isWordByte(c):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			w := s[i:j]
			k := tokWord
			if c >= '0' && c <= '9' && isNumber(w) {
				k = tokNumber
			}
			v := w
			if k == tokWord {
				v = strings.ToUpper(w)
			}
			out = append(out, token{kind: k, text: w, val: v, pos: i})
			i = j
		default:
			out = append(out, token{kind: tokPunct, text: s[i : i+1], val: s[i : i+1], pos: i})
			i++
		}
	}
	return out
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// is reports whether t is the keyword kw (an unquoted word).
func (t token) is(kw string) bool { return t.kind == tokWord && t.val == kw }

// name is the identifier t stands for: a quoted or unquoted name.
func (t token) name() (string, bool) {
	switch t.kind {
	case tokIdent:
		return t.val, true
	case tokWord:
		return t.text, true
	}
	return "", false
}

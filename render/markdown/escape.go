package markdown

import "strings"

// The escapers below prepare text for the places tbls puts it. See the
// package documentation for what each one changes relative to tbls.

// tblsEscaped are the characters tbls itself backslash-escapes in the
// cells of the Columns table (its mdEscRep).
const tblsEscaped = "|<>"

// literalSpecial are the characters escaped in identifiers so that they
// render as written, also as link text.
const literalSpecial = "\\`*[]<>|#&~"

// literalSpecialColumn is literalSpecial without tblsEscaped.
const literalSpecialColumn = "\\`*[]#&~"

// ident escapes an identifier for a place tbls writes raw (headings, link
// text, table cells other than the Columns table).
func ident(s string) string { return literal(s, literalSpecial) }

// identColumn escapes a column name, which tbls then passes through its
// own escaping of "|", "<" and ">".
func identColumn(s string) string { return literal(s, literalSpecialColumn) }

// literal backslash-escapes every character of s that is in special and
// turns CR and LF into spaces.
func literal(s, special string) string {
	s = oneLine(noNUL(s))
	var b strings.Builder
	for _, r := range s {
		if r < 128 && strings.ContainsRune(special, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cell escapes Markdown text for a table cell tbls writes raw: every "|"
// and every "<" that could open HTML get a backslash. tbls escapes every
// "|", "<" and ">" in the Columns table; here "<" only where it could start
// a tag, comment or autolink, so SQL such as "a <> b" or "x >= 0" in
// constraint and trigger definitions stays as tbls writes it.
func cell(s string) string { return escapeAt(noNUL(s), needsEscape(true), true) }

// cellColumn prepares Markdown text for a Columns-table cell, where tbls
// itself puts a backslash before every "|", "<" and ">": only the
// backslash runs in front of them are doubled.
func cellColumn(s string) string {
	return escapeAt(noNUL(s), func(s string, i int) bool { return strings.IndexByte(tblsEscaped, s[i]) >= 0 }, false)
}

// description escapes a comment shown as a Markdown paragraph (tbls'
// "Description" sections): a "<" that could open HTML gets a backslash,
// and so does a line that would open a code fence.
func description(s string) string {
	s = escapeAt(noNUL(s), needsEscape(false), true)
	lines := splitLines(s)
	for i, l := range lines {
		rest := strings.TrimLeft(l, " ")
		if len(l)-len(rest) <= 3 && (strings.HasPrefix(rest, "```") || strings.HasPrefix(rest, "~~~")) {
			lines[i] = l[:len(l)-len(rest)] + `\` + rest
		}
	}
	return strings.Join(lines, "\n")
}

// needsEscape returns the predicate for cell (pipes true) and description
// text: "|" if pipes is set, and "<" followed by a letter, "/", "!" or "?",
// the only ways raw HTML (tags, comments, declarations, processing
// instructions) and autolinks start in CommonMark.
func needsEscape(pipes bool) func(s string, i int) bool {
	return func(s string, i int) bool {
		switch s[i] {
		case '|':
			return pipes
		case '<':
			if i+1 >= len(s) {
				return false
			}
			c := s[i+1]
			return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
		}
		return false
	}
}

// escapeAt doubles every run of backslashes directly in front of a byte
// for which esc is true and, if add is set, puts a backslash in front of
// that byte. The result has an odd number of backslashes in front of each
// such byte, which every CommonMark/GFM parser reads as an escaped
// character (GFM tables treat any "\|" as an escaped pipe, CommonMark reads
// "\\|" as a backslash and a pipe; odd runs mean the same to both).
func escapeAt(s string, esc func(s string, i int) bool, add bool) string {
	var b strings.Builder
	run := 0 // backslashes directly before position i
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' {
			run++
			b.WriteByte(c)
			continue
		}
		if esc(s, i) {
			b.WriteString(strings.Repeat(`\`, run))
			if add {
				b.WriteByte('\\')
			}
		}
		run = 0
		b.WriteByte(c)
	}
	return b.String()
}

// oneLine turns CR LF, LF and CR into single spaces.
func oneLine(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", " "), "\n", " "), "\r", " ")
}

// splitLines splits at CR LF, LF and CR, as tbls' nl2mdnl does.
func splitLines(s string) []string {
	return strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n")
}

// nl2mdnl is tbls' template function of the same name: every line break
// becomes a Markdown hard break ("  \n").
func nl2mdnl(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "  \n"), "\n", "  \n"), "\r", "  \n")
}

// noNUL replaces NUL, which CommonMark turns into U+FFFD anyway and which
// WriteSchema reserves as a marker in tbls' output.
func noNUL(s string) string { return strings.ReplaceAll(s, "\x00", "\uFFFD") }

// fence returns a backtick fence longer than any backtick run in s, at
// least "```".
func fence(s string) string {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// Ident escapes a name (a database, schema or table name) so that it
// renders literally in Markdown text, a table cell or a link's text, as the
// tbls-layout pages write identifiers.
func Ident(s string) string { return ident(s) }

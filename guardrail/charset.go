package guardrail

import (
	"regexp"
	"strings"

	"github.com/auroradoc/auroradoc/snapshot"
)

// A column's character set is not in tbls' model: information_schema's
// COLUMN_TYPE, which tbls keeps as Column.Type, has no charset. It is read
// from the table's DDL (SHOW CREATE TABLE, kept as Table.Def), which names
// a column's CHARACTER SET or COLLATE when it differs from the table
// default (MariaDB also names it for some columns that do not), and the
// table default in its options line. Without a readable DDL the table's
// collation from information_schema.TABLES stands for every column.

var (
	// Column clauses; quoted strings are blanked out before these run.
	charsetClause = regexp.MustCompile(`(?i)\b(?:CHARACTER\s+SET|CHARSET)\s*=?\s*([A-Za-z0-9_]+)`)
	collateClause = regexp.MustCompile(`(?i)\bCOLLATE\s*=?\s*([A-Za-z0-9_]+)`)
)

// checkUTF8MB3Columns reports every character column (char, varchar, the
// text types, enum, set) of a base table whose character set is utf8mb3,
// also written utf8.
func checkUTF8MB3Columns(s *snapshot.Snapshot) []violation {
	var out []violation
	for _, t := range baseTables(s) {
		ddl := parseCreateTable(t.table.Def)
		tableDefault := ddl.charset
		if tableDefault == "" && t.info != nil {
			tableDefault = charsetOfCollation(t.info.Collation)
		}
		for _, c := range t.table.Columns {
			if c == nil || !isCharacterType(c.Type) {
				continue
			}
			cs := clauseCharset(c.Type) // some drivers write it into the type
			if cs == "" {
				cs = ddl.columns[c.Name]
			}
			if cs == "" {
				cs = tableDefault
			}
			if isUTF8MB3(cs) {
				obj := t.object() + "." + c.Name
				out = append(out, violation{objectType: "column", object: obj, field: "character_set",
					want: "utf8mb4", got: cs, what: "column " + obj + " (" + c.Type + ") uses " + cs})
			}
		}
	}
	return out
}

// isCharacterType reports whether a column type stores text in a
// character set.
func isCharacterType(typ string) bool {
	base := strings.ToLower(strings.TrimSpace(typ))
	if i := strings.IndexAny(base, "( "); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set":
		return true
	}
	return false
}

func isUTF8MB3(charset string) bool {
	return strings.EqualFold(charset, "utf8mb3") || strings.EqualFold(charset, "utf8")
}

// charsetOfCollation returns the character set a collation belongs to:
// the part before its first '_' (utf8mb3_general_ci → utf8mb3).
func charsetOfCollation(collation string) string {
	cs, _, _ := strings.Cut(collation, "_")
	return cs
}

// clauseCharset returns the character set a column definition names, by
// CHARACTER SET or else by COLLATE; "" when it names none.
func clauseCharset(def string) string {
	def = blankStrings(def)
	if m := charsetClause.FindStringSubmatch(def); m != nil {
		return m[1]
	}
	if m := collateClause.FindStringSubmatch(def); m != nil {
		return charsetOfCollation(m[1])
	}
	return ""
}

// createTable is what parseCreateTable reads from a CREATE TABLE
// statement: the table's default character set and the character sets
// its column definitions name, by column name.
type createTable struct {
	charset string
	columns map[string]string
}

// parseCreateTable reads SHOW CREATE TABLE output, which puts every
// column definition on its own line starting with a backquoted name and
// the table options on the line starting with ')'. Anything else (ANSI
// quotes, a view) yields no column charsets.
func parseCreateTable(def string) createTable {
	ct := createTable{columns: map[string]string{}}
	if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(def)), "CREATE TABLE") {
		return ct
	}
	for _, line := range strings.Split(def, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "`"):
			name, rest, ok := backquoted(line)
			if ok {
				if cs := clauseCharset(rest); cs != "" {
					ct.columns[name] = cs
				}
			}
		case strings.HasPrefix(line, ")") && ct.charset == "":
			ct.charset = clauseCharset(line)
		}
	}
	return ct
}

// backquoted splits a line starting with a backquoted identifier into the
// identifier, with doubled backquotes undone, and the rest.
func backquoted(line string) (name, rest string, ok bool) {
	var b strings.Builder
	for i := 1; i < len(line); i++ {
		if line[i] != '`' {
			b.WriteByte(line[i])
			continue
		}
		if i+1 < len(line) && line[i+1] == '`' {
			b.WriteByte('`')
			i++
			continue
		}
		return b.String(), line[i+1:], true
	}
	return "", "", false
}

// blankStrings replaces the contents of '…', "…" and `…` quoted parts
// (comments, defaults, names) with spaces, so a clause inside one is never
// taken for a real clause. Doubled quotes and backslash escapes stay
// inside their string.
func blankStrings(s string) string {
	b := []byte(s)
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote == 0:
			if c == '\'' || c == '"' || c == '`' {
				quote = c
			}
		case c == '\\' && quote != '`' && i+1 < len(b):
			b[i], b[i+1] = ' ', ' '
			i++
		case c == quote && i+1 < len(b) && b[i+1] == quote:
			b[i], b[i+1] = ' ', ' '
			i++
		case c == quote:
			quote = 0
		default:
			b[i] = ' '
		}
	}
	return string(b)
}

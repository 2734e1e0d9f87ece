package review

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Statement is one SQL statement of a migration.
type Statement struct {
	// Index counts statements from 1 across all migration files.
	Index int `json:"index"`
	// File and Line say where the statement starts.
	File string `json:"file"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

// String is "file:line" for messages.
func (s Statement) String() string { return fmt.Sprintf("%s:%d", s.File, s.Line) }

// Split splits a migration script into statements at semicolons outside
// quotes and comments. A DELIMITER line (the mysql client's, used around
// routine and trigger bodies) changes the terminator until the next one.
// Comments are kept inside a statement and dropped between statements.
func Split(file, script string) ([]Statement, error) {
	var (
		out       []Statement
		cur       strings.Builder
		line      = 1
		startLine = 0
		delim     = ";"
	)
	flush := func() {
		text := strings.TrimSpace(cur.String())
		cur.Reset()
		if text != "" && !onlyComments(text) {
			out = append(out, Statement{File: file, Line: startLine, Text: text})
		}
		startLine = 0
	}
	atLineStart := true
	for i := 0; i < len(script); {
		c := script[i]
		if atLineStart && strings.TrimSpace(cur.String()) == "" {
			// DELIMITER is a client command: only at the start of a statement.
			rest := script[i:]
			end := strings.IndexByte(rest, '\n')
			if end < 0 {
				end = len(rest)
			}
			fields := strings.Fields(rest[:end])
			if len(fields) >= 1 && strings.EqualFold(fields[0], "DELIMITER") {
				if len(fields) != 2 {
					return nil, fmt.Errorf("%s:%d: DELIMITER needs exactly one terminator", file, line)
				}
				delim = fields[1]
				cur.Reset()
				i += end
				continue
			}
		}
		atLineStart = false
		lineComment := c == '#' || (c == '-' && (strings.HasPrefix(script[i:], "-- ") || strings.HasPrefix(script[i:], "--\n")))
		blockComment := c == '/' && strings.HasPrefix(script[i:], "/*")
		leading := strings.TrimSpace(cur.String()) == ""
		if startLine == 0 && !isSpace(c) && !(leading && (lineComment || blockComment)) {
			startLine = line
		}
		switch {
		case c == '\n':
			line++
			atLineStart = true
			cur.WriteByte(c)
			i++
		case c == '\'' || c == '"' || c == '`':
			j, nl, err := skipQuoted(script, i)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", file, line, err)
			}
			cur.WriteString(script[i:j])
			line += nl
			i = j
		case lineComment:
			end := strings.IndexByte(script[i:], '\n')
			if end < 0 {
				end = len(script) - i
			}
			if !leading {
				cur.WriteString(script[i : i+end])
			}
			i += end
		case blockComment:
			end := strings.Index(script[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("%s:%d: unterminated /* comment", file, line)
			}
			body := script[i : i+2+end+2]
			line += strings.Count(body, "\n")
			if !leading || strings.HasPrefix(body, "/*!") {
				// Comments between statements go; /*! … */ is
				// MySQL's executable comment, part of the statement.
				cur.WriteString(body)
			}
			i += len(body)
		case strings.HasPrefix(script[i:], delim):
			flush()
			i += len(delim)
		default:
			cur.WriteByte(c)
			i++
		}
	}
	flush()
	return out, nil
}

// skipQuoted returns the index after the quoted string starting at i and
// the newlines inside it. Doubled quotes and backslash escapes (not in
// backtick identifiers) stay inside.
func skipQuoted(s string, i int) (end, newlines int, err error) {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\n':
			newlines++
		case '\\':
			if q != '`' {
				j++
				if j < len(s) && s[j] == '\n' {
					newlines++
				}
			}
		case q:
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1, newlines, nil
		}
	}
	return 0, 0, fmt.Errorf("unterminated %c quote", q)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// onlyComments reports whether text holds nothing but comments.
func onlyComments(text string) bool {
	toks := tokenize(text)
	return len(toks) == 0
}

// ReadMigration reads and splits migration files in order ("-" is stdin)
// and numbers their statements from 1.
func ReadMigration(stdin io.Reader, names ...string) ([]Statement, error) {
	if len(names) == 0 {
		return nil, errors.New("no migration: give MIGRATION.sql files, or - for standard input")
	}
	var out []Statement
	for _, name := range names {
		var data []byte
		var err error
		if name == "-" && stdin != nil {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			return nil, fmt.Errorf("reading the migration %s: %w", name, err)
		}
		sts, err := Split(name, string(data))
		if err != nil {
			return nil, fmt.Errorf("reading the migration: %w", err)
		}
		out = append(out, sts...)
	}
	if len(out) == 0 {
		return nil, errors.New("the migration has no statements")
	}
	for i := range out {
		out[i].Index = i + 1
	}
	return out, nil
}

package yamlstrict

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Error is one problem in a file.
type Error struct {
	// File is the source the file was read from.
	File string
	// Line and Column locate the problem (1-based); 0 when unknown, as for
	// a problem with the whole file.
	Line, Column int
	// Path is the key path, such as "targets[1].port" (list indexes are
	// 0-based); "" for the whole file.
	Path string
	// Msg says what is wrong.
	Msg string
}

// Error formats e as "file:line:column: path: msg", leaving out the parts
// that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteString(":" + strconv.Itoa(e.Column))
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in a file, in file order.
type Errors struct {
	List []*Error
}

// Error lists the problems one per line.
func (e *Errors) Error() string {
	lines := make([]string, len(e.List))
	for i, err := range e.List {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual problems to errors.Is and errors.As.
func (e *Errors) Unwrap() []error {
	out := make([]error, len(e.List))
	for i, err := range e.List {
		out[i] = err
	}
	return out
}

// collect orders errs by position and keeps one error per problem: a
// mistake in an anchored mapping merged into several places is reported
// once, under the first key path it was met at. It returns nil when there
// is nothing to report.
func collect(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	type problem struct {
		line, column int
		key, msg     string // key: the last element of the key path
	}
	seen := map[problem]bool{}
	var out []*Error
	for _, e := range errs {
		p := problem{e.Line, e.Column, e.Path[strings.LastIndexByte(e.Path, '.')+1:], e.Msg}
		if e.Line == 0 {
			p.key = e.Path
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return &Errors{List: out}
}

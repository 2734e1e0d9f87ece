// Package shorten cuts text that is repeated in listings, diagrams and the
// search index to a bounded length, marking the cut with "…"; the full
// text stays on the page the listing links to.
package shorten

import "unicode/utf8"

// Runes returns s cut to at most n runes (n ≥ 1), the last one "…" when
// s was cut.
func Runes(s string, n int) string {
	if n < 1 {
		n = 1
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, i := 0, 0
	for j := range s {
		if i == n-1 {
			cut = j
			break
		}
		i++
	}
	return s[:cut] + "…"
}

// Listing and search bounds, in runes. TableComment bounds a table
// comment in the schema's table list. The search index, downloaded whole,
// is tighter: SearchTable bounds a table comment there, ColumnComment one
// column comment, and SearchColumns all of one table's column comments
// together (the columns past it are indexed by name only). With them a
// search shard stays under 1 MB per 1,000 tables of ten columns, even
// with comments of 1,024 CJK characters.
const (
	TableComment  = 160
	SearchTable   = 100
	ColumnComment = 64
	SearchColumns = 100
)

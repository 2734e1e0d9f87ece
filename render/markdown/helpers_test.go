package markdown

import (
	"strings"
	"testing"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/testsnap"
)

// fixture returns the schemas of the frozen MariaDB fixture snapshot by
// name: "shop", "billing" and "hostile db". Each call decodes afresh.
func fixture(t testing.TB) map[string]*schema.Schema {
	t.Helper()
	s := testsnap.Fixture(t)
	out := map[string]*schema.Schema{}
	for _, sc := range s.Schemas {
		out[sc.Name] = sc.Tbls
	}
	for _, n := range []string{"shop", "billing", "hostile db"} {
		if out[n] == nil {
			t.Fatalf("fixture has no schema %q", n)
		}
	}
	return out
}

// erLink is the ERLink of the tests: "er/<table>.svg", "er/schema.svg".
func erLink(_, table string) string {
	if table == "" {
		return "er/schema.svg"
	}
	return "er/" + table + ".svg"
}

// mdTable is one GFM table of a Markdown file: its line number and rows.
type mdTable struct {
	line int
	rows []string
}

// mdTables returns the tables of a Markdown document: runs of lines that
// start with "|", outside fenced code blocks.
func mdTables(doc string) []mdTable {
	var out []mdTable
	var cur *mdTable
	fence := ""
	for i, l := range strings.Split(doc, "\n") {
		t := strings.TrimLeft(l, " ")
		if fence != "" {
			if strings.HasPrefix(t, fence) && strings.Trim(t, "`~ ") == "" {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			for _, c := range t[3:] {
				if string(c) != fence[:1] {
					break
				}
				fence += string(c)
			}
			cur = nil
			continue
		}
		if !strings.HasPrefix(l, "|") {
			cur = nil
			continue
		}
		if cur == nil {
			out = append(out, mdTable{line: i + 1})
			cur = &out[len(out)-1]
		}
		cur.rows = append(cur.rows, l)
	}
	return out
}

// cellsGFM counts the cells of a table row as GFM implementations split
// it (cmark-gfm, goldmark): a "|" directly after a backslash is part of
// the cell.
func cellsGFM(row string) int {
	row = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(row), "|"), "|")
	n := 1
	for i := 0; i < len(row); i++ {
		if row[i] == '|' && (i == 0 || row[i-1] != '\\') {
			n++
		}
	}
	return n
}

// cellsStrict counts cells with CommonMark's backslash escapes: a "|"
// after an odd run of backslashes is escaped, after an even run it splits.
func cellsStrict(row string) int {
	row = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(row), "|"), "|")
	n := 1
	run := 0
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\':
			run++
			continue
		case row[i] == '|' && run%2 == 0:
			n++
		}
		run = 0
	}
	return n
}

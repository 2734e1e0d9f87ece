package collector

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// excludedListed is how many excluded schema names the warning spells
// out; the count is always exact.
const excludedListed = 20

// excludedWarning says how many user schemas the schema filter left out,
// and which (Go-quoted, sorted, the first excludedListed of them):
// "2 schemas excluded by the schema filter: \"a/b\", \"tmp_x\"". A summary
// counts them by the line's leading number (docs/snapshot-format.md).
func excludedWarning(schemas []string) string {
	sorted := slices.Sorted(slices.Values(schemas))
	quoted := make([]string, 0, min(len(sorted), excludedListed))
	for _, s := range sorted[:min(len(sorted), excludedListed)] {
		quoted = append(quoted, strconv.Quote(s))
	}
	list := strings.Join(quoted, ", ")
	if more := len(sorted) - len(quoted); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	noun := "schemas"
	if len(schemas) == 1 {
		noun = "schema"
	}
	return fmt.Sprintf("%d %s excluded by the schema filter: %s", len(schemas), noun, list)
}

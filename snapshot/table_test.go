package snapshot

import (
	"strings"
	"testing"
)

// TestManifestWriteTable: one row per target, the note on one line (an
// error's line breaks and tabs would break the columns), the summary last.
func TestManifestWriteTable(t *testing.T) {
	m := &Manifest{Set: "2026-11-21T030000Z", Summary: Summary{OK: 1, Failed: 1, Skipped: 1}, Targets: []*Entry{
		{Name: "a", Status: StatusOK, Schemas: 2, Tables: 16, DurationMS: 41, Warnings: []string{"w1", "w2"}},
		{Name: "b", Status: StatusFailed, Error: "connecting:\n\tdial tcp: i/o timeout", DurationMS: 10000},
		{Name: "c", Status: StatusSkipped, Reason: "status is stopped"},
	}}
	var b strings.Builder
	if err := m.WriteTable(&b, "./snapshots"); err != nil {
		t.Fatal(err)
	}
	want := `TARGET  STATUS   SCHEMAS  TABLES  TIME  ERROR / WARNINGS
a       ok       2        16      41ms  2 warning(s): w1
b       failed   0        0       10s   connecting:  dial tcp: i/o timeout
c       skipped  0        0       0s    status is stopped
snapshot set 2026-11-21T030000Z written to ./snapshots: 1 ok, 1 failed, 1 skipped
`
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

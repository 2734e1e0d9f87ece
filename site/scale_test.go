package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/snapshot"
)

// oneSchema is the in-memory input of one snapshot.
func oneSchema(s *snapshot.Snapshot) Input {
	at := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	return Input{Manifest: &snapshot.Manifest{FormatVersion: 1, Set: "2026-12-05T030000Z", StartedAt: at, FinishedAt: at,
		Targets: []*snapshot.Entry{{Name: s.Target.Name, Status: snapshot.StatusOK}}}, Snapshots: []*snapshot.Snapshot{s}}
}

// TestLongCommentsBoundedInListings: 1,000 tables whose table and column
// comments are 1,024 characters long give a search shard under 1 MB and a
// schema page that does not repeat the comments whole; the table's own
// page keeps the full text.
func TestLongCommentsBoundedInListings(t *testing.T) {
	s := synthSnapshot(0, 1000, nil)
	long := strings.Repeat("長いコメント ", 1024/7) + "END"
	for _, tb := range s.Schemas[0].Tbls.Tables {
		tb.Comment = long
		for _, c := range tb.Columns {
			c.Comment = long
		}
	}
	out := t.TempDir()
	if err := Build(context.Background(), oneSchema(s), out, Options{}); err != nil {
		t.Fatal(err)
	}
	size := func(rel string) int64 {
		t.Helper()
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	target := s.Target.Name
	if n := size(targetDir(target) + "search.js"); n > 1<<20 {
		t.Errorf("search shard of 1,000 tables is %d bytes, want ≤ 1 MiB", n)
	}
	if n := size(schemaDir(target, "app") + "index.html"); n > 1<<20 {
		t.Errorf("schema page of 1,000 tables is %d bytes, want ≤ 1 MiB", n)
	}
	page, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(tablePage(target, "app", "table_0007"))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "END") {
		t.Error("the table page must show the full comment")
	}
}

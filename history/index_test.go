package history_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/history/historytest"
	"github.com/auroradoc/auroradoc/internal/fakes3"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/s3store"
)

// TestUpdateReadsNoRecordWhenIndexed: on S3, an Update with nothing to do
// reads the record index, not the records (their tags in the listing
// match the index); a record rewritten behind its back has another tag
// and is read (and, unreadable, recomputed).
func TestUpdateReadsNoRecordWhenIndexed(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	gets := map[string]int{}
	fake := fakes3.Handler()
	client := fakes3.Client(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && !r.URL.Query().Has("list-type") {
			mu.Lock()
			gets[strings.TrimPrefix(r.URL.Path, "/store/s/")]++
			mu.Unlock()
		}
		fake.ServeHTTP(w, r)
	}), "store")
	st, err := s3store.Open(client, "s3://store/s")
	if err != nil {
		t.Fatal(err)
	}
	var prev *snapshot.Manifest
	var sets []string
	for n := range 4 {
		prev = historytest.WriteSet(t, st, historytest.Night0.Add(time.Duration(n)*24*time.Hour), prev,
			[]*snapshot.Snapshot{historytest.StaticSnapshot(t, historytest.Fresh, n)}, nil)
		sets = append(sets, prev.Set)
	}
	take := func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := gets
		gets = map[string]int{}
		return out
	}
	if n, err := history.Update(ctx, st, history.Options{}); err != nil || n != 4 {
		t.Fatalf("first Update: %d records, %v", n, err)
	}
	take()
	if n, err := history.Update(ctx, st, history.Options{}); err != nil || n != 0 {
		t.Fatalf("second Update: %d records, %v", n, err)
	}
	if g := take(); len(g) != 1 || g["history-index.json"] != 1 {
		t.Fatalf("Update with nothing to do read %v, want the index only", g)
	}
	if err := st.PutAux(ctx, history.RecordKey(sets[1]), []byte("not gzip")); err != nil {
		t.Fatal(err)
	}
	if n, err := history.Update(ctx, st, history.Options{}); err != nil || n != 1 {
		t.Fatalf("Update after a record was damaged: %d records, %v", n, err)
	}
	if g := take(); g[history.RecordKey(sets[1])] != 1 || g[history.RecordKey(sets[2])] != 0 {
		t.Fatalf("Update after a record was damaged read %v", g)
	}
	take()
	if n, err := history.Update(ctx, st, history.Options{}); err != nil || n != 0 {
		t.Fatalf("Update after the repair: %d records, %v", n, err)
	}
	if g := take(); len(g) != 1 {
		t.Fatalf("Update after the repair read %v, want the index only", g)
	}
}

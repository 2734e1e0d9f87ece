package s3store

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/auroradoc/auroradoc/internal/fakes3"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/storetest"
)

// newClient starts gofakes3 and returns a real S3 client pointed at it,
// with bucket created.
func newClient(t *testing.T, bucket string) *s3.Client {
	t.Helper()
	return newClientWith(t, bucket, func(h http.Handler) http.Handler { return h })
}

// newClientWith is newClient with gofakes3 behind wrap, the place to
// inject failures.
func newClientWith(t *testing.T, bucket string, wrap func(http.Handler) http.Handler) *s3.Client {
	t.Helper()
	return fakes3.Client(t, wrap(fakes3.Handler()), bucket)
}

func snap(name string) *snapshot.Snapshot {
	return &snapshot.Snapshot{FormatVersion: snapshot.FormatVersion, Target: snapshot.Target{Name: name, Kind: "static"},
		TakenAt: time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC), Server: snapshot.Server{Flavor: "mysql", Version: "8.0.36"},
		Variables: map[string]string{"max_connections": "100"}}
}

// TestStoreOnS3 runs the store's contract through the real S3 client:
// sets keyed by time, same-second runs kept apart, interrupted sets
// ignored, manifests and snapshots read back, a prefix shared with other
// data left alone.
func TestStoreOnS3(t *testing.T) {
	ctx := context.Background()
	client := newClient(t, "dbre-docs")
	// Something else under a sibling prefix must not look like a set.
	if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("dbre-docs"), Key: aws.String("snapshots-old/2026-01-01T000000Z/manifest.json"), Body: strings.NewReader("{}")}); err != nil {
		t.Fatal(err)
	}
	st, err := Open(client, "s3://dbre-docs/snapshots")
	if err != nil {
		t.Fatal(err)
	}
	if st.String() != "s3://dbre-docs/snapshots" {
		t.Errorf("String() = %s", st)
	}
	if _, err := st.Latest(ctx); !errors.Is(err, snapshot.ErrNoSets) {
		t.Fatalf("empty store: want ErrNoSets, got %v", err)
	}
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	var ids []string
	for i := 0; i < 2; i++ {
		w, err := st.NewSet(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"billing-dev", "us-east-1/shop-prd"} {
			if _, _, err := w.Put(ctx, snap(name)); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Finish(ctx, &snapshot.Manifest{Targets: []*snapshot.Entry{{Name: "billing-dev", Status: snapshot.StatusOK}}}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, w.ID())
	}
	if ids[0] != "2026-11-21T030000Z" || ids[1] != "2026-11-21T030000Z-2" {
		t.Fatalf("set ids %v", ids)
	}
	w, _ := st.NewSet(ctx, at.Add(time.Hour)) // interrupted: no manifest
	if _, _, err := w.Put(ctx, snap("billing-dev")); err != nil {
		t.Fatal(err)
	}
	sets, err := st.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(sets, ",") != strings.Join(ids, ",") {
		t.Fatalf("Sets = %v, want %v", sets, ids)
	}
	latest, _ := st.Latest(ctx)
	if _, err := st.Manifest(ctx, latest); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"billing-dev", "us-east-1/shop-prd"} {
		s, err := st.Snapshot(ctx, latest, name)
		if err != nil || s.Target.Name != name || s.Variables["max_connections"] != "100" {
			t.Fatalf("Snapshot %s: %v %+v", name, err, s)
		}
	}
	if _, err := st.Snapshot(ctx, latest, "missing"); !errors.Is(err, snapshot.ErrNotFound) {
		t.Fatalf("missing snapshot: want ErrNotFound, got %v", err)
	}
	if _, err := Open(client, "s3://Bad_Bucket/x"); err == nil {
		t.Fatal("a bad location must be refused")
	}
}

// TestPruneOnS3: retention deletes whole sets through DeleteObjects
// (more keys than one ListObjectsV2 page would be needed for in a big
// fleet; here a few) and leaves neighbours — including a same-second
// "-2" set whose key shares the prefix — alone.
func TestPruneOnS3(t *testing.T) {
	ctx := context.Background()
	client := newClient(t, "dbre-docs")
	st, err := Open(client, "s3://dbre-docs/snapshots")
	if err != nil {
		t.Fatal(err)
	}
	write := func(at time.Time, names ...string) string {
		w, err := st.NewSet(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		m := &snapshot.Manifest{StartedAt: at, FinishedAt: at}
		for _, n := range names {
			file, sum, err := w.Put(ctx, snap(n))
			if err != nil {
				t.Fatal(err)
			}
			m.Targets = append(m.Targets, &snapshot.Entry{Name: n, Status: snapshot.StatusOK, File: file, SHA256: sum})
		}
		if err := w.Finish(ctx, m); err != nil {
			t.Fatal(err)
		}
		return w.ID()
	}
	old := time.Date(2026, 9, 1, 3, 0, 0, 0, time.UTC)
	dropped := write(old, "a", "b", "c")
	twin := write(old.Add(24*time.Hour), "a")
	twin2 := write(old.Add(24*time.Hour), "a") // same second: "-2"
	recent := write(time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC), "a")
	deleted, err := st.Prune(ctx, snapshot.Retention{Daily: 7, Monthly: 6}, time.Date(2026, 11, 21, 4, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	// September keeps its newest set (twin2); the older two go.
	if len(deleted) != 2 || deleted[0] != dropped || deleted[1] != twin {
		t.Fatalf("deleted %v, want [%s %s]", deleted, dropped, twin)
	}
	sets, err := st.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0] != twin2 || sets[1] != recent {
		t.Errorf("sets after prune = %v", sets)
	}
	out, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("dbre-docs"), Prefix: aws.String("snapshots/" + dropped)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Contents) != 0 {
		t.Errorf("%d objects of the dropped set remain", len(out.Contents))
	}
	if _, err := st.Snapshot(ctx, twin2, "a"); err != nil {
		t.Errorf("neighbour set damaged: %v", err)
	}
}

// TestConcurrentSetsOnS3: ten crawls started in the same second on one S3
// store each get a set of their own (gofakes3 v1.2.0 honours PutObject's
// If-None-Match: * atomically, as S3 does).
func TestConcurrentSetsOnS3(t *testing.T) {
	st, err := Open(newClient(t, "dbre-docs"), "s3://dbre-docs/snapshots")
	if err != nil {
		t.Fatal(err)
	}
	storetest.ConcurrentSets(t, st, 10)
}

// TestFailedPutIsCarriedOnS3: every PUT of one snapshot answers HTTP 500
// (the SDK's retries included); the target's last good snapshot is then
// carried forward into the set, not refused as "already has a snapshot".
func TestFailedPutIsCarriedOnS3(t *testing.T) {
	var failing atomic.Value // the key whose PUTs fail, "" for none
	failing.Store("")
	var failed atomic.Int32
	client := newClientWith(t, "dbre-docs", func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if k := failing.Load().(string); k != "" && r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/"+k) {
				failed.Add(1)
				http.Error(w, "<Error><Code>InternalError</Code><Message>injected</Message></Error>", http.StatusInternalServerError)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	st, err := Open(client, "s3://dbre-docs/snapshots")
	if err != nil {
		t.Fatal(err)
	}
	storetest.FailedPutIsCarried(t, st,
		func(set string) { failing.Store(set + "/targets/flaky.json.gz") },
		func(string) { failing.Store("") })
	if failed.Load() == 0 {
		t.Error("no PUT was failed")
	}
}

// TestSetsRequestsDoNotGrowWithSets: listing the complete sets costs two
// listings however many sets are kept (the complete-set index), sets
// written before the index are found through their manifest once and
// indexed then, and an index entry whose set folder is gone is ignored.
func TestSetsRequestsDoNotGrowWithSets(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	counts := map[string]int{}
	client := newClientWith(t, "dbre-docs", func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			op := r.Method
			if r.URL.Query().Has("list-type") {
				op = "LIST"
			}
			mu.Lock()
			counts[op]++
			mu.Unlock()
			h.ServeHTTP(w, r)
		})
	})
	take := func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := counts
		counts = map[string]int{}
		return out
	}
	st, err := Open(client, "s3://dbre-docs/snapshots")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 12 {
		w, err := st.NewSet(ctx, time.Date(2026, 11, 1+i, 3, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Finish(ctx, &snapshot.Manifest{}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, w.ID())
	}
	sets := func(want []string) {
		t.Helper()
		got, err := st.Sets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("Sets = %v, want %v", got, want)
		}
	}
	take()
	sets(ids)
	if c := take(); c["LIST"] != 2 || len(c) != 1 {
		t.Fatalf("Sets of 12 indexed sets: requests %v, want 2 listings", c)
	}
	// Two sets from before the index: found through their manifests and
	// indexed, after which Sets is back to two listings.
	for _, id := range ids[3:5] {
		if _, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("dbre-docs"), Key: aws.String("snapshots/sets/" + id)}); err != nil {
			t.Fatal(err)
		}
	}
	sets(ids)
	if c := take(); c["LIST"] != 4 || c["PUT"] != 2 {
		t.Fatalf("Sets with 2 unindexed sets: requests %v, want 2 listings + 2 manifest checks, 2 index writes", c)
	}
	sets(ids)
	if c := take(); c["LIST"] != 2 || len(c) != 1 {
		t.Fatalf("Sets after migration: requests %v, want 2 listings", c)
	}
	// A set deleted behind the store's back (its folder gone, its index
	// entry left) is not listed.
	for _, key := range []string{"snapshots/" + ids[7] + "/manifest.json", "snapshots/" + ids[7] + "/.auroradoc-set"} {
		if _, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("dbre-docs"), Key: aws.String(key)}); err != nil {
			t.Fatal(err)
		}
	}
	sets(append(slices.Clone(ids[:7]), ids[8:]...))
	// Retention takes a set out of the index with its files.
	deleted, err := st.Prune(ctx, snapshot.Retention{Daily: 3}, time.Date(2026, 11, 13, 4, 0, 0, 0, time.UTC))
	if err != nil || len(deleted) != 9 {
		t.Fatalf("Prune deleted %v, %v", deleted, err)
	}
	sets(ids[10:])
	keys, err := st.ListAux(ctx, "sets/")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 { // ids[10:] and the stale entry of ids[7]
		t.Errorf("index after retention: %v", keys)
	}
}

package nightly_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/internal/fakes3"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/nightly"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/s3store"
)

const (
	benchBucket = "dbre-store"
	benchStore  = "s3://" + benchBucket + "/snapshots"
)

func benchSize(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v >= 0 {
		return v
	}
	return def
}

// s3Counter is an http.Handler in front of gofakes3 that waits a fixed
// latency before each request (the round trip to S3) and counts requests
// by operation and kind of key.
type s3Counter struct {
	next    http.Handler
	latency time.Duration
	mu      sync.Mutex
	counts  map[string]int
}

func (c *s3Counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	time.Sleep(c.latency)
	c.mu.Lock()
	c.counts[s3Kind(r)]++
	c.mu.Unlock()
	c.next.ServeHTTP(w, r)
}

func (c *s3Counter) reset() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.counts
	c.counts = map[string]int{}
	return out
}

// s3Kind names a request: operation and what its key (or list prefix) is
// in the store's layout.
func s3Kind(r *http.Request) string {
	q := r.URL.Query()
	path := strings.TrimPrefix(r.URL.Path, "/"+benchBucket)
	path = strings.TrimPrefix(strings.TrimPrefix(path, "/"), "snapshots/")
	op := r.Method
	switch {
	case r.Method == http.MethodGet && q.Has("list-type"):
		op, path = "LIST", q.Get("prefix")
		path = strings.TrimPrefix(path, "snapshots/")
		if q.Get("max-keys") == "1" {
			op = "LIST1" // Backend.Exists
		}
	case r.Method == http.MethodPost && q.Has("delete"):
		op = "DELETEMULTI"
	}
	return op + " " + keyKind(path)
}

func keyKind(key string) string {
	if key == "" {
		return "(root)"
	}
	first, rest, folder := strings.Cut(key, "/")
	if !folder {
		return key
	}
	if len(first) >= len(snapshot.SetIDLayout) {
		if _, err := time.Parse(snapshot.SetIDLayout, first[:len(snapshot.SetIDLayout)]); err == nil {
			switch {
			case rest == "":
				return "<set>/"
			case strings.HasPrefix(rest, "targets/"):
				return "<set>/targets/…"
			}
			return "<set>/" + rest
		}
	}
	return first + "/…"
}

// nightAt is the start of night n.
func nightAt(n int) time.Time {
	return time.Date(2025, 1, 1, 3, 0, 0, 0, time.UTC).Add(time.Duration(n) * 24 * time.Hour)
}

// writeNight writes night n of clusters as a complete set; full snapshots
// (300 tables) when full, else parameters and variables only.
func writeNight(ctx context.Context, st *snapshot.Store, n, clusters int, full bool) (*snapshot.Manifest, error) {
	w, err := st.NewSet(ctx, nightAt(n))
	if err != nil {
		return nil, err
	}
	m := &snapshot.Manifest{StartedAt: nightAt(n), FinishedAt: nightAt(n).Add(time.Hour), Tool: "bench"}
	m.Targets = make([]*snapshot.Entry, clusters)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(32)
	for c := range clusters {
		g.Go(func() error {
			s := fixtures.NightlySnapshot(c, n)
			if !full {
				s.Schemas = nil
			}
			file, sum, err := w.Put(gctx, s)
			m.Targets[c] = &snapshot.Entry{Name: s.Target.Name, Status: snapshot.StatusOK, File: file, SHA256: sum, Schemas: len(s.Schemas)}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return m, w.Finish(ctx, m)
}

// writeOldNight writes night n as a manifest without snapshot files (no
// night reads an old set's snapshots) plus its history record, as Update
// would have computed it: clusters digests of 300 parameters, 400
// variables and 300 table sizes, no findings. prev is the set before.
// It returns the set's id.
func writeOldNight(ctx context.Context, st *snapshot.Store, n, clusters int, prev string) (string, error) {
	w, err := st.NewSet(ctx, nightAt(n))
	if err != nil {
		return "", err
	}
	at := nightAt(n)
	m := &snapshot.Manifest{StartedAt: at, FinishedAt: at.Add(time.Hour), Tool: "bench"}
	for c := range clusters {
		name := fmt.Sprintf("us-east-1/app-%03d", c)
		m.Targets = append(m.Targets, &snapshot.Entry{Name: name, Status: snapshot.StatusOK, File: "targets/" + name + ".json.gz"})
	}
	if err := w.Finish(ctx, m); err != nil {
		return "", err
	}
	return w.ID(), writeRecord(ctx, st, w.ID(), prev, n, clusters)
}

// writeRecord writes the history record of set (night n, after prev).
func writeRecord(ctx context.Context, st *snapshot.Store, set, prev string, n, clusters int) error {
	at := nightAt(n)
	rec := &history.Record{FormatVersion: history.RecordVersion, Set: set, Prev: prev, TakenAt: at}
	for c := range clusters {
		name := fmt.Sprintf("us-east-1/app-%03d", c)
		d := &history.Digest{Name: name, Status: snapshot.StatusOK, TakenAt: &at, Engine: "aurora-mysql",
			EngineVersion: "8.0.mysql_aurora.3.05.2", ServerVersion: "8.0.32",
			Parameters: map[string]string{}, Variables: map[string]string{}, Tables: map[string]map[string]history.TableSize{}}
		for i := range 300 {
			d.Parameters[fmt.Sprintf("aurora_param_%03d", i)] = strconv.Itoa(i * 10)
			sc := fmt.Sprintf("schema_%d", i%3)
			if d.Tables[sc] == nil {
				d.Tables[sc] = map[string]history.TableSize{}
			}
			d.Tables[sc][fmt.Sprintf("table_%04d", i/3)] = history.TableSize{Bytes: 16384 * int64(i+1+n), Rows: int64(i*100 + n)}
		}
		for i := range 400 {
			d.Variables[fmt.Sprintf("variable_name_%03d", i)] = "value-" + strconv.Itoa(i)
		}
		rec.Targets = append(rec.Targets, d)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(rec); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return st.PutAux(ctx, history.RecordKey(set), buf.Bytes())
}

// BenchmarkNightOnS3 runs the store side of one `auroradoc run` night
// against gofakes3 behind a latency of AURORADOC_BENCH_LATENCY_MS (30)
// per request, with AURORADOC_BENCH_NIGHTS (365) nights already in the
// store and their history records computed, for AURORADOC_BENCH_CLUSTERS
// (200) clusters of 300 tables: the crawl's store work (latest manifest,
// new set, one snapshot per cluster, manifest), retention (keeping all),
// the drift history (Update + Load), the drift assessment since the last
// reported set, and the reported mark. It reports S3 requests by
// operation and kind of key, and the wall time. The site render is not
// part of it (its store reads are one GET per changed cluster; see
// BenchmarkRenderFleet).
//
// Only the newest stored night and tonight hold snapshots (full ones):
// older nights are a manifest plus a history record of the real size
// (writeOldNight), which is all a night reads of them.
func BenchmarkNightOnS3(b *testing.B) {
	clusters := benchSize("AURORADOC_BENCH_CLUSTERS", 200)
	nights := benchSize("AURORADOC_BENCH_NIGHTS", 365)
	latency := time.Duration(benchSize("AURORADOC_BENCH_LATENCY_MS", 30)) * time.Millisecond
	ctx := context.Background()

	fake := fakes3.Handler()
	setupClient := fakes3.Client(b, fake, benchBucket)
	counter := &s3Counter{next: fake, latency: latency, counts: map[string]int{}}
	nightClient := fakes3.Client(b, counter)

	setup, err := s3store.Open(setupClient, benchStore)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	prev := ""
	for n := range nights - 1 {
		if prev, err = writeOldNight(ctx, setup, n, clusters, prev); err != nil {
			b.Fatal(err)
		}
	}
	m, err := writeNight(ctx, setup, nights-1, clusters, true)
	if err != nil {
		b.Fatal(err)
	}
	if err := writeRecord(ctx, setup, m.Set, prev, nights-1, clusters); err != nil {
		b.Fatal(err)
	}
	if n, err := history.Update(ctx, setup, history.Options{}); err != nil || n != 0 {
		b.Fatalf("history of the setup: %d records computed, %v", n, err)
	}
	b.Logf("setup: %d nights × %d clusters in %s", nights, clusters, time.Since(start).Round(time.Millisecond))

	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		counter.reset()
		st, err := s3store.Open(nightClient, benchStore)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		t0 := time.Now()
		phases := map[string]time.Duration{}
		phase := func(name string, t time.Time) { phases[name] += time.Since(t) }

		t := time.Now()
		id, err := st.Latest(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Manifest(ctx, id); err != nil {
			b.Fatal(err)
		}
		m, err := writeNight(ctx, st, nights+i, clusters, true)
		if err != nil {
			b.Fatal(err)
		}
		phase("crawl", t)

		t = time.Now()
		if _, err := st.Prune(ctx, snapshot.Retention{Daily: nights + b.N + 10}, nightAt(nights+i)); err != nil {
			b.Fatal(err)
		}
		phase("retention", t)

		t = time.Now()
		h, _, err := history.Refresh(ctx, st, history.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(h.Nights) != nights+i+1 {
			b.Fatalf("history of %d nights, want %d", len(h.Nights), nights+i+1)
		}
		phase("history", t)

		t = time.Now()
		r, err := nightly.Drift(ctx, st, m, nightly.Options{GroupBy: assess.DefaultGroupBy, Now: nightAt(nights + i)})
		if err != nil || r == nil {
			b.Fatalf("drift: %v (report %v)", err, r)
		}
		if len(r.Damaged) > 0 || len(r.Changes) == 0 {
			b.Fatalf("drift: damaged %v, %d changes", r.Damaged, len(r.Changes))
		}
		phase("drift", t)

		t = time.Now()
		if err := nightly.MarkReported(ctx, st, r, nightAt(nights+i)); err != nil {
			b.Fatal(err)
		}
		phase("mark", t)
		wall := time.Since(t0)
		b.StopTimer()

		counts := counter.reset()
		total := 0
		kinds := make([]string, 0, len(counts))
		for k, n := range counts {
			kinds = append(kinds, k)
			total += n
		}
		sort.Strings(kinds)
		var sb strings.Builder
		fmt.Fprintf(&sb, "night %d: %d clusters, %d nights before it, latency %s: %d requests, wall %s\n", i, clusters, nights+i, latency, total, wall.Round(time.Millisecond))
		for _, k := range kinds {
			fmt.Fprintf(&sb, "  %-34s %6d\n", k, counts[k])
		}
		for _, p := range []string{"crawl", "retention", "history", "drift", "mark"} {
			fmt.Fprintf(&sb, "  phase %-10s %s\n", p, phases[p].Round(time.Millisecond))
		}
		fmt.Fprint(os.Stderr, sb.String())
		if i == b.N-1 {
			b.ReportMetric(float64(total), "requests/night")
			b.ReportMetric(wall.Seconds(), "wall-s/night")
		}
		b.StartTimer()
	}
}

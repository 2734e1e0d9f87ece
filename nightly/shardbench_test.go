package nightly_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/internal/fakes3"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/nightly/shard"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/s3store"
)

// BenchmarkShardedNightStoreWork: the store side of one night of
// AURORADOC_BENCH_CLUSTERS (200) clusters of 300 tables on gofakes3 behind
// AURORADOC_BENCH_LATENCY_MS (30 ms) per request, after one earlier night:
// as one process (the baseline: previous manifest, new set, one PUT per
// snapshot, carry, manifest) and as AURORADOC_BENCH_SHARDS (4) shards
// running at once (join the set, their snapshots, their record) followed by
// the finishing step (close, read the records, previous manifest, carry,
// manifest). It reports the S3 requests of each and their wall time; the
// crawl itself (the databases) is not part of it.
func BenchmarkShardedNightStoreWork(b *testing.B) {
	clusters := benchSize("AURORADOC_BENCH_CLUSTERS", 200)
	shards := benchSize("AURORADOC_BENCH_SHARDS", 4)
	latency := time.Duration(benchSize("AURORADOC_BENCH_LATENCY_MS", 30)) * time.Millisecond
	ctx := context.Background()
	discard := slog.New(slog.DiscardHandler)
	snaps := make([]*snapshot.Snapshot, clusters)
	for c := range snaps {
		snaps[c] = fixtures.NightlySnapshot(c, 1)
	}
	cfg := &config.Config{Source: "bench", AWS: &config.AWS{}}
	var plan []shard.Spec
	for i := range shards {
		r := fmt.Sprintf("eu-bench-%d", i+1)
		cfg.AWS.Regions = append(cfg.AWS.Regions, r)
		plan = append(plan, shard.Spec{Region: r})
	}
	put := func(ctx context.Context, w *snapshot.SetWriter, part []*snapshot.Snapshot) ([]*snapshot.Entry, error) {
		out := make([]*snapshot.Entry, len(part))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(32)
		for i, s := range part {
			g.Go(func() error {
				file, sum, err := w.Put(gctx, s)
				out[i] = &snapshot.Entry{Name: s.Target.Name, Status: snapshot.StatusOK, File: file, SHA256: sum, Schemas: len(s.Schemas)}
				return err
			})
		}
		return out, g.Wait()
	}
	for i := range b.N {
		b.StopTimer()
		// Two fresh stores (one per way), each after the same earlier night.
		open := func() (*snapshot.Store, *s3Counter) {
			fake := fakes3.Handler()
			setup, err := s3store.Open(fakes3.Client(b, fake, benchBucket), benchStore)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := writeNight(ctx, setup, 0, clusters, true); err != nil {
				b.Fatal(err)
			}
			counter := &s3Counter{next: fake, latency: latency, counts: map[string]int{}}
			st, err := s3store.Open(fakes3.Client(b, counter), benchStore)
			if err != nil {
				b.Fatal(err)
			}
			return st, counter
		}
		single, counter := open()
		sharded, shardCounter := open()
		counter.reset()
		b.StartTimer()

		t0 := time.Now()
		prev, err := collector.PreviousManifest(ctx, single, discard)
		if err != nil {
			b.Fatal(err)
		}
		w, err := single.NewSet(ctx, nightAt(1))
		if err != nil {
			b.Fatal(err)
		}
		entries, err := put(ctx, w, snaps)
		if err != nil {
			b.Fatal(err)
		}
		m := &snapshot.Manifest{StartedAt: nightAt(1), Tool: "bench", Targets: entries}
		if err := collector.CompleteSet(ctx, w, prev, m, nightAt(1).Add(time.Hour), discard); err != nil {
			b.Fatal(err)
		}
		singleWall, singleCounts := time.Since(t0), counter.reset()
		counter = shardCounter

		t0 = time.Now()
		id := nightAt(1).Format(snapshot.SetIDLayout)
		var mu sync.Mutex
		shardWall := map[string]time.Duration{}
		g, gctx := errgroup.WithContext(ctx)
		for k, sp := range plan {
			g.Go(func() error {
				s0 := time.Now()
				w, err := sharded.JoinSet(gctx, id, true)
				if err != nil {
					return err
				}
				var part []*snapshot.Snapshot
				for c := k; c < clusters; c += shards {
					part = append(part, snaps[c])
				}
				es, err := put(gctx, w, part)
				if err != nil {
					return err
				}
				rec, _ := json.Marshal(shard.Record{Shard: sp.String(), StartedAt: nightAt(1), FinishedAt: nightAt(1), Tool: "bench", Targets: es})
				if err := w.PutShardRecord(gctx, sp.String()+".json", rec); err != nil {
					return err
				}
				mu.Lock()
				shardWall[sp.String()] = time.Since(s0)
				mu.Unlock()
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
		shardsWall, shardCounts := time.Since(t0), counter.reset()
		t1 := time.Now()
		fm, missing, err := shard.Finish(ctx, sharded, id, shard.FinishOptions{Shards: plan, Config: cfg, Tool: "bench"})
		if err != nil || len(missing) > 0 || fm.Summary.OK != clusters {
			b.Fatalf("finish: %v, missing %v, summary %+v", err, missing, fm)
		}
		finishWall, finishCounts := time.Since(t1), counter.reset()
		b.StopTimer()

		report := func(name string, wall time.Duration, counts map[string]int) int {
			total := 0
			kinds := make([]string, 0, len(counts))
			for k, n := range counts {
				kinds = append(kinds, k)
				total += n
			}
			sort.Strings(kinds)
			fmt.Fprintf(os.Stderr, "%-8s %5d requests, wall %s\n", name, total, wall.Round(time.Millisecond))
			for _, k := range kinds {
				fmt.Fprintf(os.Stderr, "  %-34s %6d\n", k, counts[k])
			}
			return total
		}
		fmt.Fprintf(os.Stderr, "%d clusters, %d shards, latency %s\n", clusters, shards, latency)
		s := report("single", singleWall, singleCounts)
		sh := report("shards", shardsWall, shardCounts)
		f := report("finish", finishWall, finishCounts)
		if i == b.N-1 {
			b.ReportMetric(float64(s), "single-requests")
			b.ReportMetric(float64(sh+f), "sharded-requests")
			b.ReportMetric(float64(sh+f)/float64(s), "requests-ratio")
			b.ReportMetric(singleWall.Seconds(), "single-wall-s")
			b.ReportMetric((shardsWall + finishWall).Seconds(), "sharded-wall-s")
		}
		b.StartTimer()
	}
}

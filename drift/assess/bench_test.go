package assess_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/procmem"
	"github.com/auroradoc/auroradoc/snapshot"
)

// BenchmarkDriftReport times what `auroradoc drift --format json` does
// (assess.Sets, assess.Run of the latest set against the one before, no
// policy, report.Write) on a synthetic fleet of 200 clusters × 300 tables
// (AURORADOC_BENCH_CLUSTERS to change), against a baseline measured in the
// same run: reading and decoding the same 400 snapshots and doing nothing
// else. The ratio is what comparing, the state checks and the report cost
// on top of reading the store.
//
//	go test -run '^$' -bench DriftReport -benchtime 1x ./drift/assess
func BenchmarkDriftReport(b *testing.B) {
	clusters := 200
	if v, err := strconv.Atoi(os.Getenv("AURORADOC_BENCH_CLUSTERS")); err == nil && v > 0 {
		clusters = v
	}
	ctx := context.Background()
	st, err := snapshot.OpenDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for night := 0; night < 2; night++ {
		w, err := st.NewSet(ctx, time.Date(2026, 11, 20+night, 3, 0, 0, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		entries := make([]*snapshot.Entry, clusters)
		var g errgroup.Group
		g.SetLimit(runtime.GOMAXPROCS(0))
		for c := range clusters {
			g.Go(func() error {
				file, sum, err := w.Put(ctx, fixtures.NightlySnapshot(c, night))
				entries[c] = &snapshot.Entry{Name: fmt.Sprintf("us-east-1/app-%03d", c), Status: snapshot.StatusOK, File: file, SHA256: sum}
				return err
			})
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
		if err := w.Finish(ctx, &snapshot.Manifest{Targets: entries}); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, w.ID())
	}
	var read, dr procmem.Sample
	for b.Loop() {
		read = procmem.Measure(func() {
			for _, id := range ids {
				for c := range clusters {
					if _, err := st.Snapshot(ctx, id, fmt.Sprintf("us-east-1/app-%03d", c)); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		var code int
		var err error
		dr = procmem.Measure(func() {
			code, err = driftReport(ctx, st)
		})
		if err != nil {
			b.Fatal(err)
		}
		if code != 1 {
			b.Fatalf("drift exit code %d, want 1 (every cluster changed)", code)
		}
	}
	b.ReportMetric(float64(read.Wall.Milliseconds()), "read-ms")
	b.ReportMetric(float64(dr.Wall.Milliseconds()), "drift-ms")
	b.ReportMetric(float64(dr.Wall)/float64(read.Wall), "drift/read")
	b.ReportMetric(float64(read.PeakHeap)/(1<<20), "read-peak-heap-MiB")
	b.ReportMetric(float64(dr.PeakHeap)/(1<<20), "drift-peak-heap-MiB")
}

// driftReport is `auroradoc drift --store DIR --format json` without the
// command: the default sets, the default grouping, the json report.
func driftReport(ctx context.Context, st *snapshot.Store) (int, error) {
	from, to, err := assess.Sets(ctx, st, "", "")
	if err != nil {
		return 0, err
	}
	r, err := assess.Run(ctx, assess.Input{Store: st, From: from, To: to}, assess.Options{GroupBy: assess.DefaultGroupBy})
	if err != nil {
		return 0, err
	}
	if err := report.Write(io.Discard, r, "json"); err != nil {
		return 0, err
	}
	return r.ExitCode(nil), nil
}

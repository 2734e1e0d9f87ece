package er

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/k1LoW/tbls/schema"
)

// TestConcurrentRenderers renders from many goroutines through two
// Renderers sharing one cache: every result must equal the serial one.
// go-graphviz's single WebAssembly module is not safe for concurrent use
// (without the package lock this test fails with spurious syntax errors,
// wrong SVG and, under -race, data races in wazero's memory).
func TestConcurrentRenderers(t *testing.T) {
	ctx := context.Background()
	shop := fixture(t, "shop")
	synth := synthSchema("synth", 40, 9)
	type job struct {
		s     *schema.Schema
		table string
	}
	var jobs []job
	for _, tb := range shop.Tables {
		jobs = append(jobs, job{shop, tb.Name})
	}
	for _, tb := range synth.Tables[:10] {
		jobs = append(jobs, job{synth, tb.Name})
	}
	run := func(r *Renderer, j job) ([]byte, error) {
		return r.Table(ctx, j.s, j.table, 2)
	}

	serial := newRenderer(t, Options{Link: tableLink})
	want := make([][]byte, len(jobs))
	for k, j := range jobs {
		svg, err := run(serial, j)
		if err != nil {
			t.Fatal(err)
		}
		want[k] = svg
	}

	cache := newMemCache()
	rs := []*Renderer{newRenderer(t, Options{Link: tableLink, Cache: cache}), newRenderer(t, Options{Link: tableLink})}
	const workers = 8
	errs := make(chan error, workers*len(jobs)*2)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rs[w%len(rs)]
			for round := range 2 {
				for k := range jobs {
					k := (k + w*3) % len(jobs)
					got, err := run(r, jobs[k])
					if err != nil {
						errs <- err
						continue
					}
					if !bytes.Equal(got, want[k]) {
						errs <- fmt.Errorf("worker %d round %d: %s differs from the serial render", w, round, jobs[k].table)
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := rs[0].Stats(); st.CacheHits == 0 || st.Renders+st.CacheHits != int64(workers/2*2*len(jobs)) {
		t.Errorf("cached renderer stats %+v", st)
	}
}

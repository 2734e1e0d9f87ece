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
	jobs := []*schema.Schema{fixture(t, "shop"), fixture(t, "billing"), fixture(t, "hostile db")}
	for k := range 10 {
		jobs = append(jobs, synthSchema(fmt.Sprintf("synth%d", k), 8+4*k, uint64(9+k)))
	}
	run := func(r *Renderer, s *schema.Schema) ([]byte, error) {
		return r.Schema(ctx, s)
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
						errs <- fmt.Errorf("worker %d round %d: %s differs from the serial render", w, round, jobs[k].Name)
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

package er

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/k1LoW/tbls/schema"
)

// newWorkerRenderer returns a Renderer that lays out in workers.
func newWorkerRenderer(t testing.TB, opts Options) *Renderer {
	t.Helper()
	opts.Graphviz = Workers
	r := newRenderer(t, opts)
	if !r.InWorkers() {
		t.Fatal("renderer is not using workers")
	}
	return r
}

// TestWorkerSameSVG: a worker draws byte for byte what the in-process
// Graphviz draws, for every kind of diagram, and reports Graphviz's errors
// the same way.
func TestWorkerSameSVG(t *testing.T) {
	ctx := context.Background()
	opts := Options{Link: tableLink, PartLink: partLink}
	in := newRenderer(t, Options{Link: tableLink, PartLink: partLink, Graphviz: InProcess})
	if in.InWorkers() {
		t.Fatal("InProcess renderer uses workers")
	}
	wk := newWorkerRenderer(t, opts)
	shop := fixture(t, "shop")
	synth := synthSchema("synth", 120, 3)
	type diagram struct {
		name string
		draw func(r *Renderer) ([]byte, error)
	}
	diagrams := []diagram{
		{"shop schema", func(r *Renderer) ([]byte, error) { return r.Schema(ctx, shop) }},
		{"synth schema", func(r *Renderer) ([]byte, error) { return r.Schema(ctx, synth) }},
		{"synth overview", func(r *Renderer) ([]byte, error) {
			parts, err := r.Overview(ctx, synth, Fit{MaxTables: 30})
			var all []byte
			for _, p := range parts {
				all = append(all, p.SVG...)
			}
			return all, err
		}},
	}
	for _, d := range diagrams {
		want, err := d.draw(in)
		if err != nil {
			t.Fatalf("%s in-process: %v", d.name, err)
		}
		got, err := d.draw(wk)
		if err != nil {
			t.Fatalf("%s in a worker: %v", d.name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the worker's SVG (%d bytes) differs from the in-process one (%d bytes)", d.name, len(got), len(want))
		}
	}
	if st := wk.WorkerStats(); st.Starts == 0 || st.Crashes != 0 {
		t.Errorf("worker stats %+v", st)
	}

	// Graphviz's own error travels back as the same message.
	bad := []byte("digraph { a -> }")
	_, wantErr := in.layout(ctx, bad)
	_, gotErr := wk.layout(ctx, bad)
	if wantErr == nil || gotErr == nil || gotErr.Error() != wantErr.Error() {
		t.Errorf("bad DOT: worker error %v, in-process error %v", gotErr, wantErr)
	}
	// ...and the worker survives it.
	if _, err := wk.Schema(ctx, shop); err != nil {
		t.Errorf("after a bad DOT: %v", err)
	}
	if st := wk.WorkerStats(); st.Crashes != 0 {
		t.Errorf("a DOT error counted as a crash: %+v", st)
	}
}

// processGone reports whether pid no longer exists (reaped, not a zombie).
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

func onePID(t *testing.T, r *Renderer) int {
	t.Helper()
	pids := r.pool.livePIDs()
	if len(pids) != 1 {
		t.Fatalf("%d live workers, want 1", len(pids))
	}
	return pids[0]
}

// TestWorkerKilled: a worker killed between diagrams or during one is
// replaced, the diagram still arrives, and no process is left behind.
func TestWorkerKilled(t *testing.T) {
	ctx := context.Background()
	r := newWorkerRenderer(t, Options{Workers: 1, Logger: discardLogger()})
	small := synthSchema("small", 20, 5)
	want, err := r.Schema(ctx, small)
	if err != nil {
		t.Fatal(err)
	}

	// Killed while idle.
	pid := onePID(t, r)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	got, err := r.Schema(ctx, small)
	if err != nil {
		t.Fatalf("after killing the idle worker: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Error("after killing the idle worker: different SVG")
	}
	if !processGone(pid) {
		t.Errorf("killed worker %d was not reaped", pid)
	}

	// Killed while laying out a large diagram.
	big := synthSchema("big", 300, 1)
	wantBig, err := newRenderer(t, Options{Graphviz: InProcess}).Schema(ctx, big)
	if err != nil {
		t.Fatal(err)
	}
	pid = onePID(t, r)
	crashes := r.WorkerStats().Crashes
	killed := make(chan error, 1)
	go func() {
		// The 300-table layout takes about a second: kill it midway.
		time.Sleep(150 * time.Millisecond)
		killed <- syscall.Kill(pid, syscall.SIGKILL)
	}()
	got, err = r.Schema(ctx, big)
	if kerr := <-killed; kerr != nil {
		t.Fatal(kerr)
	}
	if err != nil {
		t.Fatalf("after killing the busy worker: %v", err)
	}
	if !bytes.Equal(got, wantBig) {
		t.Error("after killing the busy worker: different SVG")
	}
	if c := r.WorkerStats().Crashes; c != crashes+1 {
		t.Errorf("crashes %d → %d, want one more (was the worker killed before the layout ended?)", crashes, c)
	}
	if !processGone(pid) {
		t.Errorf("killed worker %d was not reaped", pid)
	}
	last := onePID(t, r)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if !processGone(last) {
		t.Errorf("worker %d still exists after Close", last)
	}
}

// TestWorkerRecycled: workers are replaced after WorkerDiagrams diagrams
// and the old ones reaped; Close stops the pool and waits for it.
func TestWorkerRecycled(t *testing.T) {
	ctx := context.Background()
	r := newWorkerRenderer(t, Options{Workers: 2, WorkerDiagrams: 3})
	var seen sync.Map
	for i := range 10 {
		if _, err := r.Schema(ctx, synthSchema(fmt.Sprintf("recycle%d", i), 6, uint64(i))); err != nil {
			t.Fatal(err)
		}
		for _, pid := range r.pool.livePIDs() {
			seen.Store(pid, true)
		}
	}
	st := r.WorkerStats()
	if st.Starts != 4 { // 10 diagrams, one at a time: 3 + 3 + 3 + 1
		t.Errorf("%d workers started, want 4", st.Starts)
	}
	if st.MaxWorkerRSS <= 0 || st.PeakRSS < st.MaxWorkerRSS {
		t.Errorf("peaks %+v", st)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	seen.Range(func(k, _ any) bool {
		if !processGone(k.(int)) {
			t.Errorf("worker %d still exists after Close", k)
		}
		return true
	})
	if _, err := r.Schema(ctx, synthSchema("recycle0", 6, 0)); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

// TestWorkerCancel: cancelling the context kills the worker in the middle
// of a layout; the call returns at once and the next one gets a new
// worker.
func TestWorkerCancel(t *testing.T) {
	r := newWorkerRenderer(t, Options{Workers: 1, Logger: discardLogger()})
	big := synthSchema("big", 300, 1)
	if _, err := r.Schema(context.Background(), synthSchema("warm", 5, 1)); err != nil {
		t.Fatal(err)
	}
	pid := onePID(t, r)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := r.Schema(ctx, big)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled layout: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancelled layout took %v", d)
	}
	// The worker is killed at once; the kernel may take a moment to reap
	// it on a loaded machine.
	gone := processGone(pid)
	for deadline := time.Now().Add(5 * time.Second); !gone && time.Now().Before(deadline); gone = processGone(pid) {
		time.Sleep(20 * time.Millisecond)
	}
	if !gone {
		t.Errorf("worker %d of the cancelled layout still exists 5 s after the cancellation", pid)
	}
	if st := r.WorkerStats(); st.Crashes != 0 {
		t.Errorf("a cancellation counted as a crash: %+v", st)
	}
	if _, err := r.Schema(context.Background(), synthSchema("after", 5, 1)); err != nil {
		t.Errorf("after a cancellation: %v", err)
	}
}

// TestWorkerStderrLogged: what a worker writes to stderr is logged a line
// at a time, never copied raw.
func TestWorkerStderrLogged(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	log := slog.New(slog.NewJSONHandler(&lockedWriter{w: &buf, mu: &mu}, nil))
	lw := &logWriter{log: log, worker: 7}
	fmt.Fprint(lw, "first line\nsecond ")
	fmt.Fprint(lw, "line\r\n\n")
	fmt.Fprint(lw, "unterminated")
	lw.flush()
	mu.Lock()
	defer mu.Unlock()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d records, want 3:\n%s", len(lines), buf.String())
	}
	for i, want := range []string{`"line":"first line"`, `"line":"second line"`, `"line":"unterminated"`} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], `"worker":7`) {
			t.Errorf("record %d = %s, want %s", i, lines[i], want)
		}
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// rssNow is this process's current RSS in bytes (VmRSS), 0 if unknown.
func rssNow() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	var kb int64
	for line := range strings.SplitSeq(string(b), "\n") {
		if _, err := fmt.Sscanf(line, "VmRSS: %d kB", &kb); err == nil {
			return kb << 10
		}
	}
	return 0
}

// overviews lays out n overviews of a 300-table schema (9 diagrams each)
// and logs the RSS after each batch.
func overviews(t testing.TB, r *Renderer, s *schema.Schema, n, batch int) {
	ctx := context.Background()
	for i := 1; i <= n; i++ {
		if _, err := r.Overview(ctx, s, Fit{MaxTables: 40}); err != nil {
			t.Fatal(err)
		}
		if i%batch == 0 {
			ws := r.WorkerStats()
			t.Logf("%3d overviews: RSS %4d MiB, workers: max peak %4d MiB, %d started",
				i, rssNow()>>20, ws.MaxWorkerRSS>>20, ws.Starts)
		}
	}
}

// TestGraphvizMemory checks the diagnosis and the fix: in-process, every
// layout leaves WebAssembly memory behind (about 8 MB per overview of a
// 300-table schema), so the process only grows; in workers recycled every
// 30 diagrams, neither this process nor any worker grows with the number
// of diagrams.
func TestGraphvizMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out hundreds of diagrams")
	}
	if rssNow() == 0 {
		t.Skip("no /proc/self/status")
	}
	s := synthSchema("mem", 300, 1)
	const n = 12

	in := newRenderer(t, Options{Graphviz: InProcess})
	overviews(t, in, s, 2, 1) // warm up
	before := rssNow()
	overviews(t, in, s, n, 4)
	grew := rssNow() - before
	t.Logf("in-process: +%d MiB after %d more overviews", grew>>20, n)
	if grew < 20<<20 {
		t.Logf("in-process growth smaller than expected: has go-graphviz stopped leaking? (%d MiB)", grew>>20)
	}

	wk := newWorkerRenderer(t, Options{Workers: 1, WorkerDiagrams: 30})
	overviews(t, wk, s, 2, 1)
	before = rssNow()
	firstPeak := wk.WorkerStats().MaxWorkerRSS
	overviews(t, wk, s, 2*n, 4)
	grewMain := rssNow() - before
	st := wk.WorkerStats()
	t.Logf("workers: this process +%d MiB after %d overviews; worker peak %d MiB (%d MiB after 18 diagrams), %d workers started",
		grewMain>>20, 2*n, st.MaxWorkerRSS>>20, firstPeak>>20, st.Starts)
	if grewMain > 16<<20 {
		t.Errorf("this process grew by %d MiB while workers laid out", grewMain>>20)
	}
	// A worker lays out at most 30 diagrams (a little over 3 overviews)
	// before it is replaced: its peak stays near that of a young worker
	// however many diagrams are drawn in all.
	if firstPeak > 0 && st.MaxWorkerRSS > firstPeak+64<<20 {
		t.Errorf("worker peak RSS %d MiB, a young worker's %d MiB: recycling does not bound it",
			st.MaxWorkerRSS>>20, firstPeak>>20)
	}
	if want := int64(2+2*n) * 9 / 30; st.Starts < want {
		t.Errorf("%d workers started for %d diagrams, want at least %d", st.Starts, (2+2*n)*9, want)
	}
}

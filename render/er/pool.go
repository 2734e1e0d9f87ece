package er

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/auroradoc/auroradoc/internal/procmem"
)

// workerStartTimeout bounds how long a new worker may take to say hello
// (package init compiles Graphviz's WebAssembly; wazero's compilation
// cache, warm after the parent's own init, makes it fast).
const workerStartTimeout = 60 * time.Second

// workerStopGrace is how long a worker may take to exit after its stdin is
// closed before it is killed.
const workerStopGrace = 10 * time.Second

// WorkerStats describes the worker processes of a Renderer (all zero when
// layouts run in-process).
type WorkerStats struct {
	// Starts counts worker processes started.
	Starts int64
	// Crashes counts workers that died or broke the protocol while laying
	// out a diagram (not those killed because a context was cancelled).
	Crashes int64
	// PeakRSS is, for each slot of the pool, the highest peak RSS of the
	// workers that ran in it, summed over the slots, in bytes: an upper
	// bound of the memory the workers held at any one time. Since New or
	// the last ResetPeakRSS; 0 where /proc is not available.
	PeakRSS int64
	// MaxWorkerRSS is the highest peak RSS of a single worker, in bytes.
	MaxWorkerRSS int64
}

// pool runs layouts in worker processes: one per slot, started on demand,
// replaced after maxDiagrams layouts, when its peak RSS passes maxRSS, or
// when it dies.
type pool struct {
	exe         string
	maxDiagrams int
	maxRSS      int64
	log         *slog.Logger

	slots chan *slot    // idle slots
	all   []*slot       // every slot, for Close
	done  chan struct{} // closed by close
	once  sync.Once

	starts, crashes atomic.Int64

	mu       sync.Mutex
	slotPeak []int64       // per slot, since reset
	maxPeak  int64         // any worker, since reset
	live     map[int]*proc // by pid
}

// slot is a place for one worker in the pool; its worker is used by the
// goroutine holding the slot only.
type slot struct {
	i int
	w *proc
}

// proc is one worker process.
type proc struct {
	n        int64 // sequence number, for logs
	slot     int
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	stdout   *bufio.Reader
	stderr   *logWriter
	diagrams int
}

func newPool(size, maxDiagrams int, maxRSS int64, log *slog.Logger) (*pool, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding the executable to run graphviz workers: %w", err)
	}
	p := &pool{
		exe: exe, maxDiagrams: maxDiagrams, maxRSS: maxRSS, log: log,
		slots: make(chan *slot, size), done: make(chan struct{}),
		slotPeak: make([]int64, size), live: map[int]*proc{},
	}
	for i := range size {
		s := &slot{i: i}
		p.all = append(p.all, s)
		p.slots <- s
	}
	return p, nil
}

// layout lays out dot in a worker. A worker that dies during the layout
// is replaced and the layout tried once more.
func (p *pool) layout(ctx context.Context, dot []byte) ([]byte, error) {
	s, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { p.slots <- s }()
	svg, err, retry := p.try(ctx, s, dot)
	if retry {
		svg, err, _ = p.try(ctx, s, dot)
	}
	return svg, err
}

func (p *pool) acquire(ctx context.Context) (*slot, error) {
	select {
	case <-p.done:
		return nil, ErrClosed
	default:
	}
	select {
	case s := <-p.slots:
		select {
		case <-p.done:
			p.slots <- s
			return nil, ErrClosed
		default:
			return s, nil
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-p.done:
		return nil, ErrClosed
	}
}

// try sends dot to the slot's worker, starting one if needed. retry
// reports that the worker failed, not the diagram or the context.
func (p *pool) try(ctx context.Context, s *slot, dot []byte) (svg []byte, err error, retry bool) {
	if err := ctx.Err(); err != nil {
		return nil, err, false
	}
	if s.w == nil {
		w, err := p.start(ctx, s.i)
		if err != nil {
			return nil, err, false
		}
		s.w = w
	}
	w := s.w
	stop := context.AfterFunc(ctx, func() { _ = w.cmd.Process.Kill() })
	status, peak, payload, err := w.roundTrip(dot)
	killed := !stop()
	if err != nil || killed {
		s.w = nil
		p.reap(w)
		if ctxErr := ctx.Err(); killed || ctxErr != nil {
			if ctxErr == nil {
				ctxErr = context.Cause(ctx)
			}
			return nil, ctxErr, false
		}
		p.crashes.Add(1)
		p.log.Warn("graphviz worker failed; retrying its diagram in a new one",
			"worker", w.n, "pid", w.cmd.Process.Pid, "err", err, "exit", w.cmd.ProcessState.String())
		return nil, fmt.Errorf("graphviz worker failed: %w", err), true
	}
	w.diagrams++
	p.notePeak(s.i, peak)
	if w.diagrams >= p.maxDiagrams || (p.maxRSS > 0 && peak >= p.maxRSS) {
		s.w = nil
		p.log.Debug("recycling graphviz worker", "worker", w.n, "diagrams", w.diagrams, "peak_rss", peak)
		p.stop(w)
	}
	if status == 'e' {
		return nil, errors.New(string(payload)), false
	}
	return payload, nil, false
}

func (p *pool) notePeak(i int, peak int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.slotPeak[i] = max(p.slotPeak[i], peak)
	p.maxPeak = max(p.maxPeak, peak)
}

// roundTrip sends one request and reads its answer.
func (w *proc) roundTrip(dot []byte) (status byte, peak int64, payload []byte, err error) {
	if err := writeFrame(w.stdin, dot); err != nil {
		return 0, 0, nil, fmt.Errorf("sending DOT: %w", err)
	}
	var hdr [9]byte
	if _, err := io.ReadFull(w.stdout, hdr[:]); err != nil {
		return 0, 0, nil, fmt.Errorf("reading answer: %w", noEOF(err))
	}
	if hdr[0] != 'o' && hdr[0] != 'e' {
		return 0, 0, nil, fmt.Errorf("reading answer: bad status byte %#x", hdr[0])
	}
	payload, err = readFrame(w.stdout)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("reading answer: %w", noEOF(err))
	}
	return hdr[0], int64(binary.BigEndian.Uint64(hdr[1:])), payload, nil
}

// start starts a worker and waits for its hello.
func (p *pool) start(ctx context.Context, slot int) (*proc, error) {
	n := p.starts.Add(1)
	cmd := exec.Command(p.exe)
	cmd.Env = append(os.Environ(), workerEnv+"=1")
	lw := &logWriter{log: p.log, worker: n}
	cmd.Stderr = lw
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("starting graphviz worker: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("starting graphviz worker: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting graphviz worker: %w", err)
	}
	w := &proc{n: n, slot: slot, cmd: cmd, stdin: stdin, stdout: bufio.NewReader(stdout), stderr: lw}
	p.mu.Lock()
	p.live[cmd.Process.Pid] = w
	p.mu.Unlock()

	kill := func() { _ = cmd.Process.Kill() }
	stop := context.AfterFunc(ctx, kill)
	timer := time.AfterFunc(workerStartTimeout, kill)
	hello := make([]byte, len(workerHello))
	_, err = io.ReadFull(w.stdout, hello)
	timer.Stop()
	stop()
	if err == nil && string(hello) != workerHello {
		err = errors.New("it did not answer as a worker (main must call er.ServeWorkerIfRequested first)")
	}
	if err != nil {
		p.reap(w)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("starting graphviz worker %s: %w (%s)", p.exe, noEOF(err), cmd.ProcessState)
	}
	p.log.Debug("graphviz worker started", "worker", n, "pid", cmd.Process.Pid)
	return w, nil
}

// stop ends a worker: it exits when its stdin closes; it is killed if it
// does not within workerStopGrace.
func (p *pool) stop(w *proc) {
	_ = w.stdin.Close()
	timer := time.AfterFunc(workerStopGrace, func() { _ = w.cmd.Process.Kill() })
	p.wait(w)
	timer.Stop()
}

// reap kills a worker and waits for it.
func (p *pool) reap(w *proc) {
	_ = w.cmd.Process.Kill()
	_ = w.stdin.Close()
	p.wait(w)
}

// wait waits for the worker to exit, so no zombie is left.
func (p *pool) wait(w *proc) {
	_ = w.cmd.Wait()
	w.stderr.flush()
	p.mu.Lock()
	delete(p.live, w.cmd.Process.Pid)
	p.mu.Unlock()
}

// close stops every worker, waiting for layouts in progress.
func (p *pool) close() {
	p.once.Do(func() {
		close(p.done)
		for range p.all {
			s := <-p.slots
			if s.w != nil {
				p.stop(s.w)
				s.w = nil
			}
		}
	})
}

func (p *pool) stats() WorkerStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	// Idle workers hold memory too, and a worker reports its peak only
	// with a diagram: read the running ones' peaks.
	for pid, w := range p.live {
		if peak := procmem.PeakRSS(strconv.Itoa(pid)); peak > 0 {
			p.slotPeak[w.slot] = max(p.slotPeak[w.slot], peak)
			p.maxPeak = max(p.maxPeak, peak)
		}
	}
	st := WorkerStats{Starts: p.starts.Load(), Crashes: p.crashes.Load(), MaxWorkerRSS: p.maxPeak}
	for _, v := range p.slotPeak {
		st.PeakRSS += v
	}
	return st
}

// resetPeakRSS forgets the peaks seen so far and resets the peak RSS of
// the running workers to their current RSS (Linux; elsewhere a worker's
// peak is kept until it is replaced).
func (p *pool) resetPeakRSS() {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.slotPeak)
	p.maxPeak = 0
	for pid := range p.live {
		procmem.ResetPeakRSS(strconv.Itoa(pid))
	}
}

// livePIDs returns the process ids of the running workers (for tests).
func (p *pool) livePIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pids []int
	for pid := range p.live {
		pids = append(pids, pid)
	}
	return pids
}

// logWriter logs what a worker writes to stderr, a line per record.
type logWriter struct {
	log    *slog.Logger
	worker int64
	buf    []byte
}

// maxLogLine bounds a logged line; longer ones are cut.
const maxLogLine = 4096

func (lw *logWriter) Write(b []byte) (int, error) {
	lw.buf = append(lw.buf, b...)
	for {
		i := bytes.IndexByte(lw.buf, '\n')
		if i < 0 {
			if len(lw.buf) > maxLogLine {
				lw.emit(lw.buf)
				lw.buf = lw.buf[:0]
			}
			return len(b), nil
		}
		lw.emit(lw.buf[:i])
		lw.buf = lw.buf[i+1:]
	}
}

// flush logs a last line without a line break.
func (lw *logWriter) flush() {
	lw.emit(lw.buf)
	lw.buf = nil
}

func (lw *logWriter) emit(line []byte) {
	line = bytes.TrimRight(line, "\r")
	if len(line) > maxLogLine {
		line = line[:maxLogLine]
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return
	}
	lw.log.Warn("graphviz worker stderr", "worker", lw.worker, "line", string(line))
}

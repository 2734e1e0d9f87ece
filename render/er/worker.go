package er

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"

	"github.com/goccy/go-graphviz"

	"github.com/auroradoc/auroradoc/internal/procmem"
)

// Graphviz workers.
//
// go-graphviz v0.2.10 instantiates its WebAssembly module once, in the
// init function of its internal/wasm package, and keeps it in an
// unexported package variable; cgraph's init then allocates its graph
// descriptors in that module's memory. Nothing can drop the module and
// instantiate a fresh one, and a WebAssembly linear memory only grows: every
// layout leaves some of it behind (about 1 MB per 40-table diagram,
// measured in TestGraphvizMemory), so a process that lays out thousands of
// diagrams grows by gigabytes, up to the 4 GiB limit of wasm32.
//
// A worker is therefore the executable itself, started again with
// workerEnv=1: ServeWorkerIfRequested, called first thing in main (and in
// TestMain of test binaries), turns it into a loop that reads DOT sources
// from stdin and writes SVG to stdout. The parent restarts a worker after a
// number of diagrams or when its peak RSS passes a threshold; the
// operating system takes its memory back.
//
// Protocol, all integers big-endian:
//
//	worker → parent, once:  workerHello
//	parent → worker:        u32 length, DOT source
//	worker → parent:        u8 status ('o' SVG, 'e' error message),
//	                        u64 the worker's peak RSS in bytes (0 if unknown),
//	                        u32 length, payload
//
// The worker exits when stdin is closed.

// workerEnv is set to "1" in the environment of a worker process.
const workerEnv = "AURORADOC_GRAPHVIZ_WORKER"

// workerHello is the first thing a worker writes: a process that does not
// write it (an executable without the hook) is not a worker.
const workerHello = "auroradoc-graphviz-worker/1\n"

// maxFrame bounds a DOT source or an SVG on the wire.
const maxFrame = 1 << 30

// workerHook records that this executable called ServeWorkerIfRequested
// and so can be re-executed as a worker.
var workerHook atomic.Bool

// ServeWorkerIfRequested makes the executable usable as a Graphviz worker.
// Call it first in main, and in TestMain of test binaries that render
// diagrams, before flags are parsed or anything is printed:
//
//	func main() {
//		er.ServeWorkerIfRequested()
//		...
//	}
//
// In a worker process (started by a Renderer, environment
// AURORADOC_GRAPHVIZ_WORKER=1) it serves layouts on stdin/stdout and exits
// the process; it does not return. Otherwise it only records that workers
// are available and returns at once: Renderers of an executable that calls
// it lay out diagrams in workers by default (see Options.Graphviz).
func ServeWorkerIfRequested() {
	if os.Getenv(workerEnv) != "1" {
		workerHook.Store(true)
		return
	}
	// stdout carries the protocol: anything else printing to os.Stdout goes
	// to stderr, which the parent logs.
	out := os.Stdout
	os.Stdout = os.Stderr
	// A terminal's Ctrl-C reaches the whole process group: the parent
	// decides when its workers stop (it closes stdin or kills them).
	signal.Ignore(os.Interrupt)
	if err := serveWorker(context.Background(), os.Stdin, out); err != nil {
		fmt.Fprintf(os.Stderr, "graphviz worker: %v\n", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// serveWorker answers layout requests from in on out until in ends.
func serveWorker(ctx context.Context, in io.Reader, out io.Writer) error {
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("starting graphviz: %w", err)
	}
	defer gv.Close()
	br := bufio.NewReader(in)
	bw := bufio.NewWriter(out)
	if _, err := bw.WriteString(workerHello); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	for {
		dot, err := readFrame(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading request: %w", err)
		}
		status, payload := byte('o'), []byte(nil)
		if svg, err := layout(ctx, gv, dot); err != nil {
			status, payload = 'e', []byte(err.Error())
		} else {
			payload = svg
		}
		var hdr [9]byte
		hdr[0] = status
		binary.BigEndian.PutUint64(hdr[1:], uint64(procmem.PeakRSS("self")))
		if _, err := bw.Write(hdr[:]); err != nil {
			return err
		}
		if err := writeFrame(bw, payload); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
	}
}

// readFrame reads a u32 length and that many bytes. It returns io.EOF only
// when r ends before the length.
func readFrame(r io.Reader) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxFrame {
		return nil, fmt.Errorf("frame of %d bytes exceeds the limit", size)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, noEOF(err)
	}
	return b, nil
}

// writeFrame writes b as a frame.
func writeFrame(w io.Writer, b []byte) error {
	if len(b) > maxFrame {
		return fmt.Errorf("frame of %d bytes exceeds the limit", len(b))
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	_, err := w.Write(b)
	return err
}

// noEOF turns an end of stream in the middle of a frame into
// io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// Package procmem reads how much memory a process has used: the peak
// resident set size from /proc (Linux) and the peak of the Go heap while a
// function runs. Benchmarks use it to report memory next to time, and
// render/er to recycle its Graphviz workers.
package procmem

import (
	"bytes"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"time"
)

// PeakRSS is the peak resident set size (VmHWM) of process pid ("self" or
// a process id) in bytes; 0 where /proc is not available.
func PeakRSS(pid string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for line := range bytes.SplitSeq(b, []byte{'\n'}) {
		rest, ok := bytes.CutPrefix(line, []byte("VmHWM:"))
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte("kB")))), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

// ResetPeakRSS resets the peak RSS of process pid ("self" or a process id)
// to its current RSS (Linux ≥ 4.0; a no-op elsewhere).
func ResetPeakRSS(pid string) { _ = os.WriteFile("/proc/"+pid+"/clear_refs", []byte("5"), 0) }

// Sample is what Measure saw.
type Sample struct {
	Wall time.Duration
	// PeakHeap is the peak of live heap objects, sampled every 2 ms and
	// when f returns.
	PeakHeap uint64
	// PeakRSS is this process's peak RSS during the call (reset before it
	// where the kernel allows), 0 where unknown.
	PeakRSS int64
}

// Measure runs f after a GC and a reset of the peak RSS, and returns its
// wall time and memory peaks.
func Measure(f func()) Sample {
	runtime.GC()
	ResetPeakRSS("self")
	var peak uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	f()
	d := time.Since(start)
	close(stop)
	<-done
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s) // f may have ended between two ticks
	peak = max(peak, s[0].Value.Uint64())
	return Sample{Wall: d, PeakHeap: peak, PeakRSS: PeakRSS("self")}
}

package procmem

import (
	"os"
	"runtime"
	"testing"
)

func TestPeakRSSAndMeasure(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc: peak RSS is not available on this system (not Linux)")
	}
	if PeakRSS("self") <= 0 {
		t.Fatal("PeakRSS(self) = 0 with /proc present")
	}
	if PeakRSS("999999999") != 0 {
		t.Error("PeakRSS of a process that does not exist is not 0")
	}
	var keep [][]byte
	s := Measure(func() {
		for i := 0; i < 64; i++ {
			b := make([]byte, 1<<20)
			for j := range b { // touch every page, or it is not resident
				b[j] = byte(j)
			}
			keep = append(keep, b)
		}
		runtime.Gosched()
	})
	if s.PeakHeap < 32<<20 {
		t.Errorf("peak heap %d while holding 64 MiB", s.PeakHeap)
	}
	if s.PeakRSS < 32<<20 || s.Wall <= 0 {
		t.Errorf("sample %+v", s)
	}
	runtime.KeepAlive(keep)
}

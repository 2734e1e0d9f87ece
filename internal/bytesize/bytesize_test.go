package bytesize

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{1, "1 B"},
		{1023, "1023 B"},
		{1024, "1.0 KiB"},
		{1536, "1.5 KiB"},
		{1<<20 - 1, "1024.0 KiB"}, // one decimal rounds up; the unit does not change
		{1 << 20, "1.0 MiB"},
		{64 << 20, "64.0 MiB"},
		{200 << 20, "200.0 MiB"},
		{5 << 30, "5.0 GiB"},
		{3 << 40, "3.0 TiB"},
		{7 << 50, "7.0 PiB"},
		{2 << 60, "2.0 EiB"},
		{math.MaxInt64, "8.0 EiB"},
		// Negative counts are size deltas: the same units, with "-".
		{-1, "-1 B"},
		{-1023, "-1023 B"},
		{-1024, "-1.0 KiB"},
		{-2048, "-2.0 KiB"},
		{-(3 << 19), "-1.5 MiB"},
		{-(5 << 30), "-5.0 GiB"},
		{math.MinInt64, "-8.0 EiB"},
	} {
		if got := Format(tc.n); got != tc.want {
			t.Errorf("Format(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

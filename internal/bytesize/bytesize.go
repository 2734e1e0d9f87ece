// Package bytesize formats byte counts for people: binary units with one
// decimal ("512 B", "1.5 KiB", "64.0 MiB"), the same way on every page and
// in every message. Negative counts (size deltas) get a leading "-".
package bytesize

import (
	"math"
	"strconv"
)

// prefixes are the binary prefixes from Ki up, one letter each.
const prefixes = "KMGTPE"

// Format writes n bytes in binary units with one decimal: "0 B", "1023 B",
// "1.5 KiB", "64.0 MiB", and for a shrinking size "-1.5 MiB". Counts
// below 1024 in absolute value are written exactly, in bytes.
func Format(n int64) string {
	if n < 1024 && n > -1024 {
		return strconv.FormatInt(n, 10) + " B"
	}
	v := float64(n) / 1024
	u := 0
	for math.Abs(v) >= 1024 && u < len(prefixes)-1 {
		v /= 1024
		u++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + prefixes[u:u+1] + "iB"
}

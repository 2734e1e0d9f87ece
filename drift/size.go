package drift

import (
	"fmt"
	"strconv"

	"github.com/auroradoc/auroradoc/internal/bytesize"
	"github.com/auroradoc/auroradoc/snapshot"
)

// compareSizes reports tables whose data+index size changed by at least
// Options.SizeGrowthPct percent of the old size and by at least
// Options.SizeMinBytes bytes (both bounds inclusive). A table that was
// empty (0 bytes) counts as grown by any percentage. Tables only one
// snapshot has are schema findings, not size findings.
func compareSizes(c *collector, from, to *snapshot.Snapshot, o Options) {
	pct := o.sizeGrowthPct()
	if pct < 0 {
		return
	}
	minBytes := o.sizeMinBytes()
	for _, ts := range to.Schemas {
		fs := from.FindSchema(ts.Name)
		if fs == nil {
			continue
		}
		old := make(map[string]*snapshot.TableInfo, len(fs.Tables))
		for _, t := range fs.Tables {
			if t != nil {
				old[t.Name] = t
			}
		}
		for _, tt := range ts.Tables {
			if tt == nil {
				continue
			}
			ft := old[tt.Name]
			if ft == nil {
				continue
			}
			a, b := ft.DataLength+ft.IndexLength, tt.DataLength+tt.IndexLength
			delta := b - a
			abs := delta
			if abs < 0 {
				abs = -abs
			}
			if delta == 0 || abs < minBytes {
				continue
			}
			// |Δ|/a ≥ pct/100, in floats without dividing by a.
			if a > 0 && float64(abs)*100 < pct*float64(a) {
				continue
			}
			verb := "grew"
			if delta < 0 {
				verb = "shrank"
			}
			obj := ts.Name + "." + tt.Name
			c.addf(Finding{
				Kind: KindSize, Change: Changed, ObjectType: "table", Object: obj, Field: "bytes",
				From: strconv.FormatInt(a, 10), To: strconv.FormatInt(b, 10),
			}, fmt.Sprintf("table %s %s %s → %s (%s)", obj, verb, bytesize.Format(a), bytesize.Format(b), signedPct(a, b)))
		}
	}
}

// signedPct writes the change from a to b as a signed percentage of a,
// "from empty" when a is 0.
func signedPct(a, b int64) string {
	if a == 0 {
		return "from empty"
	}
	return fmt.Sprintf("%+.1f%%", float64(b-a)*100/float64(a))
}

package driftpages

import (
	"bytes"
	"testing"

	"github.com/auroradoc/auroradoc/history/historytest"
)

// TestSizeChange: the sizes page shows a table's growth with "+" and its
// shrinking with "-", in the units of package bytesize.
func TestSizeChange(t *testing.T) {
	h := load(t)
	for _, tg := range h.Targets {
		if tg.Name != historytest.Orders {
			continue
		}
		tg.Tables[0].Bytes = []int64{3 << 20, 2 << 20, 3 << 19} // 3 MiB → 1.5 MiB
		tg.Tables[1].Bytes = []int64{1 << 20, 1 << 20, 3 << 20} // 1 MiB → 3 MiB
		tg.Tables[0].Rows, tg.Tables[1].Rows = []int64{1, 1, 1}, []int64{1, 1, 1}
	}
	page := files(t, build(t, h))[targetDir(historytest.Orders)+"sizes.html"]
	for _, want := range []string{`<td class="num">1.5 MiB</td>`, `<td class="num">-1.5 MiB</td>`, `<td class="num">&#43;2.0 MiB</td>`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("sizes page does not contain %s", want)
		}
	}
}

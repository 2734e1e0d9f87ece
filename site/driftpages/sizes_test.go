package driftpages

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/history"
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

// TestSizesPagedAtAYearOfFiveThousandTables: a target with 5,000 tables in
// two schemas and 365 nights of sizes gets a sizes page that lists its
// schemas and largest tables, and per schema pages of at most
// sizesPerPage tables linked to each other; no HTML page exceeds 1 MiB.
func TestSizesPagedAtAYearOfFiveThousandTables(t *testing.T) {
	h := load(t)
	const nights, tables = 365, 5000
	last := h.Nights[len(h.Nights)-1]
	for len(h.Nights) < nights {
		n := last
		n.TakenAt = last.TakenAt.AddDate(0, 0, len(h.Nights))
		n.Set = n.TakenAt.Format("2006-01-02T150405Z")
		n.Prev = h.Nights[len(h.Nights)-1].Set
		h.Nights = append(h.Nights, n)
	}
	// Size points as history.Load makes them: the last 90 nights daily,
	// every seventh night before.
	h.SizeNights = nil
	for i := (nights - 90 - 7) % 7; i < nights-90; i += 7 {
		h.SizeNights = append(h.SizeNights, i)
	}
	for i := nights - 90; i < nights; i++ {
		h.SizeNights = append(h.SizeNights, i)
	}
	var tg *history.Target
	for _, x := range h.Targets {
		for len(x.Nights) < nights {
			x.Nights = append(x.Nights, x.Nights[len(x.Nights)-1])
		}
		x.Tables = nil
		if x.Name == historytest.Orders {
			tg = x
		}
	}
	for i := range tables {
		s := &history.TableSeries{Schema: []string{"app", "archive"}[i%2], Table: fmt.Sprintf("table_%04d", i)}
		for p := range h.SizeNights {
			s.Bytes = append(s.Bytes, int64(1000+i)<<20+int64(p)<<16)
			s.Rows = append(s.Rows, int64(i*p))
		}
		tg.Tables = append(tg.Tables, s)
	}
	got := files(t, build(t, h))
	dir := targetDir(historytest.Orders)
	index := got[dir+"sizes.html"]
	if !bytes.Contains(index, []byte("<h2>Largest 100 tables</h2>")) || bytes.Count(index, []byte("<polyline")) != sizesTop {
		t.Errorf("the target's sizes page should list its largest %d tables", sizesTop)
	}
	pages := 0
	for name, data := range got {
		// compare.html's data.js is not paged yet (15 MB here).
		if strings.HasSuffix(name, ".html") && len(data) > 1<<20 {
			t.Errorf("%s is %d bytes, want ≤ 1 MiB", name, len(data))
		}
		if !strings.HasPrefix(name, dir+"sizes/") {
			continue
		}
		pages++
		if n := bytes.Count(data, []byte("<polyline")); n > sizesPerPage {
			t.Errorf("%s has %d tables, want ≤ %d", name, n, sizesPerPage)
		}
	}
	if want := tables / sizesPerPage; pages != want {
		t.Errorf("%d schema size pages, want %d", pages, want)
	}
	for _, want := range []string{`href="sizes/app-1.html"`, `href="sizes/archive-5.html"`} {
		if !bytes.Contains(index, []byte(want)) {
			t.Errorf("the target's sizes page does not link %s", want)
		}
	}
	if p := got[dir+"sizes/app-2.html"]; !bytes.Contains(p, []byte(`<a href="app-1.html">1</a>`)) || !bytes.Contains(p, []byte(`aria-current="page">2</a>`)) {
		t.Error("a schema's sizes page does not link its sibling pages")
	}
}

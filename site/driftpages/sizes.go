package driftpages

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/internal/bytesize"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// Chart geometry (SVG user units).
const (
	chartW, chartH = 240, 40
	chartPad       = 2
)

// chart is a small line chart: Lines are SVG polyline point lists (a gap
// where the size is unknown splits the line), Dots single points.
type chart struct {
	W, H  int
	Lines []string
	Dots  [][2]string
	Label string
	// Lo and Hi label the chart's own scale: the bottom and the top of the
	// line (each table is drawn between its own smallest and largest size).
	Lo, Hi string
}

// sizes writes the size trend page of a target.
func (b *builder) sizes(t *history.Target, crumbs []link) error {
	page := targetDir(t.Name) + "sizes.html"
	grid := b.h.SizeNights
	p := &sizesPage{Target: t.Name}
	if len(grid) > 0 {
		p.Range = b.date(grid[0]) + " – " + b.date(grid[len(grid)-1])
	}
	daily := len(grid)
	for i := len(grid) - 1; i > 0; i-- {
		if grid[i]-grid[i-1] > 1 {
			daily = len(grid) - i
			break
		}
	}
	if daily < len(grid) {
		p.Daily = daily
	}
	type sorted struct {
		row  *sizeRow
		last int64
	}
	var rows []sorted
	for _, s := range t.Tables {
		first, last := int64(-1), int64(-1)
		lastRows := int64(-1)
		for i, v := range s.Bytes {
			if v < 0 {
				continue
			}
			if first < 0 {
				first = v
			}
			last, lastRows = v, s.Rows[i]
		}
		if last < 0 {
			continue
		}
		r := &sizeRow{Schema: s.Schema, Table: s.Table, Anchor: sitepath.SizeAnchor(s.Schema, s.Table),
			Doc: b.docs.link(page, sitepath.TablePage(t.Name, s.Schema, s.Table), ""), Bytes: bytesize.Format(last), Rows: strconv.FormatInt(lastRows, 10),
			Chart: b.chart(s, fmt.Sprintf("size of %s.%s over time", s.Schema, s.Table))}
		if d := last - first; d != 0 {
			r.Change = bytesize.Format(d)
			if d > 0 {
				r.Change = "+" + r.Change
			}
		}
		if s.Bytes[len(s.Bytes)-1] < 0 {
			r.Change += " (gone)"
		}
		rows = append(rows, sorted{r, last})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].last > rows[j].last })
	crumbs = append(crumbs, link{Text: "sizes", Href: page})
	if len(rows) <= sizesPerPage {
		for _, r := range rows {
			p.Tables = append(p.Tables, r.row)
		}
		return b.render(page, "drift_sizes", "Table sizes · "+t.Name, crumbs, p)
	}
	// Too many tables for one page (5,000 tables × a year of points is
	// tens of MB): the target's page lists its schemas and its largest
	// tables; each schema's tables, largest first, are paged
	// sizesPerPage at a time.
	bySchema := map[string][]*sizeRow{}
	total := map[string]int64{}
	for i, r := range rows {
		if i < sizesTop {
			p.Tables = append(p.Tables, r.row)
		}
		bySchema[r.row.Schema] = append(bySchema[r.row.Schema], r.row)
		total[r.row.Schema] += r.last
	}
	p.Top = len(p.Tables)
	names := make([]string, 0, len(bySchema))
	for n := range bySchema {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		srows := bySchema[n]
		pages := (len(srows) + sizesPerPage - 1) / sizesPerPage
		entry := &sizesSchema{Name: n, Tables: len(srows), Size: bytesize.Format(total[n])}
		paths := make([]string, pages)
		for i := range pages {
			paths[i] = sizesSchemaPage(t.Name, n, i+1)
			entry.Pages = append(entry.Pages, link{Text: strconv.Itoa(i + 1), Href: sitepath.Rel(page, paths[i])})
		}
		p.Schemas = append(p.Schemas, entry)
		for i := range pages {
			sp := &sizesPage{Target: t.Name, Schema: n, Range: p.Range, Daily: p.Daily, Page: i + 1, Of: pages,
				Tables: srows[i*sizesPerPage : min(len(srows), (i+1)*sizesPerPage)]}
			for j := range pages {
				sp.Pager = append(sp.Pager, link{Text: strconv.Itoa(j + 1), Href: sitepath.Rel(paths[i], paths[j])})
			}
			title := fmt.Sprintf("Table sizes · %s · %s (%d/%d)", n, t.Name, i+1, pages)
			if err := b.render(paths[i], "drift_sizes", title, append(crumbs, link{Text: n, Href: paths[i]}), sp); err != nil {
				return err
			}
		}
	}
	return b.render(page, "drift_sizes", "Table sizes · "+t.Name, crumbs, p)
}

// sizesPerPage bounds the tables on one sizes page, sizesTop the largest
// tables the target's page shows when its schemas are paged: a page then
// holds at most sizesPerPage rows of at most history's size points each,
// whatever the number of tables and nights.
const (
	sizesPerPage = 500
	sizesTop     = 100
)

// sizesSchemaPage is page n (from 1) of a schema's table sizes.
func sizesSchemaPage(target, schema string, n int) string {
	return targetDir(target) + "sizes/" + sitepath.Slug(schema) + "-" + strconv.Itoa(n) + ".html"
}

// chart draws s.Bytes over the size nights: x is proportional to the
// night (weekly points are farther apart than daily ones), y spans the
// series' own minimum to maximum. Coordinates have one decimal, so the
// output is deterministic.
func (b *builder) chart(s *history.TableSeries, label string) chart {
	grid := b.h.SizeNights
	c := chart{W: chartW, H: chartH, Label: label}
	lo, hi := int64(-1), int64(-1)
	for _, v := range s.Bytes {
		if v < 0 {
			continue
		}
		if lo < 0 || v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	if lo >= 0 {
		c.Lo, c.Hi = bytesize.Format(lo), bytesize.Format(hi)
	}
	first, last := grid[0], grid[len(grid)-1]
	x := func(i int) string {
		if last == first {
			return strconv.Itoa(chartW / 2)
		}
		return strconv.FormatFloat(chartPad+float64(grid[i]-first)*float64(chartW-2*chartPad)/float64(last-first), 'f', 1, 64)
	}
	y := func(v int64) string {
		if hi == lo {
			return strconv.Itoa(chartH / 2)
		}
		return strconv.FormatFloat(chartPad+float64(hi-v)*float64(chartH-2*chartPad)/float64(hi-lo), 'f', 1, 64)
	}
	var seg []string
	flush := func() {
		switch len(seg) {
		case 0:
		case 1:
			xy := strings.SplitN(seg[0], ",", 2)
			c.Dots = append(c.Dots, [2]string{xy[0], xy[1]})
		default:
			c.Lines = append(c.Lines, strings.Join(seg, " "))
		}
		seg = nil
	}
	for i, v := range s.Bytes {
		if v < 0 {
			flush()
			continue
		}
		seg = append(seg, x(i)+","+y(v))
	}
	flush()
	return c
}

package driftpages

import (
	"sort"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/site/sitepath"
	"github.com/auroradoc/auroradoc/snapshot"
)

// fleet writes the timeline: drift/index.html with the newest nights and
// one page per month with all of them.
func (b *builder) fleet() error {
	h := b.h
	var months []string
	byMonth := map[string][]int{}
	for i := len(h.Nights) - 1; i >= 0; i-- {
		m := monthOf(h.Nights[i].Set)
		if byMonth[m] == nil {
			months = append(months, m)
		}
		byMonth[m] = append(byMonth[m], i)
	}
	monthLinks := func(page string) []link {
		ls := make([]link, len(months))
		for i, m := range months {
			ls[i] = link{Text: monthTitle(m), Href: sitepath.Rel(page, "drift/nights/"+m+".html")}
		}
		return ls
	}
	for _, m := range months {
		page := "drift/nights/" + m + ".html"
		p := &fleetPage{Heading: "Drift · " + monthTitle(m), Targets: len(h.Targets), Months: monthLinks(page)}
		for _, i := range byMonth[m] {
			p.Nights = append(p.Nights, b.fleetNight(page, i))
		}
		if err := b.render(page, "drift_fleet", "Drift · "+monthTitle(m), []link{driftCrumb, {Text: monthTitle(m), Href: page}}, p); err != nil {
			return err
		}
	}
	page := "drift/index.html"
	p := &fleetPage{Heading: "Drift", Targets: len(h.Targets), Months: monthLinks(page), Problems: h.Problems}
	for i := len(h.Nights) - 1; i >= 0 && len(p.Nights) < b.o.IndexNights; i-- {
		p.Nights = append(p.Nights, b.fleetNight(page, i))
	}
	p.Older = len(h.Nights) - len(p.Nights)
	return b.render(page, "drift_fleet", "Drift", []link{driftCrumb}, p)
}

// fleetNight summarises night i over the fleet, with links from page.
func (b *builder) fleetNight(page string, i int) *fleetNight {
	n := b.h.Nights[i]
	fn := &fleetNight{Set: n.Set, Date: b.dateTime(i), Anchor: nightAnchor(n.Set), Missing: n.Missing, Baseline: i == 0}
	for _, t := range b.h.Targets {
		ns := t.Nights[i]
		href := sitepath.Rel(page, targetDir(t.Name)+"index.html")
		l := link{Text: t.Name, Href: href}
		switch ns.Display() {
		case history.StatusStale:
			fn.Stale = append(fn.Stale, l)
		case snapshot.StatusFailed:
			fn.Failed = append(fn.Failed, l)
		}
		if len(ns.Findings) == 0 {
			continue
		}
		row := &fleetRow{Name: t.Name, Href: href + "#" + nightAnchor(n.Set), Total: len(ns.Findings)}
		counts := map[drift.Kind]int{}
		top := drift.SeverityInfo
		for _, f := range ns.Findings {
			counts[f.Kind]++
			top = max(top, f.Severity)
			if f.Kind == drift.KindTarget {
				switch f.Change {
				case drift.Added:
					fn.Added = append(fn.Added, l)
				case drift.Removed:
					fn.Removed = append(fn.Removed, l)
				}
			}
		}
		row.Severity = top.String()
		for k, c := range counts {
			row.Kinds = append(row.Kinds, kindCount{string(k), c})
		}
		sort.Slice(row.Kinds, func(a, c int) bool { return row.Kinds[a].Kind < row.Kinds[c].Kind })
		fn.Changed = append(fn.Changed, row)
	}
	return fn
}

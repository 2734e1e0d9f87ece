package driftpages

import (
	"sort"

	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// parameters writes drift/parameters/index.html and a page per parameter
// name: its current value on every target (cluster and instance groups)
// and its changes over time.
func (b *builder) parameters() error {
	type entry struct {
		t *history.Target
		s *history.Series
	}
	byName := map[string][]entry{}
	for _, t := range b.h.Targets {
		for _, s := range t.Parameters {
			_, name := history.SplitParamKey(s.Key)
			byName[name] = append(byName[name], entry{t, s})
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	index := "drift/parameters/index.html"
	crumbs := []link{driftCrumb, {Text: "parameters", Href: index}}
	idx := &paramsIndex{}
	for _, name := range names {
		page := paramPage(name)
		p := &paramPageData{Name: name}
		values := map[string]bool{}
		targets := map[string]bool{}
		moved := 0
		for _, e := range byName[name] {
			g, _ := history.SplitParamKey(e.s.Key)
			last := e.s.Last()
			r := &paramRow{Target: e.t.Name, TargetHref: sitepath.Rel(page, targetDir(e.t.Name)+"index.html"), Group: g,
				Current: last.Value, Unset: last.Unset}
			if e.s.Changed() {
				r.Events = b.events(e.s.Events)
				moved++
			}
			if !last.Unset {
				values[last.Value] = true
			}
			targets[e.t.Name] = true
			p.Rows = append(p.Rows, r)
		}
		idx.Params = append(idx.Params, &paramSummary{Name: name, Href: sitepath.Rel(index, page), Targets: len(targets), Values: len(values), Moved: moved})
		if err := b.render(page, "drift_param", "Parameter "+name, append(crumbs, link{Text: name, Href: page}), p); err != nil {
			return err
		}
	}
	return b.render(index, "drift_params", "Parameters across the fleet", crumbs, idx)
}

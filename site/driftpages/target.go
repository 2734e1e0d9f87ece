package driftpages

import (
	"fmt"
	"sort"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// target writes every page of one target.
func (b *builder) target(t *history.Target) error {
	dir := targetDir(t.Name)
	page := dir + "index.html"
	crumbs := []link{driftCrumb, {Text: t.Name, Href: page}}
	p := &targetPage{Name: t.Name, Sizes: "sizes.html", Compare: "compare.html"}
	if n := len(t.Engine); n > 0 {
		p.Engine = t.Engine[n-1].Value
	}
	p.EngineEvents = b.events(t.Engine)
	last := -1
	for i, ns := range t.Nights {
		if ns.Status != "" {
			last = i
		}
	}
	if last >= 0 {
		p.Status, p.Latest = t.Nights[last].Display(), b.date(last)
	}
	baseline := -1
	for i, ns := range t.Nights {
		if ns.HasData {
			baseline = i
			p.Baseline = b.date(i)
			break
		}
	}
	p.Docs = b.docs.link(page, sitepath.TargetDir(t.Name)+"index.html", "")

	// Status: one strip cell per night, and the runs of equal status.
	for i, ns := range t.Nights {
		st := ns.Display()
		title := b.date(i) + " · " + st
		if i == baseline {
			title += " · baseline (first snapshot recorded)"
		}
		if ns.Note != "" {
			title += ": " + ns.Note
		}
		if ns.Problem != "" {
			title += " (" + ns.Problem + ")"
		}
		cell := stripCell{Class: "st-" + st, Title: title}
		if len(ns.Findings) > 0 {
			cell.Class += " has-findings"
			cell.Href = "#" + nightAnchor(b.h.Nights[i].Set)
		}
		p.Strip = append(p.Strip, cell)
		note := ns.Note
		if ns.Problem != "" {
			note = ns.Problem
		}
		if r := len(p.Runs) - 1; r >= 0 && p.Runs[r].Status == st && p.Runs[r].Note == note {
			p.Runs[r].To = b.date(i)
			p.Runs[r].Nights++
			continue
		}
		p.Runs = append(p.Runs, statusRun{From: b.date(i), To: b.date(i), Status: st, Note: note, Nights: 1})
	}
	// Newest run first, like the timeline.
	for i, j := 0, len(p.Runs)-1; i < j; i, j = i+1, j-1 {
		p.Runs[i], p.Runs[j] = p.Runs[j], p.Runs[i]
	}

	for _, s := range t.Parameters {
		if !s.Changed() {
			continue
		}
		g, name := history.SplitParamKey(s.Key)
		p.Params = append(p.Params, &seriesRow{Key: s.Key, Group: g, Name: name, Href: sitepath.Rel(page, paramPage(name)), Events: b.events(s.Events)})
	}
	for _, s := range t.Variables {
		if s.Changed() {
			p.Vars = append(p.Vars, &seriesRow{Key: s.Key, Name: s.Key, Href: sitepath.Rel(page, variablesPath) + "#" + sitepath.VariableAnchor(s.Key), Events: b.events(s.Events)})
		}
	}

	// Findings, newest night first; schema findings grouped per schema.
	bySchema := map[string][]int{} // schema → nights with findings about it
	changes := map[string]int{}
	for i := len(t.Nights) - 1; i >= 0; i-- {
		fs := t.Nights[i].Findings
		if len(fs) == 0 {
			continue
		}
		set := b.h.Nights[i].Set
		fn := &findingNight{Set: set, Date: b.dateTime(i), Anchor: nightAnchor(set)}
		seen := map[string]bool{}
		for _, f := range fs {
			row := findingRowOf(f)
			row.Doc = b.docs.findingLink(page, t, f)
			if sc := t.SchemaOf(f); sc != "" && f.Kind == drift.KindSchema {
				row.Href = sitepath.Rel(page, schemaPage(t.Name, sc)) + "#" + nightAnchor(set)
				changes[sc]++
				if !seen[sc] {
					seen[sc] = true
					bySchema[sc] = append(bySchema[sc], i)
				}
			}
			row.Detail, row.Diff = "", nil // the schema pages show the DDL diffs
			fn.Findings = append(fn.Findings, row)
		}
		if len(p.Nights) >= detailedNights {
			fn.Omitted, fn.Findings = len(fn.Findings), nil
		}
		p.Nights = append(p.Nights, fn)
	}
	// Every schema known to the history gets a changelog page, changed or
	// not: the documentation links each schema with a table to it.
	seenSchema := map[string]bool{}
	schemas := make([]string, 0, len(bySchema)+len(t.Schemas))
	for _, sc := range t.Schemas {
		seenSchema[sc] = true
		schemas = append(schemas, sc)
	}
	for sc := range bySchema {
		if !seenSchema[sc] {
			schemas = append(schemas, sc)
		}
	}
	sort.Strings(schemas)
	for _, sc := range schemas {
		if changes[sc] > 0 {
			p.Schemas = append(p.Schemas, schemaLink{Name: sc, Href: sitepath.Rel(page, schemaPage(t.Name, sc)), Changes: changes[sc]})
		}
		if err := b.schema(t, sc, bySchema[sc], crumbs); err != nil {
			return err
		}
	}
	if err := b.sizes(t, crumbs); err != nil {
		return err
	}
	if err := b.compare(t, crumbs); err != nil {
		return err
	}
	return b.render(page, "drift_target", "Drift · "+t.Name, crumbs, p)
}

func findingRowOf(f drift.Finding) *findingRow {
	r := &findingRow{Kind: string(f.Kind), Change: string(f.Change), ObjectType: f.ObjectType, Object: f.Object, Group: f.Group,
		Field: f.Field, From: f.From, To: f.To, Severity: f.Severity.String(), Message: f.Message, Detail: f.Detail}
	if f.Detail != "" {
		r.Diff = diffLines(f.Detail)
	}
	return r
}

// schema writes the changelog of one schema: its findings on nights (newest
// first), DDL diffs included.
func (b *builder) schema(t *history.Target, sc string, nights []int, crumbs []link) error {
	page := schemaPage(t.Name, sc)
	p := &schemaPageData{Target: t.Name, Schema: sc, TargetHref: sitepath.Rel(page, targetDir(t.Name)+"index.html"),
		Docs: b.docs.link(page, sitepath.SchemaDir(t.Name, sc)+"index.html", "")}
	for _, i := range nights {
		set := b.h.Nights[i].Set
		fn := &findingNight{Set: set, Date: b.dateTime(i), Anchor: nightAnchor(set)}
		for _, f := range t.Nights[i].Findings {
			if f.Kind == drift.KindSchema && t.SchemaOf(f) == sc {
				row := findingRowOf(f)
				row.Doc = b.docs.findingLink(page, t, f)
				fn.Findings = append(fn.Findings, row)
			}
		}
		p.Nights = append(p.Nights, fn)
	}
	return b.render(page, "drift_schema", fmt.Sprintf("Schema changes · %s · %s", sc, t.Name),
		append(crumbs, link{Text: "schema " + sc, Href: page}), p)
}

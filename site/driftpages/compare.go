package driftpages

import (
	"encoding/json"
	"fmt"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/history"
)

// compareData is the JSON of data.js: the target's history as change
// events, from which assets/drift.js rebuilds the state of any two nights.
// Nights are indexes into Nights; every list is sorted, so the file is
// deterministic.
type compareData struct {
	Target string `json:"target"`
	// Nights: [set, date, status] per night of the history.
	Nights [][3]string `json:"nights"`
	// Engine, Params and Vars: [night, value] events; value null when
	// the key went away.
	Engine [][2]any            `json:"engine"`
	Params map[string][][2]any `json:"params"`
	Vars   map[string][][2]any `json:"vars"`
	// SizeNights are the nights with a size point; Tables are [schema,
	// table, [[point, bytes, rows], …]] with a point only where the size
	// changed (bytes and rows null: unknown from there on).
	SizeNights []int   `json:"sizeNights"`
	Tables     [][]any `json:"tables"`
	// Findings are the schema findings: [night, change, object type,
	// object, field, from, to, message, detail].
	Findings [][]any `json:"findings"`
}

// compare writes compare.html and data.js of a target.
func (b *builder) compare(t *history.Target, crumbs []link) error {
	dir := targetDir(t.Name)
	page := dir + "compare.html"
	d := &compareData{Target: t.Name, Params: events(t.Parameters), Vars: events(t.Variables), SizeNights: b.h.SizeNights,
		Engine: [][2]any{}, Tables: [][]any{}, Findings: [][]any{}}
	if d.SizeNights == nil {
		d.SizeNights = []int{}
	}
	p := &comparePage{Target: t.Name, Data: "data.js", From: -1, To: -1}
	for i, ns := range t.Nights {
		d.Nights = append(d.Nights, [3]string{b.h.Nights[i].Set, b.dateTime(i), ns.Display()})
		for _, f := range ns.Findings {
			if f.Kind == drift.KindSchema {
				d.Findings = append(d.Findings, []any{i, f.Change, f.ObjectType, f.Object, f.Field, f.From, f.To, f.Message, f.Detail})
			}
		}
		if ns.HasData {
			p.Nights = append(p.Nights, option{Value: i, Label: b.dateTime(i) + " · " + b.h.Nights[i].Set})
		}
	}
	if n := len(p.Nights); n > 0 {
		p.To = p.Nights[n-1].Value
		p.From = p.Nights[max(0, n-2)].Value
	}
	for _, e := range t.Engine {
		d.Engine = append(d.Engine, [2]any{e.Night, e.Value})
	}
	for _, s := range t.Tables {
		var pts [][3]any
		prevB, prevR := int64(-2), int64(-2)
		for i := range s.Bytes {
			bv, rv := s.Bytes[i], s.Rows[i]
			if bv == prevB && rv == prevR {
				continue
			}
			prevB, prevR = bv, rv
			if bv < 0 {
				pts = append(pts, [3]any{i, nil, nil})
			} else {
				pts = append(pts, [3]any{i, bv, rv})
			}
		}
		d.Tables = append(d.Tables, []any{s.Schema, s.Table, pts})
	}
	data, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encoding data.js: %w", err)
	}
	// json.Marshal escapes <, >, &, U+2028 and U+2029, so no value can end
	// the script or start markup.
	js := append(append([]byte("window.AURORADOC_DRIFT = "), data...), ";\n"...)
	if err := b.write(dir+"data.js", js); err != nil {
		return err
	}
	return b.render(page, "drift_compare", "Compare nights · "+t.Name, append(crumbs, link{Text: "compare", Href: page}), p)
}

func events(ss []*history.Series) map[string][][2]any {
	m := make(map[string][][2]any, len(ss))
	for _, s := range ss {
		es := make([][2]any, len(s.Events))
		for i, e := range s.Events {
			if e.Unset {
				es[i] = [2]any{e.Night, nil}
			} else {
				es[i] = [2]any{e.Night, e.Value}
			}
		}
		m[s.Key] = es
	}
	return m
}

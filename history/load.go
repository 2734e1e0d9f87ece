package history

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/snapshot"
)

// rawRecord is a record whose bulky sections stay undecoded until Load
// knows it needs them: an unchanged parameter or variable section is
// recognised by its bytes (the encoding is deterministic), and table
// sizes are decoded only at size points.
type rawRecord struct {
	FormatVersion int          `json:"format_version"`
	Set           string       `json:"set"`
	Prev          string       `json:"prev"`
	TakenAt       time.Time    `json:"taken_at"`
	Targets       []*rawDigest `json:"targets"`
}

type rawDigest struct {
	Name          string          `json:"name"`
	Status        string          `json:"status"`
	Note          string          `json:"note"`
	StaleFrom     string          `json:"stale_from"`
	Problem       string          `json:"problem"`
	TakenAt       *time.Time      `json:"taken_at"`
	Engine        string          `json:"engine"`
	EngineVersion string          `json:"engine_version"`
	ServerVersion string          `json:"server_version"`
	Parameters    json.RawMessage `json:"parameters"`
	Variables     json.RawMessage `json:"variables"`
	Tables        json.RawMessage `json:"tables"`
	Findings      []drift.Finding `json:"findings"`
}

// Load reads every record of st, oldest first, and folds them into a
// History. Records are downloaded fetchAhead at once (one request each:
// on S3 the cost of Load grows with the nights kept, but in round trips
// divided by fetchAhead) and decoded Options.Concurrency ahead of the
// fold, so at most that many are in memory decoded at once. An unreadable record costs
// only its night (Night.Missing, a Problem); records that are out of step
// (Update not run since sets were deleted) are used as they are and
// reported in Problems.
func Load(ctx context.Context, st *snapshot.Store, o Options) (*History, error) {
	keys, err := st.ListAux(ctx, keyPrefix)
	if err != nil {
		return nil, fmt.Errorf("loading drift history: %w", err)
	}
	h := &History{}
	for _, k := range keys {
		if s := setOfKey(k); s != "" {
			h.Nights = append(h.Nights, Night{Set: s})
		}
	}
	sort.Slice(h.Nights, func(i, j int) bool { return h.Nights[i].Set < h.Nights[j].Set })
	daily, maxPoints := o.points()
	h.SizeNights = sizeGrid(len(h.Nights), daily, maxPoints)
	f := newFolder(h)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := readAhead(ctx, st, h.Nights, o.concurrency())
	for i := range h.Nights {
		var r result
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if r.err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			h.Nights[i].Missing = true
			h.Problems = append(h.Problems, r.err.Error())
			o.logger().Warn("drift history: record skipped", "set", h.Nights[i].Set, "error", r.err)
		} else if err := f.record(i, r.rec); err != nil {
			r.done()
			return nil, fmt.Errorf("loading drift history: set %s: %w", h.Nights[i].Set, err)
		}
		r.done()
		if err := f.sizePoint(i); err != nil {
			return nil, fmt.Errorf("loading drift history: set %s: %w", h.Nights[i].Set, err)
		}
	}
	f.finish()
	return h, nil
}

// fetchAhead is how many records Load downloads ahead of the fold (their
// compressed bytes only): on S3 each read costs a round trip, so they
// are fetched many at once, while at most Options.Concurrency are
// decoded ahead.
const fetchAhead = 32

// result is one record read ahead; done releases its decoding slot once
// the fold is through with it.
type result struct {
	rec  *rawRecord
	err  error
	done func()
}

// readAhead reads the records of nights in two stages: up to fetchAhead
// downloads at once, and decoding, in night order, up to decode records
// ahead of the fold. Result i arrives on the i-th channel.
func readAhead(ctx context.Context, st *snapshot.Store, nights []Night, decode int) []chan result {
	type fetched struct {
		data []byte
		err  error
	}
	raw := make([]chan fetched, len(nights))
	results := make([]chan result, len(nights))
	for i := range nights {
		raw[i] = make(chan fetched, 1)
		results[i] = make(chan result, 1)
	}
	fetching := make(chan struct{}, fetchAhead)
	decoding := make(chan struct{}, decode)
	go func() {
		for i, n := range nights {
			select {
			case fetching <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				data, err := st.GetAux(ctx, RecordKey(n.Set))
				raw[i] <- fetched{data, err}
			}()
		}
	}()
	go func() {
		// Decoding slots are taken in night order, so the night the fold
		// waits for always gets one.
		for i, n := range nights {
			var fr fetched
			select {
			case fr = <-raw[i]:
			case <-ctx.Done():
				return
			}
			<-fetching
			select {
			case decoding <- struct{}{}:
			case <-ctx.Done():
				return
			}
			release := func() { <-decoding }
			go func() {
				if fr.err != nil {
					results[i] <- result{err: fr.err, done: release}
					return
				}
				r, err := decodeRecord(fr.data, n.Set)
				results[i] <- result{rec: r, err: err, done: release}
			}()
		}
	}()
	return results
}

// decodeRecord decodes the stored record of set.
func decodeRecord(data []byte, set string) (*rawRecord, error) {
	raw, err := gunzip(data)
	if err != nil {
		return nil, fmt.Errorf("decoding history record %s: %w", RecordKey(set), err)
	}
	r, err := decodeRaw(raw)
	if err != nil {
		return nil, fmt.Errorf("decoding history record %s: %w", RecordKey(set), err)
	}
	if r.FormatVersion != RecordVersion {
		return nil, fmt.Errorf("history record %s: format version %d, want %d (run the history update)", RecordKey(set), r.FormatVersion, RecordVersion)
	}
	if r.Set != set {
		return nil, fmt.Errorf("history record %s: describes set %q", RecordKey(set), r.Set)
	}
	return r, nil
}

// sizeGrid returns the night indexes of the size points for n nights.
func sizeGrid(n, daily, maxPoints int) []int {
	if n <= maxPoints {
		g := make([]int, n)
		for i := range g {
			g[i] = i
		}
		return g
	}
	var weekly []int
	for i := n - daily - 7; i >= 0; i -= 7 {
		weekly = append(weekly, i)
	}
	g := make([]int, 0, len(weekly)+daily)
	for i := len(weekly) - 1; i >= 0; i-- {
		g = append(g, weekly[i])
	}
	for i := n - daily; i < n; i++ {
		g = append(g, i)
	}
	return g
}

// folder accumulates the history one record at a time.
type folder struct {
	h       *History
	targets map[string]*targetState
	// point is the position in h.SizeNights of the next size point.
	point int
}

// targetState is a target being folded: its Target plus what is needed
// to recognise changes.
type targetState struct {
	t                    *Target
	engine               string
	params, vars         map[string]*valueState
	paramsRaw, varsRaw   json.RawMessage
	tablesRaw            json.RawMessage
	tablesNight          int // night of tablesRaw, -1 for none
	tables               map[string]map[string]*TableSeries
	schemas              map[string]bool
	lastNote, lastStatus string
}

func newFolder(h *History) *folder {
	return &folder{h: h, targets: map[string]*targetState{}}
}

func (f *folder) target(name string) *targetState {
	ts := f.targets[name]
	if ts == nil {
		ts = &targetState{
			t:      &Target{Name: name, Nights: make([]NightState, len(f.h.Nights))},
			params: map[string]*valueState{}, vars: map[string]*valueState{},
			tables: map[string]map[string]*TableSeries{}, schemas: map[string]bool{}, tablesNight: -1,
		}
		f.targets[name] = ts
	}
	return ts
}

func (f *folder) record(i int, r *rawRecord) error {
	n := &f.h.Nights[i]
	n.Prev, n.TakenAt = r.Prev, r.TakenAt
	if want := f.prevSet(i); r.Prev != want {
		f.h.Problems = append(f.h.Problems, fmt.Sprintf("history record of set %s was compared with set %q, but the set before it is %q: run the history update", r.Set, r.Prev, want))
	}
	for _, d := range r.Targets {
		ts := f.target(d.Name)
		ns := &ts.t.Nights[i]
		ns.Status, ns.StaleFrom, ns.Problem, ns.HasData = d.Status, d.StaleFrom, d.Problem, d.TakenAt != nil
		ns.Note = d.Note
		if d.Note == ts.lastNote { // share the string of a failure repeated night after night
			ns.Note = ts.lastNote
		}
		ts.lastNote = ns.Note
		ns.Findings = d.Findings
		if d.Problem != "" {
			f.h.Problems = append(f.h.Problems, d.Problem)
		}
		for _, fd := range d.Findings {
			if fd.ObjectType == "schema" {
				ts.schemas[fd.Object] = true
			}
		}
		if d.TakenAt == nil || d.StaleFrom != "" {
			continue // no data, or old data carried forward
		}
		if err := ts.fold(i, d); err != nil {
			return fmt.Errorf("target %s: %w", d.Name, err)
		}
	}
	return nil
}

// prevSet is the set of the last readable record before night i.
func (f *folder) prevSet(i int) string {
	for j := i - 1; j >= 0; j-- {
		if !f.h.Nights[j].Missing {
			return f.h.Nights[j].Set
		}
	}
	return ""
}

func (ts *targetState) fold(i int, d *rawDigest) error {
	engine := d.Engine + " " + d.ServerVersion
	if d.EngineVersion != "" {
		engine = d.Engine + " " + d.EngineVersion + " (" + d.ServerVersion + ")"
	}
	if engine != ts.engine {
		ts.engine = engine
		ts.t.Engine = append(ts.t.Engine, Event{Night: i, Value: engine})
	}
	if err := foldValues(i, d.Parameters, &ts.paramsRaw, ts.params); err != nil {
		return fmt.Errorf("parameters: %w", err)
	}
	if err := foldValues(i, d.Variables, &ts.varsRaw, ts.vars); err != nil {
		return fmt.Errorf("variables: %w", err)
	}
	ts.tablesRaw, ts.tablesNight = d.Tables, i
	return nil
}

// foldValues adds the changes of raw (a name → value object) against the
// series to them; an unchanged section is recognised by its bytes, and a
// changed one is compared member by member without decoding it whole.
func foldValues(i int, raw json.RawMessage, last *json.RawMessage, series map[string]*valueState) error {
	if bytes.Equal(raw, *last) {
		return nil
	}
	*last = raw
	if len(raw) > 0 {
		err := members(raw, func(k, v []byte) error {
			var st *valueState
			if plain(k) {
				st = series[string(k[1:len(k)-1])] // no allocation
			}
			if st == nil {
				key, err := unquote(k)
				if err != nil {
					return err
				}
				if st = series[key]; st == nil {
					val, err := unquote(v)
					if err != nil {
						return err
					}
					series[key] = &valueState{s: &Series{Key: key, Events: []Event{{Night: i, Value: val}}}, night: i}
					return nil
				}
			}
			st.night = i
			if l := st.s.Last(); !l.Unset && sameString(v, l.Value) {
				return nil
			}
			val, err := unquote(v)
			if err != nil {
				return err
			}
			st.s.Events = append(st.s.Events, Event{Night: i, Value: val})
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, st := range series {
		if st.night != i && !st.s.Last().Unset {
			st.s.Events = append(st.s.Events, Event{Night: i, Unset: true})
		}
	}
	return nil
}

// valueState is a series being folded; night is the last night its key
// was present.
type valueState struct {
	s     *Series
	night int
}

// sizePoint records the table sizes when night i is a size point: each
// target's latest fresh sizes taken since the previous point.
func (f *folder) sizePoint(i int) error {
	g := f.h.SizeNights
	if f.point >= len(g) || g[f.point] != i {
		return nil
	}
	from := -1
	if f.point > 0 {
		from = g[f.point-1]
	}
	p := f.point
	f.point++
	for _, ts := range f.targets {
		if ts.tablesNight <= from || len(ts.tablesRaw) == 0 {
			continue
		}
		err := members(ts.tablesRaw, func(sk, sv []byte) error {
			sc, err := unquote(sk)
			if err != nil {
				return err
			}
			ts.schemas[sc] = true
			byName := ts.tables[sc]
			if byName == nil {
				byName = map[string]*TableSeries{}
				ts.tables[sc] = byName
			}
			return members(sv, func(tk, tv []byte) error {
				size, err := parseSize(tv)
				if err != nil {
					return err
				}
				var s *TableSeries
				if plain(tk) {
					s = byName[string(tk[1:len(tk)-1])]
				}
				if s == nil {
					name, err := unquote(tk)
					if err != nil {
						return err
					}
					if s = byName[name]; s == nil {
						s = &TableSeries{Schema: sc, Table: name, Bytes: make([]int64, len(g)), Rows: make([]int64, len(g))}
						for j := range s.Bytes {
							s.Bytes[j], s.Rows[j] = -1, -1
						}
						byName[name] = s
					}
				}
				s.Bytes[p], s.Rows[p] = size.Bytes, size.Rows
				return nil
			})
		})
		if err != nil {
			return fmt.Errorf("target %s: table sizes: %w", ts.t.Name, err)
		}
	}
	return nil
}

// finish turns the fold state into sorted slices.
func (f *folder) finish() {
	names := make([]string, 0, len(f.targets))
	for n := range f.targets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ts := f.targets[n]
		t := ts.t
		t.Parameters, t.Variables = sortedSeries(ts.params), sortedSeries(ts.vars)
		for _, byName := range ts.tables {
			for _, s := range byName {
				t.Tables = append(t.Tables, s)
			}
		}
		sort.Slice(t.Tables, func(i, j int) bool {
			a, b := t.Tables[i], t.Tables[j]
			if a.Schema != b.Schema {
				return a.Schema < b.Schema
			}
			return a.Table < b.Table
		})
		for s := range ts.schemas {
			t.Schemas = append(t.Schemas, s)
		}
		sort.Strings(t.Schemas)
		f.h.Targets = append(f.h.Targets, t)
	}
}

func sortedSeries(m map[string]*valueState) []*Series {
	out := make([]*Series, 0, len(m))
	for _, st := range m {
		out = append(out, st.s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

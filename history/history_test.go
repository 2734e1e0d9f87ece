package history

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/history/historytest"
	"github.com/auroradoc/auroradoc/snapshot"
)

func update(t *testing.T, st *snapshot.Store, want int) {
	t.Helper()
	n, err := Update(context.Background(), st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("Update computed %d records, want %d", n, want)
	}
}

func record(t *testing.T, st *snapshot.Store, set string) *Record {
	t.Helper()
	r, err := readRecord(context.Background(), st, set)
	if err != nil || r == nil {
		t.Fatalf("record of %s: %v, %v", set, r, err)
	}
	return r
}

func digest(t *testing.T, r *Record, name string) *Digest {
	t.Helper()
	for _, d := range r.Targets {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("record of %s has no digest of %s", r.Set, name)
	return nil
}

func hasFinding(fs []drift.Finding, kind drift.Kind, change drift.Change, object string) bool {
	return slices.ContainsFunc(fs, func(f drift.Finding) bool {
		return f.Kind == kind && f.Change == change && f.Object == object
	})
}

func TestUpdateRecords(t *testing.T) {
	st, sets := historytest.Store(t)
	update(t, st, 3)
	update(t, st, 0) // up to date

	r0, r1, r2 := record(t, st, sets[0]), record(t, st, sets[1]), record(t, st, sets[2])
	if r0.Prev != "" || r1.Prev != sets[0] || r2.Prev != sets[1] {
		t.Fatalf("prev chain: %q %q %q", r0.Prev, r1.Prev, r2.Prev)
	}
	// The first set is the baseline.
	for _, d := range r0.Targets {
		if len(d.Findings) > 0 {
			t.Errorf("first set: %s has findings %v", d.Name, d.Findings)
		}
	}
	o0 := digest(t, r0, historytest.Orders)
	if o0.Parameters["max_connections"] != "1000" || o0.Parameters["orders-prd-instance:slow_query_log"] != "1" ||
		o0.Parameters["innodb_buffer_pool_size"] != "{DBInstanceClassMemory*3/4}" {
		t.Errorf("parameters: %v", o0.Parameters)
	}
	if _, ok := o0.Parameters["time_zone"]; ok {
		t.Error("a parameter without a value is in the digest")
	}
	if _, ok := o0.Variables["hostname"]; ok {
		t.Error("volatile variable hostname kept")
	}
	if o0.Variables["max_connections"] != "1000" || o0.EngineVersion != "8.0.mysql_aurora.3.05.2" || o0.Engine != "aurora-mysql" {
		t.Errorf("digest: %+v", o0)
	}
	if sz := o0.Tables["shop"]["ride_event"]; sz.Bytes != 49152+49152 || sz.Rows != 7 {
		t.Errorf("ride_event size %+v", sz)
	}
	if _, ok := o0.Tables["shop"]["v_order_summary"]; ok {
		t.Error("a view has a size")
	}

	o1 := digest(t, r1, historytest.Orders)
	if !hasFinding(o1.Findings, drift.KindParameter, drift.Changed, "max_connections") ||
		!hasFinding(o1.Findings, drift.KindSchema, drift.Added, "shop.coupon") ||
		!hasFinding(o1.Findings, drift.KindVariable, drift.Changed, "init_connect") {
		t.Errorf("night 2 findings of orders: %v", o1.Findings)
	}
	if f := digest(t, r1, historytest.Fresh); !hasFinding(f.Findings, drift.KindTarget, drift.Added, historytest.Fresh) {
		t.Errorf("fresh-db not added: %v", f.Findings)
	}
	l1 := digest(t, r1, historytest.Legacy)
	if l1.Status != snapshot.StatusFailed || l1.StaleFrom != sets[0] || !l1.HasData() || len(l1.Findings) != 0 ||
		!strings.Contains(l1.Note, "<b>refused</b>") {
		t.Errorf("stale legacy: %+v", l1)
	}
	o2 := digest(t, r2, historytest.Orders)
	if !hasFinding(o2.Findings, drift.KindVersion, drift.Changed, "orders-prd") && !slices.ContainsFunc(o2.Findings, func(f drift.Finding) bool { return f.Kind == drift.KindVersion }) {
		t.Errorf("no version finding on night 3: %v", o2.Findings)
	}
	if !hasFinding(o2.Findings, drift.KindSize, drift.Changed, "shop.ride_event") {
		t.Errorf("no size finding on night 3: %v", o2.Findings)
	}
	g2 := digest(t, r2, historytest.Gone)
	if g2.Status != StatusRemoved || !hasFinding(g2.Findings, drift.KindTarget, drift.Removed, historytest.Gone) || g2.HasData() {
		t.Errorf("gone-db: %+v", g2)
	}
	if l2 := digest(t, r2, historytest.Legacy); len(l2.Findings) != 0 {
		// the carried copy equals the original: nothing changed
		t.Errorf("legacy back on night 3: %v", l2.Findings)
	}
}

// TestUpdateDeterministic: a record computed again is byte-identical.
func TestUpdateDeterministic(t *testing.T) {
	st, sets := historytest.Store(t)
	update(t, st, 3)
	ctx := context.Background()
	before, err := st.GetAux(ctx, RecordKey(sets[1]))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteAux(ctx, RecordKey(sets[1])); err != nil {
		t.Fatal(err)
	}
	update(t, st, 1)
	after, err := st.GetAux(ctx, RecordKey(sets[1]))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("recomputed record differs")
	}
}

// TestUpdateRetention: deleting a set recomputes the record after it
// against the set before, and deletes the deleted set's record.
func TestUpdateRetention(t *testing.T) {
	st, sets := historytest.Store(t)
	update(t, st, 3)
	dir := st.String()
	if err := os.RemoveAll(filepath.Join(dir, sets[1])); err != nil {
		t.Fatal(err)
	}
	update(t, st, 1)
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(RecordKey(sets[1])))); !os.IsNotExist(err) {
		t.Errorf("record of the deleted set kept: %v", err)
	}
	r2 := record(t, st, sets[2])
	if r2.Prev != sets[0] {
		t.Fatalf("prev = %q, want %q", r2.Prev, sets[0])
	}
	// fresh-db was not in sets[0]: it is added now, against the older set.
	if f := digest(t, r2, historytest.Fresh); !hasFinding(f.Findings, drift.KindTarget, drift.Added, historytest.Fresh) {
		t.Errorf("fresh-db: %v", f.Findings)
	}
	o := digest(t, r2, historytest.Orders)
	if !hasFinding(o.Findings, drift.KindParameter, drift.Changed, "max_connections") {
		t.Errorf("orders against night 1: %v", o.Findings)
	}
	update(t, st, 0)
}

// TestUpdateCorruptSnapshot: an unreadable snapshot costs only its target,
// with a problem naming the set and the target; once readable again, the
// next Update retries just that target.
func TestUpdateCorruptSnapshot(t *testing.T) {
	st, sets := historytest.Store(t)
	p := filepath.Join(st.String(), sets[2], "targets", "us-east-1", "orders-prd.json.gz")
	good, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, good[:len(good)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	update(t, st, 3)
	r2 := record(t, st, sets[2])
	if r2.Problems != 1 {
		t.Fatalf("problems = %d", r2.Problems)
	}
	o := digest(t, r2, historytest.Orders)
	if !strings.Contains(o.Problem, sets[2]) || !strings.Contains(o.Problem, historytest.Orders) || o.HasData() {
		t.Fatalf("problem %q does not name the set and the target", o.Problem)
	}
	if f := digest(t, r2, historytest.Fresh); f.Problem != "" || !f.HasData() {
		t.Errorf("the other targets suffer: %+v", f)
	}
	h, err := Load(context.Background(), st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(h.Problems, func(s string) bool { return strings.Contains(s, "orders-prd") }) {
		t.Errorf("Load problems: %v", h.Problems)
	}
	update(t, st, 1) // still broken: retried, still a problem
	if err := os.WriteFile(p, good, 0o644); err != nil {
		t.Fatal(err)
	}
	update(t, st, 1)
	r2 = record(t, st, sets[2])
	if o := digest(t, r2, historytest.Orders); r2.Problems != 0 || o.Problem != "" || len(o.Findings) == 0 {
		t.Fatalf("after repair: problems %d, %+v", r2.Problems, o)
	}
	update(t, st, 0)
}

// TestUpdateCorruptRecord: an unreadable record is recomputed.
func TestUpdateCorruptRecord(t *testing.T) {
	st, sets := historytest.Store(t)
	update(t, st, 3)
	if err := st.PutAux(context.Background(), RecordKey(sets[0]), []byte("not gzip")); err != nil {
		t.Fatal(err)
	}
	update(t, st, 1)
	record(t, st, sets[0])
}

func TestLoad(t *testing.T) {
	st, sets := historytest.Store(t)
	update(t, st, 3)
	h, err := Load(context.Background(), st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Nights) != 3 || h.Nights[2].Set != sets[2] || h.Nights[2].Prev != sets[1] || !h.Nights[0].TakenAt.Equal(historytest.Night0) {
		t.Fatalf("nights %+v", h.Nights)
	}
	if len(h.Problems) != 0 {
		t.Errorf("problems: %v", h.Problems)
	}
	var names []string
	for _, tg := range h.Targets {
		names = append(names, tg.Name)
	}
	if want := []string{historytest.Fresh, historytest.Gone, historytest.Legacy, historytest.Orders}; !slices.Equal(names, want) {
		t.Fatalf("targets %v", names)
	}
	orders := h.Targets[3]
	series := func(ss []*Series, key string) *Series {
		for _, s := range ss {
			if s.Key == key {
				return s
			}
		}
		t.Fatalf("no series %s", key)
		return nil
	}
	if s := series(orders.Parameters, "max_connections"); !slices.Equal(s.Events, []Event{{0, "1000", false}, {1, "2000", false}}) {
		t.Errorf("max_connections: %v", s.Events)
	}
	if s := series(orders.Parameters, "orders-prd-instance:slow_query_log"); !slices.Equal(s.Events, []Event{{0, "1", false}, {2, "0", false}}) {
		t.Errorf("slow_query_log: %v", s.Events)
	}
	if s := series(orders.Parameters, "character_set_server"); s.Changed() {
		t.Errorf("unchanged parameter has events %v", s.Events)
	}
	if s := series(orders.Variables, "init_connect"); !slices.Equal(s.Events, []Event{{0, "", false}, {1, historytest.Hostile, false}}) {
		t.Errorf("init_connect: %v", s.Events)
	}
	if len(orders.Engine) != 2 || orders.Engine[1].Night != 2 || !strings.Contains(orders.Engine[1].Value, "3.06.0") {
		t.Errorf("engine: %v", orders.Engine)
	}
	if !slices.Equal(orders.Schemas, []string{"billing", "hostile db", "shop"}) {
		t.Errorf("schemas %v", orders.Schemas)
	}
	var ride *TableSeries
	for _, ts := range orders.Tables {
		if ts.Schema == "shop" && ts.Table == "ride_event" {
			ride = ts
		}
		if ts.Table == "coupon" && !slices.Equal(ts.Bytes, []int64{-1, 16384, 16384}) {
			t.Errorf("coupon %v", ts.Bytes)
		}
	}
	if ride == nil || !slices.Equal(ride.Bytes, []int64{98304, 98304, 200<<20 + 49152}) || ride.Rows[2] != 1_500_000 {
		t.Fatalf("ride_event %+v", ride)
	}
	legacy := h.Targets[2]
	var st3 []string
	for _, n := range legacy.Nights {
		st3 = append(st3, n.Display())
	}
	if !slices.Equal(st3, []string{"ok", StatusStale, "ok"}) || !strings.Contains(legacy.Nights[1].Note, "refused") {
		t.Errorf("legacy nights %v", legacy.Nights)
	}
	gone := h.Targets[1]
	if gone.Nights[2].Status != StatusRemoved || len(gone.Nights[2].Findings) != 1 {
		t.Errorf("gone nights %+v", gone.Nights)
	}
	fresh := h.Targets[0]
	if fresh.Nights[0].Display() != StatusAbsent {
		t.Errorf("fresh night 1: %+v", fresh.Nights[0])
	}
	var ddl string
	for _, f := range orders.Nights[2].Findings {
		if f.Kind == drift.KindSchema && strings.Contains(f.Object, "customer") {
			if got := orders.SchemaOf(f); got != "shop" {
				t.Errorf("SchemaOf(%s) = %q", f.Object, got)
			}
			ddl += f.Detail
		}
	}
	if !strings.Contains(ddl, "+  `loyalty_tier`") {
		t.Errorf("no DDL diff for the new column; details: %q", ddl)
	}
}

// TestLoadDownsample: with more nights than MaxPoints, sizes are kept
// daily for the newest DailyPoints nights and weekly before, each point
// holding the newest fresh size of its period.
func TestLoadDownsample(t *testing.T) {
	st, err := snapshot.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const nights = 20
	var prev *snapshot.Manifest
	for n := 0; n < nights; n++ {
		s := historytest.StaticSnapshot(t, "grow", n)
		for _, ti := range s.FindSchema("billing").Tables {
			ti.DataLength, ti.IndexLength = int64(n)*1000, 0
		}
		var failed []*snapshot.Entry
		snaps := []*snapshot.Snapshot{s}
		if n == 15 { // fails on a weekly point: the point takes night 14's size
			snaps, failed = nil, []*snapshot.Entry{{Name: "grow", Status: snapshot.StatusFailed, Error: "down"}}
		}
		prev = historytest.WriteSet(t, st, historytest.Night0.Add(time.Duration(n)*24*time.Hour), prev, snaps, failed)
	}
	o := Options{DailyPoints: 5, MaxPoints: 8}
	if _, err := Update(context.Background(), st, o); err != nil {
		t.Fatal(err)
	}
	h, err := Load(context.Background(), st, o)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{1, 8, 15, 16, 17, 18, 19}
	if !slices.Equal(h.SizeNights, want) {
		t.Fatalf("size nights %v, want %v", h.SizeNights, want)
	}
	inv := h.Targets[0].Tables[0]
	if want := []int64{1000, 8000, 14000, 16000, 17000, 18000, 19000}; !slices.Equal(inv.Bytes, want) {
		t.Errorf("bytes %v, want %v", inv.Bytes, want)
	}
}

func TestSizeGrid(t *testing.T) {
	g := sizeGrid(365, 90, 120)
	if len(g) != 90+39 || g[len(g)-1] != 364 || g[len(g)-90] != 275 || g[len(g)-91] != 268 || g[0] != 2 {
		t.Fatalf("grid of 365: len %d, %v", len(g), g[:5])
	}
	for i := 1; i < len(g); i++ {
		if g[i] <= g[i-1] {
			t.Fatal("not ascending")
		}
	}
	if g := sizeGrid(120, 90, 120); len(g) != 120 {
		t.Fatalf("120 nights downsampled to %d", len(g))
	}
}

func TestParamKey(t *testing.T) {
	for _, c := range [][2]string{{"", "max_connections"}, {"orders-prd-instance", "slow_query_log"}} {
		g, n := SplitParamKey(ParamKey(c[0], c[1]))
		if g != c[0] || n != c[1] {
			t.Errorf("round trip of %v: %q %q", c, g, n)
		}
	}
}

// TestFoldValues: keys and values with JSON escapes, values that change,
// disappear and come back.
func TestFoldValues(t *testing.T) {
	series := map[string]*valueState{}
	var last json.RawMessage
	nights := []map[string]string{
		{"a": "1", `k"<`: "x\u2028", `\u003c`: "literal"},
		{"a": "2", `k"<`: "x\u2028", `\u003c`: "literal"},
		{`k"<`: "<y>", `\u003c`: "literal"},
		{"a": "2", `k"<`: "<y>"},
	}
	for i, m := range nights {
		raw, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := foldValues(i, raw, &last, series); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][]Event{
		"a":      {{0, "1", false}, {1, "2", false}, {2, "", true}, {3, "2", false}},
		`k"<`:    {{0, "x\u2028", false}, {2, "<y>", false}},
		`\u003c`: {{0, "literal", false}, {3, "", true}},
	}
	if len(series) != len(want) {
		t.Fatalf("%d series", len(series))
	}
	for k, w := range want {
		if st := series[k]; st == nil || !slices.Equal(st.s.Events, w) {
			t.Errorf("%q: %+v, want %v", k, st, w)
		}
	}
}

func TestMembersMalformed(t *testing.T) {
	for _, b := range []string{``, `[]`, `{"a"}`, `{"a":"b"`, `{"a":"b",}`, `{1:2}`, `{"a":"b\"}`} {
		if err := members([]byte(b), func(k, v []byte) error { return nil }); err == nil {
			t.Errorf("%q accepted", b)
		}
	}
	var got []string
	if err := members([]byte(` { "a" : [1, {"x":"]"}] , "b":{"c":"}"} } `), func(k, v []byte) error {
		got = append(got, string(k)+"="+string(v))
		return nil
	}); err != nil || !slices.Equal(got, []string{`"a"=[1, {"x":"]"}]`, `"b"={"c":"}"}`}) {
		t.Errorf("%v %v", got, err)
	}
}

// TestDecodeRaw: the scanner decodes records exactly like encoding/json.
func TestDecodeRaw(t *testing.T) {
	st, sets := historytest.Store(t)
	update(t, st, 3)
	for _, set := range sets {
		data, err := st.GetAux(context.Background(), RecordKey(set))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := gunzip(data)
		if err != nil {
			t.Fatal(err)
		}
		want := &rawRecord{}
		if err := json.Unmarshal(raw, want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeRaw(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("set %s: decodeRaw differs from encoding/json", set)
		}
	}
	if _, err := decodeRaw([]byte(`{"targets":[{"name":"x"},]}`)); err == nil {
		t.Error("malformed record accepted")
	}
}

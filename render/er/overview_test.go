package er

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var partNameRE = regexp.MustCompile(`^[a-z0-9_-]{1,60}$`)

// TestPartition checks the split of a 1,000-table schema into parts of at
// most 60 tables: every table in exactly one part, parts within the
// limit, deterministic, and related tables kept together far better than
// chance.
func TestPartition(t *testing.T) {
	const n, max = 1000, 60
	m, err := newModel(synthSchema("big", n, 42))
	if err != nil {
		t.Fatal(err)
	}
	o := m.overview(max)
	seen := map[int]int{}
	for p, g := range o.groups {
		if len(g) == 0 || len(g) > max {
			t.Errorf("part %s has %d tables", o.names[p], len(g))
		}
		if !slices.IsSorted(g) {
			t.Errorf("part %s is not sorted", o.names[p])
		}
		for _, i := range g {
			if q, dup := seen[i]; dup {
				t.Errorf("table %s in parts %s and %s", m.name(i), o.names[q], o.names[p])
			}
			seen[i] = p
		}
	}
	if len(seen) != n {
		t.Errorf("%d of %d tables placed", len(seen), n)
	}
	if min := (n + max - 1) / max; len(o.groups) < min || len(o.groups) > 2*min {
		t.Errorf("%d parts for %d tables of at most %d", len(o.groups), n, max)
	}
	names := map[string]bool{IndexPart: true}
	for _, name := range o.names {
		if !partNameRE.MatchString(name) || names[name] {
			t.Errorf("part name %q is not file-name safe or not unique", name)
		}
		names[name] = true
	}

	// Relations inside a part, against what a random split into parts of
	// the same sizes would keep (about 1/parts).
	inside, total := 0, 0
	for _, e := range m.rels {
		if e.child == e.parent || !m.isLocal(e.parent) {
			continue
		}
		total++
		if o.owner[e.child] == o.owner[e.parent] {
			inside++
		}
	}
	ratio := float64(inside) / float64(total)
	t.Logf("%d parts, %d of %d relations (%.0f%%) inside a part", len(o.groups), inside, total, 100*ratio)
	if chance := 1 / float64(len(o.groups)); ratio < 4*chance {
		t.Errorf("only %.0f%% of relations inside a part; chance is %.0f%%", 100*ratio, 100*chance)
	}

	again := m.overview(max)
	if !slices.Equal(again.names, o.names) {
		t.Error("part names differ between runs")
	}
	for p := range o.groups {
		if !slices.Equal(again.groups[p], o.groups[p]) {
			t.Errorf("part %s differs between runs", o.names[p])
		}
	}
}

// TestPartitionSmall checks the cases that need no cutting: components
// that fit stay whole, lone tables are packed together.
func TestPartitionSmall(t *testing.T) {
	m, err := newModel(fixture(t, "shop"))
	if err != nil {
		t.Fatal(err)
	}
	// shop: {customer, customer_profile, purchase_order, order_item,
	// product, category, shipment, ride, vehicle, store} and three lone
	// tables.
	o := m.overview(10)
	if len(o.groups) != 2 || len(o.groups[0]) != 10 || len(o.groups[1]) != 3 {
		t.Fatalf("groups %v", o.groups)
	}
	if got := m.names(o.groups[1]); !slices.Equal(got, []string{"customer_audit", "ride_event", "v_order_summary"}) {
		t.Errorf("lone tables part: %q", got)
	}
	if o.names[0] != "customer" {
		t.Errorf("part names %q", o.names)
	}
	if o := m.overview(100); len(o.groups) != 1 {
		t.Errorf("everything fits in one part, got %d", len(o.groups))
	}
	for _, max := range []int{1, 2, 3, 5} {
		o := m.overview(max)
		total := 0
		for _, g := range o.groups {
			if len(g) > max {
				t.Errorf("max %d: part of %d", max, len(g))
			}
			total += len(g)
		}
		if total != len(m.tables) {
			t.Errorf("max %d: %d tables placed", max, total)
		}
	}
}

// TestSlug checks part names.
func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"order_item": "order_item", "Users": "users", "⚡ rides": "rides",
		"weird`name": "weird-name", "<b>": "b", "日本": "part", "": "part",
		"a..b--c": "a-b-c", strings.Repeat("x", 80): strings.Repeat("x", 48),
		"index": "index",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOverview renders the overview of a synthetic schema and checks the
// parts and the index.
func TestOverview(t *testing.T) {
	ctx := context.Background()
	s := synthSchema("synth", 150, 3)
	r := newRenderer(t, Options{Link: tableLink, PartLink: partLink})
	parts, err := r.Overview(ctx, s, Fit{MaxTables: 40})
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) < 5 || parts[0].Name != IndexPart || len(parts[0].Tables) != 0 {
		t.Fatalf("%d parts, first %q", len(parts), parts[0].Name)
	}
	index := parseSVG(t, parts[0].SVG)
	total := 0
	for _, p := range parts[1:] {
		doc := parseSVG(t, p.SVG)
		total += len(p.Tables)
		if len(p.Tables) > 40 {
			t.Errorf("part %s has %d tables", p.Name, len(p.Tables))
		}
		for _, tb := range p.Tables {
			if !has(doc.texts, tb) {
				t.Errorf("part %s does not show %s", p.Name, tb)
			}
		}
		if !has(index.texts, p.Name) || !has(index.texts, tableCount(len(p.Tables))) {
			t.Errorf("index does not show part %s with %d tables", p.Name, len(p.Tables))
		}
		if _, ok := index.tooltipOf(partLink(p.Name)); !ok {
			t.Errorf("index node %s has no link", p.Name)
		}
		if !strings.Contains(string(p.SVG), "in another diagram") {
			t.Errorf("part %s shows no related table of another part", p.Name)
		}
	}
	if total != len(s.Tables) {
		t.Errorf("parts hold %d tables, schema has %d", total, len(s.Tables))
	}
	if index.elements["path"] == 0 {
		t.Error("index has no edges between parts")
	}
	// Edge labels count relations between parts.
	for _, txt := range index.texts {
		if _, err := strconv.Atoi(txt); err == nil {
			return
		}
	}
	t.Error("index edges carry no relation counts")
}

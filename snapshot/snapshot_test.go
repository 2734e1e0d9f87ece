package snapshot

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/k1LoW/tbls/schema"
)

func sample() *Snapshot {
	parent := &schema.Table{Name: "customer", Type: "BASE TABLE", Columns: []*schema.Column{{Name: "id", Type: "int"}}}
	child := &schema.Table{Name: "order", Type: "BASE TABLE", Comment: "<script>alert(1)</script> | 注文",
		Columns: []*schema.Column{{Name: "id", Type: "int"}, {Name: "customer_id", Type: "int", Default: sql.NullString{String: "NULL", Valid: true}}}}
	ext := &schema.Table{Name: "other.account", External: true}
	rel := &schema.Relation{Table: child, Columns: []*schema.Column{child.Columns[1]}, ParentTable: parent,
		ParentColumns: []*schema.Column{parent.Columns[0]}, Def: "FOREIGN KEY (customer_id) REFERENCES customer (id)",
		Cardinality: schema.ZeroOrMore, ParentCardinality: schema.ExactlyOne}
	rel2 := &schema.Relation{Table: child, Columns: []*schema.Column{child.Columns[0]}, ParentTable: ext,
		ParentColumns: []*schema.Column{{Name: "id"}}, Def: "FOREIGN KEY (id) REFERENCES other.account (id)",
		Cardinality: schema.ZeroOrOne, ParentCardinality: schema.ExactlyOne}
	return &Snapshot{
		FormatVersion: FormatVersion,
		Target:        Target{Name: "billing-dev", Kind: "static", Host: "127.0.0.1", Port: 3306},
		TakenAt:       time.Date(2026, 11, 21, 4, 0, 0, 0, time.UTC),
		Server:        Server{Flavor: "mysql", Version: "8.0.31"},
		Variables:     map[string]string{"max_connections": "100", "autocommit": "ON", "sql_mode": "STRICT_TRANS_TABLES"},
		Schemas: []*Schema{{Name: "shop", Tables: []*TableInfo{{Name: "customer", DataLength: 16384}},
			Tbls: &schema.Schema{Name: "shop", Tables: []*schema.Table{parent, child}, Relations: []*schema.Relation{rel, rel2}}}},
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, sample()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ { // map iteration order varies between runs
		b.Reset()
		if err := Write(&b, sample()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("two encodings of the same snapshot differ")
		}
	}
}

func TestRoundTripRelinksRelations(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Target.Name != "billing-dev" || got.Variables["max_connections"] != "100" {
		t.Fatalf("round trip lost fields: %+v", got.Target)
	}
	s := got.Schemas[0].Tbls
	if len(s.Relations) != 2 {
		t.Fatalf("relations: got %d, want 2", len(s.Relations))
	}
	r := s.Relations[0]
	child, _ := s.FindTableByName("order")
	if r.Table != child || r.Columns[0] != child.Columns[1] {
		t.Error("relation child side not relinked to the schema's table and column")
	}
	if len(child.Columns[1].ParentRelations) != 1 {
		t.Error("column does not know its parent relation after reading")
	}
	if !s.Relations[1].ParentTable.External || s.Relations[1].ParentTable.Name != "other.account" {
		t.Errorf("cross-schema parent should be external, got %+v", s.Relations[1].ParentTable)
	}
	if got.Schemas[0].Tbls.Tables[1].Comment != "<script>alert(1)</script> | 注文" {
		t.Errorf("comment not preserved: %q", got.Schemas[0].Tbls.Tables[1].Comment)
	}
	// Re-encoding what was read gives the same bytes.
	var again, orig bytes.Buffer
	_ = Write(&orig, sample())
	if err := Write(&again, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(orig.Bytes(), again.Bytes()) {
		t.Error("read-then-write is not byte-identical")
	}
}

func TestReadRejectsBadInput(t *testing.T) {
	cases := map[string]string{
		"not json":       "hello",
		"no version":     `{"target":{"name":"x"}}`,
		"future version": `{"format_version": 99}`,
		"truncated":      `{"format_version": 1, "schemas": [`,
		"schema no tbls": `{"format_version": 1, "schemas": [{"name":"a"}]}`,
		"broken gzip":    "\x1f\x8b\x08\x00garbage",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Read(strings.NewReader(in))
			if err == nil {
				t.Fatal("want an error")
			}
			if name == "future version" && !errors.Is(err, ErrUnsupportedFormat) {
				t.Errorf("want ErrUnsupportedFormat, got %v", err)
			}
		})
	}
}

func TestStoreSets(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Latest(ctx); !errors.Is(err, ErrNoSets) {
		t.Fatalf("empty store: want ErrNoSets, got %v", err)
	}
	at := time.Date(2026, 11, 21, 4, 5, 6, 0, time.UTC)
	var ids []string
	for i := 0; i < 2; i++ { // two runs in the same second must not collide
		w, err := st.NewSet(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		file, sum, err := w.Put(ctx, sample())
		if err != nil {
			t.Fatal(err)
		}
		if file != "targets/billing-dev.json.gz" || len(sum) != 64 {
			t.Fatalf("Put returned %q %q", file, sum)
		}
		if _, _, err := w.Put(ctx, sample()); err == nil {
			t.Fatal("writing the same target twice in a set must fail")
		}
		m := &Manifest{Targets: []*Entry{{Name: "z", Status: StatusFailed, Error: "boom"}, {Name: "billing-dev", Status: StatusOK, File: file}}}
		if err := w.Finish(ctx, m); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, w.ID())
	}
	if ids[0] != "2026-11-21T040506Z" || ids[1] != "2026-11-21T040506Z-2" {
		t.Fatalf("set ids: %v", ids)
	}
	// An interrupted run (no manifest) is not listed.
	w, _ := st.NewSet(ctx, at.Add(time.Hour))
	if _, _, err := w.Put(ctx, sample()); err != nil {
		t.Fatal(err)
	}
	got, err := st.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") {
		t.Fatalf("Sets = %v, want %v", got, ids)
	}
	latest := ids[1]
	m, err := st.Manifest(ctx, latest)
	if err != nil {
		t.Fatal(err)
	}
	if m.Summary != (Summary{OK: 1, Failed: 1}) || m.Targets[0].Name != "billing-dev" {
		t.Fatalf("manifest not tallied/sorted: %+v", m)
	}
	snap, err := st.Snapshot(ctx, latest, "billing-dev")
	if err != nil || snap.Server.Version != "8.0.31" {
		t.Fatalf("Snapshot: %v %+v", err, snap)
	}
	for _, bad := range []string{"../etc", "us-east-1/../x", "a/b/c", "US-EAST-1/x", "/abs"} {
		if _, err := st.Snapshot(ctx, latest, bad); err == nil || !strings.Contains(err.Error(), "invalid target name") {
			t.Errorf("target name %q: want invalid target name, got %v", bad, err)
		}
	}
	// A discovered cluster's snapshot lives under its region.
	w2, _ := st.NewSet(ctx, at.Add(2*time.Hour))
	aur := sample()
	aur.Target = Target{Name: "us-east-1/billing-prd", Kind: "aurora", Region: "us-east-1", ClusterID: "billing-prd"}
	if f, _, err := w2.Put(ctx, aur); err != nil || f != "targets/us-east-1/billing-prd.json.gz" {
		t.Fatalf("Put aurora snapshot: %q %v", f, err)
	}
	if err := w2.Finish(ctx, &Manifest{}); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Snapshot(ctx, w2.ID(), "us-east-1/billing-prd"); err != nil || got.Target.ClusterID != "billing-prd" {
		t.Fatalf("reading aurora snapshot: %v", err)
	}
	if _, err := st.Snapshot(ctx, latest, "../etc"); err == nil {
		t.Fatal("path traversal in a target name must be refused")
	}
	// A corrupt snapshot file gives a clear error naming it.
	p := filepath.Join(dir, latest, "targets", "billing-dev.json.gz")
	if err := os.WriteFile(p, []byte("\x1f\x8bnot gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Snapshot(ctx, latest, "billing-dev"); err == nil || !strings.Contains(err.Error(), "billing-dev") {
		t.Fatalf("corrupt file: want an error naming the target, got %v", err)
	}
	// No temporary files are left behind.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

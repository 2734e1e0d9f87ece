package assess_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/drift/report"
	dt "github.com/auroradoc/auroradoc/internal/drifttest"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/snapshot"
)

// writeBaseline writes the baseline of set id ("" the latest) of b, with
// drift's volatile variables left out.
func writeBaseline(t *testing.T, b *dt.Store, id string) (data []byte, n int, warnings []string) {
	t.Helper()
	ctx := context.Background()
	m, err := assess.Set(ctx, b.St, id)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, warnings, err = assess.WriteBaseline(ctx, &buf, b.St, m, assess.DriftOptions(nil).VolatileMatcher())
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), n, warnings
}

// againstBaseline assesses set id ("" the latest) of b against the
// baseline data, read as if from path.
func againstBaseline(t *testing.T, b *dt.Store, path string, data []byte, id string) *report.Report {
	t.Helper()
	ctx := context.Background()
	base, err := assess.ParseBaseline(path, data)
	if err != nil {
		t.Fatal(err)
	}
	to, err := assess.Set(ctx, b.St, id)
	if err != nil {
		t.Fatal(err)
	}
	r, err := assess.Run(ctx, assess.Input{Store: b.St, To: to, Baseline: base}, defaults)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestBaseline: a baseline written from a set compares equal to it, is
// plain deterministic JSON without what moves on its own, and shows the
// changes of a later set.
func TestBaseline(t *testing.T) {
	b := dt.DriftStore(t)
	data, n, warnings := writeBaseline(t, b, b.IDs[0])
	if n != 4 || len(warnings) != 0 {
		t.Fatalf("baseline of set 1: %d targets, warnings %q", n, warnings)
	}
	var doc struct {
		Format        string              `json:"format"`
		FormatVersion int                 `json:"format_version"`
		Targets       []snapshot.Snapshot `json:"targets"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("baseline is not plain JSON: %v", err)
	}
	var names []string
	for _, s := range doc.Targets {
		names = append(names, s.Target.Name)
		if !s.TakenAt.IsZero() || s.Warnings != nil {
			t.Errorf("%s: taken_at %v, warnings %q kept", s.Target.Name, s.TakenAt, s.Warnings)
		}
		if _, ok := s.Variables["gtid_binlog_pos"]; ok {
			t.Errorf("%s: volatile variable kept", s.Target.Name)
		}
		if s.Variables["max_connections"] == "" {
			t.Errorf("%s: max_connections missing", s.Target.Name)
		}
		for _, sc := range s.Schemas {
			for _, tb := range sc.Tables {
				if tb.DataLength != 0 || tb.IndexLength != 0 || tb.Rows != 0 {
					t.Errorf("%s: %s.%s keeps its size", s.Target.Name, sc.Name, tb.Name)
				}
			}
		}
	}
	if want := []string{dt.Billing, dt.Orders, dt.Legacy, dt.Stale}; doc.Format != "auroradoc-baseline" || doc.FormatVersion != 1 || !slices.Equal(names, want) {
		t.Errorf("format %q %d, targets %q, want %q", doc.Format, doc.FormatVersion, names, want)
	}

	// A set that differs from set 1 only in what moves on its own (taken
	// at, sizes, volatile variables) writes the same baseline bytes.
	noisy := dt.NewStore(t)
	var tgs []dt.Target
	for _, name := range []string{dt.Orders, dt.Billing} {
		s := dt.Aurora(t, name)
		s.TakenAt = s.TakenAt.Add(72 * time.Hour)
		s.Variables["gtid_binlog_pos"] = "0-1-99"
		s.Schemas[0].Tables[0].DataLength += 1 << 30
		s.Schemas[0].Tables[0].Rows += 12345
		s.Warnings = []string{"a table was dropped while being read"}
		tgs = append(tgs, dt.Target{Snap: s})
	}
	tgs = append(tgs, dt.Target{Snap: dt.Static(t, dt.Legacy)}, dt.Target{Snap: dt.Static(t, dt.Stale)})
	noisy.Set(25, tgs...)
	if data2, _, _ := writeBaseline(t, noisy, ""); !bytes.Equal(data2, data) {
		t.Error("baselines of sets differing only in volatile data differ")
	}

	// No change against the set it was written from, nor the noisy one.
	const path = "ci/baseline.json"
	for _, c := range []struct {
		store *dt.Store
		set   string
	}{{b, b.IDs[0]}, {noisy, ""}} {
		r := againstBaseline(t, c.store, path, data, c.set)
		if code := r.ExitCode(nil); code != 0 || len(r.Changes) != 0 || r.From != "baseline "+path {
			t.Errorf("%s against its baseline: exit code %d, from %q, changes %q", c.store.Dir, code, r.From, dt.Keys(r.Changes))
		}
	}
	// Set 2 against the baseline: orders' changes, legacy not compared.
	r := againstBaseline(t, b, path, data, b.IDs[1])
	if code := r.ExitCode(nil); code != 1 {
		t.Fatalf("set 2 against the baseline: exit code %d, want 1", code)
	}
	dt.AssertKeys(t, "changes against the baseline", r.Changes, dt.OrdersChanges)
	if len(r.Warnings) != 2 || !strings.HasPrefix(r.Warnings[0], "legacy: not compared") {
		t.Errorf("warnings %q", r.Warnings)
	}

	// Set 2's baseline leaves legacy out, saying so, and is what a PR
	// declaring set 2's changes commits: then set 2 passes.
	data3, n, warnings := writeBaseline(t, b, b.IDs[1])
	if n != 3 || len(warnings) != 1 || !strings.Contains(warnings[0], "target legacy has no snapshot in set "+b.IDs[1]) {
		t.Errorf("baseline of set 2: %d targets, warnings %q", n, warnings)
	}
	if r := againstBaseline(t, b, path, data3, b.IDs[1]); r.ExitCode(nil) != 0 || len(r.Changes) != 0 {
		t.Errorf("set 2 against its own baseline: exit code %d, changes %q", r.ExitCode(nil), dt.Keys(r.Changes))
	}
}

func TestBaselineErrors(t *testing.T) {
	for name, content := range map[string]string{
		"garbage.json":   "{not json",
		"other.json":     `{"format": "something-else", "format_version": 1, "targets": []}`,
		"future.json":    `{"format": "auroradoc-baseline", "format_version": 9, "targets": []}`,
		"extra.json":     `{"format": "auroradoc-baseline", "format_version": 1, "targets": [], "bogus": 1}`,
		"nameless.json":  `{"format": "auroradoc-baseline", "format_version": 1, "targets": [{"format_version": 1}]}`,
		"duplicate.json": `{"format": "auroradoc-baseline", "format_version": 1, "targets": [{"target": {"name": "a"}}, {"target": {"name": "a"}}]}`,
	} {
		p := filepath.Join("ci", name)
		if base, err := assess.ParseBaseline(p, []byte(content)); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: baseline %v, error %v", name, base, err)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing.json")
	if _, err := assess.ReadBaseline(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v", err)
	}
	// A corrupt target inside a valid baseline names the target.
	b := dt.DriftStore(t)
	base, err := assess.ParseBaseline("corrupt.json", []byte(`{"format": "auroradoc-baseline", "format_version": 1, "targets": [{"format_version": 7, "target": {"name": "eu-west-1/orders-prd"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	to, err := assess.Set(ctx, b.St, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := assess.Run(ctx, assess.Input{Store: b.St, To: to, Baseline: base}, defaults); err == nil || !strings.Contains(err.Error(), "target eu-west-1/orders-prd") {
		t.Errorf("corrupt target: %v", err)
	}
	// A snapshot missing from the store fails the write, naming it.
	if err := os.Remove(filepath.Join(b.Dir, b.IDs[2], "targets", "stale.json.gz")); err != nil {
		t.Fatal(err)
	}
	_, _, err = assess.WriteBaseline(ctx, io.Discard, b.St, to, assess.DriftOptions(nil).VolatileMatcher())
	if err == nil || !strings.Contains(err.Error(), dt.Stale) || !strings.Contains(err.Error(), b.IDs[2]) {
		t.Errorf("missing snapshot: %v", err)
	}
}

// TestBaselineVolatileAsDrift: the baseline leaves out exactly the
// variables drift never compares, policy patterns matched
// case-insensitively as drift matches them.
func TestBaselineVolatileAsDrift(t *testing.T) {
	pol, err := policy.Parse("policy.yaml", []byte("volatile: [Long_Query_Time, \"WSREP_*\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := &snapshot.Snapshot{Variables: map[string]string{
		"long_query_time": "10", "wsrep_on": "OFF", "server_uuid": "u", "max_connections": "151",
	}}
	got := assess.NormalizeForBaseline(s, assess.DriftOptions(pol).VolatileMatcher()).Variables
	if want := map[string]string{"max_connections": "151"}; !maps.Equal(got, want) {
		t.Errorf("baseline variables %v, want %v", got, want)
	}
}

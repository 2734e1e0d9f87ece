// Package drifttest builds the snapshot store that the drift tests share —
// those of drift/assess, which call the library, and those of the
// auroradoc drift and baseline commands — and compares findings by a
// readable key.
//
// It is not part of internal/testsnap because it needs package drift,
// whose own tests import testsnap.
package drifttest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Targets of DriftStore.
const (
	Orders  = "eu-west-1/orders-prd" // changes between set 1 and set 2
	Billing = "eu-west-1/billing-prd"
	Legacy  = "legacy" // failed in set 2, nothing carried forward
	Stale   = "stale"  // failed in set 2, set 1's snapshot carried forward
)

// Aurora is the fixture snapshot as an Aurora cluster named name
// ("region/cluster-id", tagged env=prd), whose cluster parameter group
// sets max_connections as running.
func Aurora(t testing.TB, name string) *snapshot.Snapshot {
	t.Helper()
	s := testsnap.Fixture(t)
	region, id, _ := strings.Cut(name, "/")
	s.Target = snapshot.Target{Name: name, Kind: "aurora", Region: region, ClusterID: id, Host: id + ".cluster-ro.example", Port: 3306}
	s.TakenAt = time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	s.Cluster = &snapshot.Cluster{
		ID: id, Region: region, Engine: "aurora-mysql", EngineVersion: "8.0.mysql_aurora.3.06.0", Status: "available", Port: 3306,
		Tags: map[string]string{"env": "prd"},
		Members: []*snapshot.Member{{ID: id + "-1", Role: "writer", Status: "available", ParameterGroup: id + "-instance",
			ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"}},
		ParameterGroup: &snapshot.ParameterGroup{Name: id + "-cluster", Parameters: []*snapshot.Parameter{
			{Name: "max_connections", Value: "151", HasValue: true, Source: "user", ApplyType: "dynamic", ApplyMethod: "immediate", IsModifiable: true},
		}},
		InstanceParameterGroups: []*snapshot.ParameterGroup{{Name: id + "-instance"}},
	}
	return s
}

// Static is the fixture snapshot as a static target named name.
func Static(t testing.TB, name string) *snapshot.Snapshot {
	t.Helper()
	s := testsnap.Fixture(t)
	s.Target.Name = name
	return s
}

// ChangeOrders applies set 2's changes to an Aurora snapshot: a parameter
// (and the variable it sets), a variable, a volatile variable, a column
// type (an ALTER TABLE) and a dropped index. OrdersChanges lists what
// drift reports of them.
func ChangeOrders(t testing.TB, s *snapshot.Snapshot) {
	t.Helper()
	s.TakenAt = s.TakenAt.Add(24 * time.Hour)
	s.Cluster.ParameterGroup.Parameters[0].Value = "2000"
	s.Variables["max_connections"] = "2000"
	s.Variables["long_query_time"] = "2.000000"
	s.Variables["gtid_binlog_pos"] = "0-1-4242" // volatile: never drift
	tb := testsnap.Table(t, s, "shop", "customer")
	for _, c := range tb.Columns {
		if c.Name == "display_name" {
			c.Type = "varchar(200)"
		}
	}
	tb.Indexes = slices.DeleteFunc(tb.Indexes, func(ix *schema.Index) bool { return ix.Name == "idx_customer_status_created" })
	def := strings.Replace(tb.Def, "`display_name` varchar(100)", "`display_name` varchar(200)", 1)
	def = strings.Replace(def, "  KEY `idx_customer_status_created` (`status`,`created_at`),\n", "", 1)
	if def == tb.Def {
		t.Fatal("DDL of shop.customer unchanged")
	}
	tb.Def = def
}

// OrdersChanges are the changes ChangeOrders makes, as Key gives them
// (exactly these: the volatile gtid_binlog_pos change is not among them,
// and shop.customer's DDL diff rides on its first finding instead of
// being a change of its own).
var OrdersChanges = []string{
	"eu-west-1/orders-prd parameter changed cluster parameter max_connections (orders-prd-cluster) value: 151 → 2000",
	"eu-west-1/orders-prd variable changed variable long_query_time value: 10.000000 → 2.000000",
	"eu-west-1/orders-prd variable changed variable max_connections value: 151 → 2000",
	"eu-west-1/orders-prd schema changed column shop.customer.display_name type: varchar(100) → varchar(200)",
	"eu-west-1/orders-prd schema removed index shop.customer.idx_customer_status_created: KEY idx_customer_status_created (status, created_at) USING BTREE → ",
}

// Store is a directory snapshot store a test writes set by set.
type Store struct {
	t testing.TB
	// Dir is the store's directory; St the store opened on it.
	Dir string
	St  *snapshot.Store
	// IDs are the sets written, oldest first.
	IDs []string
}

// NewStore opens an empty store in a temporary directory.
func NewStore(t testing.TB) *Store {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "store")
	st, err := snapshot.OpenDirForWriting(dir)
	if err != nil {
		t.Fatal(err)
	}
	return &Store{t: t, Dir: dir, St: st}
}

// Target is one target of a set: a snapshot, or a failure, optionally
// with a snapshot carried forward from an earlier set.
type Target struct {
	Snap      *snapshot.Snapshot
	Name, Err string // Name: of a target without Snap; Err: it failed
	StaleFrom string // with Snap and Err: carried forward from this set
	Filtered  bool   // skipped: the configuration excludes it
}

// Set writes a complete set taken on 2026-11-day and returns its id.
func (b *Store) Set(day int, targets ...Target) string {
	b.t.Helper()
	ctx := context.Background()
	w, err := b.St.NewSet(ctx, time.Date(2026, 11, day, 3, 0, 0, 0, time.UTC))
	if err != nil {
		b.t.Fatal(err)
	}
	m := &snapshot.Manifest{Tool: "test"}
	for _, tg := range targets {
		e := &snapshot.Entry{Name: tg.Name, Status: snapshot.StatusOK}
		if tg.Snap != nil {
			e.Name = tg.Snap.Target.Name
			if e.File, e.SHA256, err = w.Put(ctx, tg.Snap); err != nil {
				b.t.Fatal(err)
			}
		}
		if tg.Err != "" {
			e.Status, e.Error = snapshot.StatusFailed, tg.Err
		}
		if tg.Filtered {
			e.Status, e.Reason, e.Filtered = snapshot.StatusSkipped, "excluded by the configuration", true
		}
		if tg.StaleFrom != "" {
			e.StaleFrom = tg.StaleFrom
			at := tg.Snap.TakenAt
			e.StaleSince = &at
		}
		m.Targets = append(m.Targets, e)
	}
	if err := w.Finish(ctx, m); err != nil {
		b.t.Fatal(err)
	}
	b.IDs = append(b.IDs, w.ID())
	return w.ID()
}

// DriftStore builds three sets:
//
//	set 1: orders, billing, legacy, stale
//	set 2: orders changed (ChangeOrders); billing unchanged; legacy
//	       failed (nothing carried); stale failed, set 1's snapshot
//	       carried forward
//	set 3: as set 2 but legacy back, unchanged since set 1
func DriftStore(t testing.TB) *Store {
	t.Helper()
	b := NewStore(t)
	orders2 := Aurora(t, Orders)
	ChangeOrders(t, orders2)
	s1 := b.Set(21,
		Target{Snap: Aurora(t, Orders)}, Target{Snap: Aurora(t, Billing)},
		Target{Snap: Static(t, Legacy)}, Target{Snap: Static(t, Stale)})
	b.Set(22,
		Target{Snap: orders2}, Target{Snap: Aurora(t, Billing)},
		Target{Name: Legacy, Err: "connecting: dial tcp 10.0.0.7:3306: i/o timeout"},
		Target{Snap: Static(t, Stale), Err: "connecting: i/o timeout", StaleFrom: s1})
	orders3 := Aurora(t, Orders)
	ChangeOrders(t, orders3)
	b.Set(23,
		Target{Snap: orders3}, Target{Snap: Aurora(t, Billing)},
		Target{Snap: Static(t, Legacy)}, Target{Snap: Static(t, Stale)})
	return b
}

// Key is what the tests compare of a finding: target, kind, change,
// object (with group and field), values, and the policy's mark.
func Key(f drift.Finding) string {
	s := fmt.Sprintf("%s %s %s %s %s", f.Target, f.Kind, f.Change, f.ObjectType, f.Object)
	if f.Group != "" {
		s += " (" + f.Group + ")"
	}
	if f.Field != "" {
		s += " " + f.Field
	}
	if f.From != "" || f.To != "" {
		s += ": " + f.From + " → " + f.To
	}
	if f.Expected {
		s += " [expected: " + f.Reason + "]"
	}
	if f.Ignored {
		s += " [ignored: " + f.Reason + "]"
	}
	return s
}

// Keys are the Keys of fs, in order.
func Keys(fs []drift.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = Key(f)
	}
	return out
}

// AssertKeys fails the test unless the Keys of got are exactly want, in
// order; what names the list in the message.
func AssertKeys(t testing.TB, what string, got []drift.Finding, want []string) {
	t.Helper()
	if g := Keys(got); !slices.Equal(g, want) {
		t.Errorf("%s:\n got %s\nwant %s", what, strings.Join(g, "\n     "), strings.Join(want, "\n     "))
	}
}

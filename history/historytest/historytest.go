// Package historytest writes a small, realistic snapshot store for the
// tests of the drift history and its pages: three nights of a fleet of
// four targets, with parameter, variable, engine, schema and size changes,
// a failed target carried forward, a target added and one removed, and
// hostile values.
package historytest

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Night0 is when the first set of Store was taken; the others follow a
// day apart.
var Night0 = time.Date(2026, 11, 19, 3, 0, 0, 0, time.UTC)

// Hostile is a value with markup, quotes, backticks and non-ASCII text,
// set as a variable value on the second night.
const Hostile = "SET @x='</script><script>alert(\"x\")</script>' -- `tick` ⚡"

// Target names of the fleet.
const (
	Orders = "us-east-1/orders-prd" // Aurora cluster, changes every night
	Legacy = "legacy"               // fails on night 2 (carried forward)
	Gone   = "gone-db"              // removed on night 3
	Fresh  = "fresh-db"             // added on night 2
)

// OrdersSnapshot returns the Aurora target's snapshot on night n (0, 1, 2).
func OrdersSnapshot(t testing.TB, n int) *snapshot.Snapshot {
	t.Helper()
	s := testsnap.Fixture(t)
	s.Target = snapshot.Target{Name: Orders, Kind: "aurora", Region: "us-east-1", ClusterID: "orders-prd", Host: "orders-prd.cluster-ro.example", Port: 3306}
	s.TakenAt = Night0.Add(time.Duration(n) * 24 * time.Hour).Add(90 * time.Second)
	s.Server = snapshot.Server{Flavor: "mysql", Version: "8.0.32", AuroraVersion: "3.05.2"}
	engine := "8.0.mysql_aurora.3.05.2"
	maxConn := "1000"
	if n >= 1 {
		maxConn = "2000"
		s.Variables["init_connect"] = Hostile
	}
	if n >= 2 {
		engine, s.Server.Version, s.Server.AuroraVersion = "8.0.mysql_aurora.3.06.0", "8.0.34", "3.06.0"
	}
	s.Variables["max_connections"] = maxConn
	s.Variables["hostname"] = "ip-10-0-0-" + string(rune('1'+n)) // volatile: never drift
	s.Cluster = &snapshot.Cluster{ID: "orders-prd", Region: "us-east-1", Engine: "aurora-mysql", EngineVersion: engine, Status: "available", Port: 3306,
		Members: []*snapshot.Member{{ID: "orders-prd-1", Role: "writer", Class: "db.r6g.large", Status: "available", ParameterGroup: "orders-prd-instance"}},
		ParameterGroup: &snapshot.ParameterGroup{Name: "orders-prd-cluster", Parameters: []*snapshot.Parameter{
			{Name: "character_set_server", Value: "utf8mb4", HasValue: true, Source: "user"},
			{Name: "innodb_buffer_pool_size", Value: "{DBInstanceClassMemory*3/4}", HasValue: true, Source: "system"},
			{Name: "max_connections", Value: maxConn, HasValue: true, Source: "user"},
			{Name: "time_zone", HasValue: false, Source: "engine-default"},
		}},
		InstanceParameterGroups: []*snapshot.ParameterGroup{{Name: "orders-prd-instance", Parameters: []*snapshot.Parameter{
			{Name: "slow_query_log", Value: "1", HasValue: true, Source: "user"},
		}}},
	}
	if n >= 2 {
		s.Cluster.InstanceParameterGroups[0].Parameters[0].Value = "0"
	}
	shop := s.FindSchema("shop")
	if n >= 1 {
		// A new table.
		coupon := &schema.Table{Name: "coupon", Type: "BASE TABLE", Def: "CREATE TABLE `coupon` (\n  `id` bigint NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB",
			Columns: []*schema.Column{{Name: "id", Type: "bigint", PK: true}}}
		shop.Tbls.Tables = append(shop.Tbls.Tables, coupon)
		shop.Tables = append(shop.Tables, &snapshot.TableInfo{Name: "coupon", Type: "BASE TABLE", Engine: "InnoDB", DataLength: 16384})
	}
	if n >= 1 {
		// From night 1 on, snapshots record the schema details (format
		// 2); night 0 is an older format-1 snapshot, and comparing across
		// the two reports no detail as changed.
		s.FormatVersion = 2
		onDelete, body := "RESTRICT", "RETURN ROUND(p_price * (1 + p_rate), 2)"
		if n >= 2 {
			// Night 2 breaks a view, cascades a foreign key and changes a
			// routine body.
			onDelete, body = "CASCADE", "RETURN ROUND(p_price * (1 + p_rate), 0)"
		}
		for _, ti := range shop.Tables {
			switch {
			case ti.Name == "purchase_order":
				ti.ForeignKeys = []*snapshot.ForeignKeyInfo{{Name: "fk_order_customer", OnDelete: onDelete, OnUpdate: "RESTRICT"}}
			case ti.Name == "v_order_summary" && n >= 2:
				ti.Invalid = "View 'shop.v_order_summary' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them"
			}
		}
		shop.Routines = []*snapshot.RoutineInfo{{Name: "price_with_tax", Type: "FUNCTION", Body: body, Characteristics: "DETERMINISTIC CONTAINS SQL SQL SECURITY DEFINER"}}
	}
	if n >= 2 {
		// A new column (DDL diff) and a big size change.
		for _, tb := range shop.Tbls.Tables {
			if tb.Name == "customer" {
				tb.Columns = append(tb.Columns, &schema.Column{Name: "loyalty_tier", Type: "varchar(16)", Nullable: true, Default: sql.NullString{String: "NULL", Valid: true}, Comment: "<b>tier</b>"})
				tb.Def = tb.Def[:len(tb.Def)-len(tailOf(tb.Def))] + "  `loyalty_tier` varchar(16) DEFAULT NULL COMMENT '<b>tier</b>',\n" + tailOf(tb.Def)
			}
		}
		for _, ti := range shop.Tables {
			if ti.Name == "ride_event" {
				ti.DataLength, ti.Rows = 200<<20, 1_500_000
			}
		}
	}
	return s
}

// tailOf is the part of a CREATE TABLE from its last line of keys on: the
// new column goes before "  PRIMARY KEY".
func tailOf(def string) string {
	if i := strings.Index(def, "\n  PRIMARY KEY"); i >= 0 {
		return def[i+1:]
	}
	return ""
}

// StaticSnapshot is a small static target (the fixture's billing schema).
func StaticSnapshot(t testing.TB, name string, n int) *snapshot.Snapshot {
	t.Helper()
	s := testsnap.Fixture(t)
	s.Target = snapshot.Target{Name: name, Kind: "static", Host: "127.0.0.1", Port: 3306}
	s.TakenAt = Night0.Add(time.Duration(n) * 24 * time.Hour).Add(30 * time.Second)
	s.Schemas = []*snapshot.Schema{s.FindSchema("billing")}
	return s
}

// Store writes the three nights into a new directory store and returns
// it with the set ids, oldest first.
func Store(t testing.TB) (*snapshot.Store, []string) {
	t.Helper()
	st, err := snapshot.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	var prev *snapshot.Manifest
	for n := 0; n < 3; n++ {
		snaps := []*snapshot.Snapshot{OrdersSnapshot(t, n)}
		var entries []*snapshot.Entry
		if n == 1 {
			entries = append(entries, &snapshot.Entry{Name: Legacy, Status: snapshot.StatusFailed, Error: "target legacy: connecting: <b>refused</b>"})
		} else {
			snaps = append(snaps, StaticSnapshot(t, Legacy, n))
		}
		if n < 2 {
			snaps = append(snaps, StaticSnapshot(t, Gone, n))
		}
		if n >= 1 {
			snaps = append(snaps, StaticSnapshot(t, Fresh, n))
		}
		prev = WriteSet(t, st, Night0.Add(time.Duration(n)*24*time.Hour), prev, snaps, entries)
		sets = append(sets, prev.Set)
	}
	return st, sets
}

// WriteSet writes one set: the snapshots as ok targets plus the given
// failed or skipped entries, carried forward from prev like a crawl does.
func WriteSet(t testing.TB, st *snapshot.Store, at time.Time, prev *snapshot.Manifest, snaps []*snapshot.Snapshot, failed []*snapshot.Entry) *snapshot.Manifest {
	t.Helper()
	ctx := context.Background()
	w, err := st.NewSet(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	m := &snapshot.Manifest{StartedAt: at, FinishedAt: at.Add(5 * time.Minute), Tool: "historytest"}
	for _, s := range snaps {
		file, sum, err := w.Put(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		m.Targets = append(m.Targets, &snapshot.Entry{Name: s.Target.Name, Status: snapshot.StatusOK, File: file, SHA256: sum})
	}
	if _, err := w.CarryForward(ctx, prev, failed); err != nil {
		t.Fatal(err)
	}
	m.Targets = append(m.Targets, failed...)
	if err := w.Finish(ctx, m); err != nil {
		t.Fatal(err)
	}
	return m
}

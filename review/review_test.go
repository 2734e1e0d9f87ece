package review_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/review"
	"github.com/auroradoc/auroradoc/snapshot"
)

// ordersPrd is the production shape of the realistic migrations' target:
// a 150 GiB purchase_order whose (customer_id, ordered_at) index has
// fewer distinct values than rows, a 2.5 GiB customer.
func ordersPrd(t *testing.T, name string) *reviewTarget {
	p := production(t, name, map[string][2]int64{
		"purchase_order": {120 * gib, 3_400_000_000}, "customer": {2 * gib, 9_000_000},
		"customer_audit": {32 * gib, 700_000_000},
	})
	for _, ti := range p.Schemas[0].Tables {
		if ti.Name == "purchase_order" {
			ti.Distinct = map[string]int64{"PRIMARY": 3_400_000_000, "idx_order_customer_time": 3_300_000_000}
		}
	}
	return &reviewTarget{snap: p}
}

// TestRealisticMigrations reviews realistic migrations on both scratch
// servers: go-mysql-server (the default) and MariaDB (--scratch-dsn). The
// production facts are the same; where go-mysql-server accepts a statement
// without doing what MySQL does, the review says so and is incomplete.
func TestRealisticMigrations(t *testing.T) {
	maria := testbed.StartMariaDB(t)
	servers := []struct {
		name, dsn string
		store     *snapshot.Store
	}{
		{"go-mysql-server", "", fleetStore(t, ordersPrd(t, "eu-west-1/orders-prd").snap)},
		{"mariadb", maria.DSN("root", maria.RootPassword, ""), fleetStore(t, mariaPrd(t, "eu-west-1/orders-prd"))},
	}
	for _, tc := range []struct {
		name, sql string
		// changes and state are the exact findings (line()); facts are
		// substrings the risk messages must carry.
		changes, state, facts []string
		// gmsGap, when set, is what go-mysql-server says it cannot do
		// for this migration: there the change set is not checked.
		gmsGap string
		// failed, when set, is the error the statement fails with.
		failed string
	}{{
		name:    "add column with default",
		sql:     "ALTER TABLE purchase_order ADD COLUMN channel VARCHAR(20) NOT NULL DEFAULT 'web';",
		changes: []string{"schema low column shop.purchase_order.channel:  → varchar(20)"},
		state:   []string{"risk info table shop.purchase_order algorithm"},
		facts:   []string{"INSTANT on Aurora MySQL 3.05.2 (MySQL 8.0.32)"},
	}, {
		name:    "a reference column without a foreign key",
		sql:     "ALTER TABLE purchase_order ADD COLUMN coupon_id BIGINT UNSIGNED NULL;",
		changes: []string{"schema low column shop.purchase_order.coupon_id: → *"}, // bigint(20) on MariaDB
		state: []string{
			"risk info table shop.purchase_order algorithm",
			"anomaly low column shop.purchase_order.coupon_id",
		},
		facts: []string{"looks like a reference but has no foreign key"},
	}, {
		name: "drop column used by a view",
		sql:  "ALTER TABLE customer DROP COLUMN display_name;",
		changes: []string{
			"schema medium column shop.customer.display_name: varchar(100) → ",
			// MariaDB says the view is broken; go-mysql-server shows it
			// without a definition.
			"schema * view shop.v_order_summary *",
		},
		state: []string{
			"risk info table shop.customer algorithm",
			"risk high table shop.v_order_summary view",
			"anomaly low table shop.v_order_summary", // an unresolved view
		},
		facts: []string{"view v_order_summary reads customer.display_name"},
	}, {
		name: "change the character set of a big table",
		sql:  "ALTER TABLE customer CONVERT TO CHARACTER SET latin1;",
		changes: []string{
			"schema medium table shop.customer collation: utf8mb4_unicode_ci → latin1_swedish_ci",
			"schema medium column shop.customer.display_name collation: utf8mb4_unicode_ci → latin1_swedish_ci",
			"schema medium column shop.customer.email collation: utf8mb4_unicode_ci → latin1_swedish_ci",
			"schema medium column shop.customer.preferences collation: utf8mb4_bin → latin1_swedish_ci",
			"schema medium column shop.customer.status collation: utf8mb4_unicode_ci → latin1_swedish_ci",
		},
		state: []string{
			"risk critical table shop.customer algorithm",
			"risk medium variable lock_wait_timeout value",
			"risk info variable innodb_online_alter_log_max_size value",
		},
		facts:  []string{"COPY", "copies 2.5 GiB (9,000,000 rows) with concurrent writes blocked"},
		gmsGap: "changes only the table default on CONVERT TO CHARACTER SET",
	}, {
		name: "rename a table",
		sql:  "RENAME TABLE customer TO client;",
		changes: []string{
			"schema medium table shop.client name: customer → client",
			// InnoDB's foreign keys follow the table…
			"schema low constraint shop.customer_profile.fk_profile_customer definition: FOREIGN KEY (customer_id) REFERENCES customer (id) → FOREIGN KEY (customer_id) REFERENCES client (id)",
			"schema low constraint shop.purchase_order.fk_order_customer definition: FOREIGN KEY (customer_id) REFERENCES customer (id) → FOREIGN KEY (customer_id) REFERENCES client (id)",
			"schema low constraint shop.ride.fk_ride_customer definition: FOREIGN KEY (customer_id) REFERENCES customer (id) → FOREIGN KEY (customer_id) REFERENCES client (id)",
			// …its views do not.
			"schema high view shop.v_order_summary valid: valid → broken",
		},
		state: []string{
			"risk high table shop.v_order_summary view",
			"anomaly low table shop.v_order_summary", // an unresolved view
		},
		facts:  []string{"view v_order_summary reads customer, which the migration renames"},
		gmsGap: "table not found: customer", // its trigger is not moved with it
	}, {
		name: "unique index on a column with duplicates",
		sql:  "ALTER TABLE purchase_order ADD UNIQUE KEY uq_order_customer_time (customer_id, ordered_at);",
		changes: []string{
			"schema low constraint shop.purchase_order.uq_order_customer_time:  → UNIQUE KEY uq_order_customer_time (customer_id, ordered_at)",
			"schema low index shop.purchase_order.uq_order_customer_time:  → UNIQUE KEY uq_order_customer_time (customer_id, ordered_at) USING BTREE",
		},
		state: []string{
			"risk medium table shop.purchase_order algorithm",
			"risk high table shop.purchase_order unique",
			"risk medium variable lock_wait_timeout value",
			"risk info variable innodb_online_alter_log_max_size value",
		},
		facts: []string{"estimate 3,300,000,000 distinct values for 3,400,000,000 rows", "reads and sorts 150.0 GiB"},
	}, {
		name:    "partition change",
		sql:     "ALTER TABLE customer_audit PARTITION BY HASH(id) PARTITIONS 8;",
		changes: []string{"schema medium table shop.customer_audit partitioning:  → PARTITION BY HASH (`id`) PARTITIONS 8"},
		state: []string{
			"risk critical table shop.customer_audit algorithm",
			"risk medium variable lock_wait_timeout value",
			"risk info variable innodb_online_alter_log_max_size value",
		},
		facts:  []string{"repartitioning copies the table", "40.0 GiB (700,000,000 rows)"},
		gmsGap: "accepts partitioning clauses and ignores them",
	}, {
		// InnoDB refuses to partition a table with foreign keys: the
		// review says the statement fails, as it would in production.
		name:   "partition a table with foreign keys",
		sql:    "ALTER TABLE purchase_order PARTITION BY HASH(id) PARTITIONS 8;",
		failed: "Cannot delete or update a parent row",
		state: []string{
			"risk critical table shop.purchase_order algorithm",
			"risk medium variable lock_wait_timeout value",
			"risk info variable innodb_online_alter_log_max_size value",
		},
		gmsGap: "accepts partitioning clauses and ignores them",
	}} {
		for _, srv := range servers {
			t.Run(tc.name+"/"+srv.name, func(t *testing.T) {
				res, err := review.Run(context.Background(), review.Options{Store: srv.store, Targets: "eu-west-1/orders-prd", Schema: "shop", Migration: migration(t, tc.sql), ScratchDSN: srv.dsn})
				if err != nil {
					t.Fatal(err)
				}
				var text bytes.Buffer
				if err := report.Write(&text, res.Report, "text"); err != nil {
					t.Fatal(err)
				}
				defer func() {
					if t.Failed() {
						t.Log(text.String())
					}
				}()
				if tc.gmsGap != "" && srv.dsn == "" {
					if res.Failed != 1 || !slices.ContainsFunc(res.Report.Warnings, func(w string) bool { return strings.Contains(w, tc.gmsGap) }) {
						t.Errorf("failed = %d, warnings %q: want the go-mysql-server gap %q said", res.Failed, res.Report.Warnings, tc.gmsGap)
					}
					return
				}
				if got := lines(res.Report.Changes); !matchAll(got, tc.changes) {
					t.Errorf("changes:\n got %q\nwant %q", got, tc.changes)
				}
				if got := lines(res.Report.State); !slices.Equal(sorted(got), sorted(tc.state)) {
					t.Errorf("state:\n got %q\nwant %q", got, tc.state)
				}
				for _, f := range tc.facts {
					if !strings.Contains(text.String(), f) {
						t.Errorf("report lacks %q", f)
					}
				}
				switch {
				case tc.failed == "" && res.Failed != 0:
					t.Errorf("failed = %d; warnings %q", res.Failed, res.Report.Warnings)
				case tc.failed != "" && (res.Failed != 1 || !slices.ContainsFunc(res.Report.Warnings, func(w string) bool { return strings.Contains(w, tc.failed) })):
					t.Errorf("failed = %d, warnings %q: want one failure %q", res.Failed, res.Report.Warnings, tc.failed)
				}
				for _, c := range res.Report.Changes {
					if !c.Expected {
						t.Errorf("change not marked as the migration's: %s", line(c))
					}
				}
			})
		}
	}
}

type reviewTarget struct{ snap *snapshot.Snapshot }

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// mariaPrd is the MariaDB fixture's shop schema with ordersPrd's
// production facts.
func mariaPrd(t *testing.T, name string) *snapshot.Snapshot {
	p := ordersPrd(t, name).snap
	m := testsnap.Fixture(t)
	m.Target, m.Server, m.Variables = p.Target, p.Server, p.Variables
	m.Schemas = []*snapshot.Schema{m.FindSchema("shop")}
	for _, ti := range m.Schemas[0].Tables {
		if pi := infoByName(p.Schemas[0], ti.Name); pi != nil {
			ti.DataLength, ti.IndexLength, ti.Rows, ti.Distinct = pi.DataLength, pi.IndexLength, pi.Rows, pi.Distinct
		}
	}
	return m
}

func infoByName(sc *snapshot.Schema, name string) *snapshot.TableInfo {
	for _, ti := range sc.Tables {
		if ti.Name == name {
			return ti
		}
	}
	return nil
}

// wildMatch matches a want line whose words may be "*" (any one word; a
// trailing "*" any rest of the line).
func wildMatch(want, got string) bool {
	ws, gs := strings.Fields(want), strings.Fields(got)
	for i, w := range ws {
		switch {
		case w == "*" && i == len(ws)-1:
			return len(gs) >= i
		case i >= len(gs) || (w != "*" && w != gs[i]):
			return false
		}
	}
	return len(gs) == len(ws)
}

// matchAll reports whether got and want hold the same lines in any order
// (want lines may hold wildMatch's "*").
func matchAll(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	left := slices.Clone(got)
	for _, w := range want {
		i := slices.IndexFunc(left, func(g string) bool { return wildMatch(w, g) })
		if i < 0 {
			return false
		}
		left = slices.Delete(left, i, i+1)
	}
	return true
}

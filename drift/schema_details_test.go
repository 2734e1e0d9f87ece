package drift

import (
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

// withDetails turns a format-1 snapshot into the format-2 snapshot a crawl
// of the same server gives now: the same schemas plus the details.
func withDetails(s *snapshot.Snapshot) *snapshot.Snapshot {
	s.FormatVersion = 2
	for _, sc := range s.Schemas {
		for _, ti := range sc.Tables {
			if ti.Type == "VIEW" {
				continue
			}
			ti.Columns = []*snapshot.ColumnInfo{{Name: "name", CharacterSet: "utf8mb4", Collation: "utf8mb4_general_ci"}}
			if ti.CreateOptions == "partitioned" {
				ti.Partitioning = "PARTITION BY HASH (`ride_id`) PARTITIONS 4"
			}
		}
		for _, t := range sc.Tbls.Tables {
			for _, c := range t.Constraints {
				if c.Type == "FOREIGN KEY" {
					ti := info(sc, t.Name)
					ti.ForeignKeys = append(ti.ForeignKeys, &snapshot.ForeignKeyInfo{Name: c.Name, OnDelete: "RESTRICT", OnUpdate: "RESTRICT"})
				}
			}
		}
		for _, f := range sc.Tbls.Functions {
			sc.Routines = append(sc.Routines, &snapshot.RoutineInfo{Name: f.Name, Type: f.Type, Body: "BEGIN\n  RETURN 1;\nEND", Characteristics: "DETERMINISTIC CONTAINS SQL SQL SECURITY DEFINER"})
		}
	}
	return s
}

func info(sc *snapshot.Schema, table string) *snapshot.TableInfo {
	for _, ti := range sc.Tables {
		if ti.Name == table {
			return ti
		}
	}
	panic("no table info " + table)
}

// An old snapshot does not record the details: comparing it with a new
// one reports nothing, in either direction, even where the new one has a
// broken view or a partitioned table.
func TestCompareOldSnapshotDetailsAreNotChanges(t *testing.T) {
	old := testsnap.Fixture(t)
	if old.HasDetails() {
		t.Fatal("the frozen fixture snapshot is expected to be format 1")
	}
	cur := withDetails(testsnap.Fixture(t))
	info(cur.FindSchema("shop"), "v_order_summary").Invalid = "View 'shop.v_order_summary' references invalid table(s) or column(s)"
	for _, pair := range [][2]*snapshot.Snapshot{{old, cur}, {cur, old}} {
		if got := Compare(pair[0], pair[1], Options{}); len(got) != 0 {
			t.Errorf("format %d → %d: %d findings, want none: %+v", pair[0].FormatVersion, pair[1].FormatVersion, len(got), got)
		}
	}
	if got := Compare(withDetails(testsnap.Fixture(t)), withDetails(testsnap.Fixture(t)), Options{}); len(got) != 0 {
		t.Errorf("identical format-2 snapshots: %+v", got)
	}
}

func TestCompareDetailsFindings(t *testing.T) {
	from, to := withDetails(testsnap.Fixture(t)), withDetails(testsnap.Fixture(t))
	const target = "fixture-mariadb"
	shop := to.FindSchema("shop")
	info(shop, "purchase_order").ForeignKeys[0].OnDelete = "CASCADE"
	info(shop, "v_order_summary").Invalid = "View 'shop.v_order_summary' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them"
	info(shop, "customer").Engine = "Aria"
	info(shop, "product").RowFormat = "Compressed"
	info(shop, "product").CreateOptions = "row_format=COMPRESSED"
	info(shop, "store").Collation = "latin1_swedish_ci"
	info(shop, "store").CreateOptions = "stats_persistent=0"
	info(shop, "vehicle").Partitioning = "PARTITION BY KEY (`id`) PARTITIONS 2"
	info(shop, "category").Columns[0].CharacterSet, info(shop, "category").Columns[0].Collation = "latin1", "latin1_bin"
	shop.Routines[0].Body = "BEGIN\n  RETURN 2;\nEND"
	shop.Routines[1].Characteristics = "NOT DETERMINISTIC CONTAINS SQL SQL SECURITY INVOKER"
	hidden := to.FindSchema("billing").Routines[0]
	hidden.Body, hidden.Hidden = "", true // not visible this night: not a change

	got := Compare(from, to, Options{})
	var bodyDiff string
	for i := range got {
		if got[i].Field == "body" {
			bodyDiff, got[i].Detail = got[i].Detail, ""
		}
	}
	msg := func(s string) string { return target + ": " + s }
	checkFindings(t, got, []Finding{
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "column", Object: "shop.category.name", Field: "collation",
			From: "utf8mb4_general_ci", To: "latin1_bin", Severity: SeverityMedium,
			Message: msg("column shop.category.name character set/collation changed utf8mb4 (utf8mb4_general_ci) → latin1 (latin1_bin)")},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "table", Object: "shop.customer", Field: "engine",
			From: "InnoDB", To: "Aria", Severity: SeverityMedium, Message: msg("table shop.customer engine changed InnoDB → Aria")},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "table", Object: "shop.product", Field: "row_format",
			From: "Dynamic", To: "Compressed", Severity: SeverityLow, Message: msg("table shop.product row format changed Dynamic → Compressed")},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "constraint", Object: "shop.purchase_order.fk_order_customer", Field: "on_delete",
			From: "RESTRICT", To: "CASCADE", Severity: SeverityMedium, Message: msg("constraint shop.purchase_order.fk_order_customer ON DELETE changed RESTRICT → CASCADE")},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "table", Object: "shop.store", Field: "collation",
			From: "utf8mb4_unicode_ci", To: "latin1_swedish_ci", Severity: SeverityMedium,
			Message: msg("table shop.store character set/collation changed utf8mb4_unicode_ci → latin1_swedish_ci")},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "table", Object: "shop.store", Field: "options",
			To: "stats_persistent=0", Severity: SeverityLow, Message: msg(`table shop.store options changed "" → stats_persistent=0`)},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "view", Object: "shop.v_order_summary", Field: "valid",
			From: "valid", To: "broken", Detail: info(shop, "v_order_summary").Invalid, Severity: SeverityHigh,
			Message: msg("view shop.v_order_summary broken: " + info(shop, "v_order_summary").Invalid)},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "table", Object: "shop.vehicle", Field: "partitioning",
			To: "PARTITION BY KEY (`id`) PARTITIONS 2", Severity: SeverityMedium, Message: msg("table shop.vehicle partitioned: PARTITION BY KEY (`id`) PARTITIONS 2")},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "routine", Object: "shop.add_product", Field: "body",
			Severity: SeverityMedium, Message: msg("procedure shop.add_product body changed (+1 −1 lines)")},
		{Target: target, Kind: KindSchema, Change: Changed, ObjectType: "routine", Object: "shop.price_with_tax", Field: "characteristics",
			From: "DETERMINISTIC CONTAINS SQL SQL SECURITY DEFINER", To: "NOT DETERMINISTIC CONTAINS SQL SQL SECURITY INVOKER", Severity: SeverityLow,
			Message: msg("function shop.price_with_tax characteristics changed DETERMINISTIC CONTAINS SQL SQL SECURITY DEFINER → NOT DETERMINISTIC CONTAINS SQL SQL SECURITY INVOKER")},
	})
	if !strings.Contains(bodyDiff, "-  RETURN 1;\n+  RETURN 2;") {
		t.Errorf("body diff:\n%s", bodyDiff)
	}
}

func TestCompareRenamesAndMoves(t *testing.T) {
	from, to := withDetails(testsnap.Fixture(t)), withDetails(testsnap.Fixture(t))
	shop := to.FindSchema("shop")
	// RENAME TABLE store TO shop_store
	st := testsnap.Table(t, to, "shop", "store")
	st.Def = strings.Replace(st.Def, "CREATE TABLE `store` (", "CREATE TABLE `shop_store` (", 1)
	st.Name = "shop_store"
	info(shop, "store").Name = "shop_store"
	// RENAME COLUMN note → remark (same place, same attributes)
	cust := testsnap.Table(t, to, "shop", "customer")
	c := cust.Columns[len(cust.Columns)-1]
	oldName := c.Name
	c.Name = "remark_x"
	// the first column moved to the end
	veh := testsnap.Table(t, to, "shop", "vehicle")
	first := veh.Columns[0]
	veh.Columns = append(veh.Columns[1:], first)

	got := Compare(from, to, Options{})
	want := map[string]string{
		"table shop.shop_store name":                      "store → shop_store",
		"column shop.customer.remark_x name":              oldName + " → remark_x",
		"column shop.vehicle." + first.Name + " position": "first → after " + veh.Columns[len(veh.Columns)-2].Name,
	}
	if len(got) != len(want) {
		t.Fatalf("%d findings, want %d: %+v", len(got), len(want), got)
	}
	for _, f := range got {
		k := f.ObjectType + " " + f.Object + " " + f.Field
		if w, ok := want[k]; !ok || f.From+" → "+f.To != w || f.Change != Changed {
			t.Errorf("unexpected finding %q: %s → %s (want %q)", k, f.From, f.To, w)
		}
		if f.Field == "name" && f.Severity != SeverityMedium {
			t.Errorf("%s: severity %s, want medium", k, f.Severity)
		}
	}
}

package review_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	_ "github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/drifttest"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/gmsserver"
	"github.com/auroradoc/auroradoc/review"
	"github.com/auroradoc/auroradoc/snapshot"
)

const gib = int64(1) << 30

// prodOnce crawls the MySQL 8 fixtures once per test binary.
var prodOnce = sync.OnceValues(func() (*snapshot.Snapshot, error) {
	ctx := context.Background()
	srv, err := gmsserver.Start(ctx, gmsserver.Options{RootPassword: "root"})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	db, err := sql.Open("mysql", srv.DSN("root", "root", ""))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	for _, s := range fixtures.MySQL8() {
		if _, err := db.Exec(s.SQL); err != nil {
			return nil, err
		}
	}
	return collector.Introspect(ctx, db, collector.Options{IncludeSchema: func(n string) bool { return n == "shop" || n == "hostile db" }})
})

// production is the fixture schema "shop" as an Aurora MySQL 3.05 cluster
// would have it in a snapshot: real DDL (crawled from go-mysql-server), and
// production facts set by the test — sizes, rows, parameters.
func production(t *testing.T, name string, sizes map[string][2]int64) *snapshot.Snapshot {
	t.Helper()
	base, err := prodOnce()
	if err != nil {
		t.Fatalf("crawling the fixture schema: %v", err)
	}
	data, err := snapshot.Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	s, err := snapshot.Unmarshal(data)
	if err != nil {
		t.Fatal(err)
	}
	s.Schemas = []*snapshot.Schema{s.FindSchema(schemaOf(sizes))}
	region, id, _ := strings.Cut(name, "/")
	s.Target = snapshot.Target{Name: name, Kind: "aurora", Region: region, ClusterID: id, Host: id + ".cluster-x." + region + ".rds.amazonaws.com", Port: 3306}
	s.Server = snapshot.Server{Flavor: "mysql", Version: "8.0.32", AuroraVersion: "3.05.2"}
	s.Variables = map[string]string{
		"lock_wait_timeout":                "31536000",
		"innodb_online_alter_log_max_size": "134217728",
		"max_allowed_packet":               "67108864",
	}
	for _, ti := range s.Schemas[0].Tables {
		if sz, ok := sizes[ti.Name]; ok {
			ti.DataLength, ti.IndexLength, ti.Rows = sz[0], sz[0]/4, sz[1]
		}
	}
	return s
}

// schemaOf: production(…, nil) of a hostileSizes map is the hostile
// schema; any other, shop.
func schemaOf(sizes map[string][2]int64) string {
	if _, ok := sizes[hostileMarker]; ok {
		return "hostile db"
	}
	return "shop"
}

// hostileMarker in a sizes map asks production for the hostile schema.
const hostileMarker = "\x00hostile"

// fleetStore writes one set holding the given snapshots.
func fleetStore(t *testing.T, snaps ...*snapshot.Snapshot) *snapshot.Store {
	return fleetStoreB(t, snaps...)
}

func fleetStoreB(t testing.TB, snaps ...*snapshot.Snapshot) *snapshot.Store {
	b := drifttest.NewStore(t)
	var targets []drifttest.Target
	for _, s := range snaps {
		targets = append(targets, drifttest.Target{Snap: s})
	}
	b.Set(20, targets...)
	return b.St
}

// migration splits and numbers script as the CLI does.
func migration(t *testing.T, script string) []review.Statement {
	t.Helper()
	sts, err := review.Split("m.sql", script)
	if err != nil {
		t.Fatal(err)
	}
	for i := range sts {
		sts[i].Index = i + 1
	}
	return sts
}

// line is what the tests compare of a finding.
func line(f drift.Finding) string {
	s := fmt.Sprintf("%s %s %s %s", f.Kind, f.Severity, f.ObjectType, f.Object)
	if f.Field != "" {
		s += " " + f.Field
	}
	if f.Kind != drift.KindRisk && (f.From != "" || f.To != "") {
		s += ": " + f.From + " → " + f.To
	}
	return s
}

func lines(fs []drift.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = line(f)
	}
	return out
}

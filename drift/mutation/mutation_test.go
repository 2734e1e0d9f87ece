package mutation

import (
	"context"
	"database/sql"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/gmsserver"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/snapshot"
)

// seeds is how many seeds a run tries: AURORADOC_MUTATION_SEEDS, default 2
// (the CI run); the long run in docs/drift.md sets more.
func seeds(t *testing.T) int {
	if v := os.Getenv("AURORADOC_MUTATION_SEEDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("AURORADOC_MUTATION_SEEDS=%q: want a positive number", v)
		}
		return n
	}
	return 2
}

func TestCatalogue(t *testing.T) {
	kinds := Catalogue()
	if len(kinds) < 40 {
		t.Errorf("%d kinds, want at least 40", len(kinds))
	}
	seen := map[string]bool{}
	for _, k := range kinds {
		if seen[k.Name] {
			t.Errorf("kind %s twice", k.Name)
		}
		seen[k.Name] = true
		if len(k.Instances) == 0 {
			t.Errorf("kind %s has no instance", k.Name)
		}
		for _, in := range k.Instances {
			if len(in.SQL) == 0 || len(in.Want) == 0 || len(in.Claims) == 0 {
				t.Errorf("kind %s: instance without SQL, wants or claims: %+v", k.Name, in)
			}
		}
	}
	// A plan holds every kind once, nights hold disjoint claims, and the
	// same seed gives the same plan.
	plan := Plan(7, MariaDB, 8)
	var names []string
	for _, night := range plan {
		claimed := map[string]bool{}
		for _, a := range night {
			names = append(names, a.Kind)
			for _, c := range a.Claims {
				if claimed[c] {
					t.Errorf("two changes of one night claim %s", c)
				}
				claimed[c] = true
			}
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, Kinds(MariaDB)) {
		t.Errorf("plan kinds %v, want %v", names, Kinds(MariaDB))
	}
	if Describe(Plan(7, MariaDB, 8)[0]) != Describe(plan[0]) || Describe(Plan(8, MariaDB, 8)[0]) == Describe(plan[0]) {
		t.Error("plans are not a function of the seed")
	}
}

// server is a database the test loads, changes and crawls.
type server struct {
	db *sql.DB // for the changes
	// dsn is for the crawls, which make their sessions read-only: each
	// crawl gets a pool of its own.
	dsn  string
	load func(t *testing.T)
}

func (s server) exec(t *testing.T, what string, stmts []string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := s.db.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %s: %v", what, q, err)
		}
	}
}

func (s server) crawl(t *testing.T) *snapshot.Snapshot {
	t.Helper()
	db, err := sql.Open("mysql", s.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snap, err := collector.Introspect(context.Background(), db, collector.Options{
		IncludeSchema: func(n string) bool { return n == "shop" || n == "billing" },
	})
	if err != nil {
		t.Fatalf("crawling: %v", err)
	}
	return snap
}

// run applies every night of every seed's plan: load the fixture, run the
// setups, crawl, apply the changes, crawl again, compare with drift and
// match the findings with what the changes want.
func run(t *testing.T, s server, d Dialect, n int) Score {
	var total Score
	for seed := range n {
		for i, night := range Plan(uint64(seed), d, 8) {
			s.load(t)
			for _, a := range night {
				s.exec(t, a.Kind+" setup", a.Setup)
			}
			before := s.crawl(t)
			for _, a := range night {
				s.exec(t, a.Kind, a.SQL)
			}
			after := s.crawl(t)
			sc := Match(night, drift.Compare(before, after, drift.Options{}))
			if len(sc.Missing)+len(sc.Unexpected) > 0 {
				t.Errorf("seed %d night %d:\n%smissing: %q\nunexpected: %q", seed, i, Describe(night), sc.Missing, sc.Unexpected)
			}
			total.Add(sc)
		}
		if (seed+1)%10 == 0 {
			t.Logf("after %d seeds: %d changes, recall %.1f %%, precision %.1f %%", seed+1, total.Changes, 100*total.Recall(), 100*total.Precision())
		}
	}
	return total
}

func report(t *testing.T, d string, kinds, n int, s Score) {
	t.Logf("%s: %d kinds × %d seeds: %d changes wanting %d findings; %d reported, %d matched: recall %.1f %%, precision %.1f %%",
		d, kinds, n, s.Changes, s.Wanted, s.Found, s.Matched, 100*s.Recall(), 100*s.Precision())
	if s.Recall() != 1 || s.Precision() != 1 {
		t.Errorf("%s: recall %.3f, precision %.3f, want 1 and 1 (missed per kind: %v)", d, s.Recall(), s.Precision(), s.MissedKinds)
	}
}

func TestMutationsMariaDB(t *testing.T) {
	m := testbed.StartMariaDB(t)
	db := m.RootDB(t)
	realistic := fixtures.MariaDB()[0]
	s := server{db: db, dsn: m.DSN(m.RootUser, m.RootPassword, ""), load: func(t *testing.T) { m.Exec(t, realistic.SQL) }}
	n := seeds(t)
	report(t, "MariaDB", len(Kinds(MariaDB)), n, run(t, s, MariaDB, n))
}

// TestMutationsMySQL8 runs the kinds go-mysql-server supports (MySQL 8
// dialect; its fixture lacks stored functions, partitioning and FULLTEXT).
func TestMutationsMySQL8(t *testing.T) {
	srv, err := gmsserver.Start(context.Background(), gmsserver.Options{RootPassword: "root"})
	if err != nil {
		t.Fatalf("starting go-mysql-server: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	dsn := srv.DSN("root", "root", "")
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// A long run once lost a pooled connection to go-mysql-server
	// mid-statement ("unexpected EOF", cause not found); connections are
	// not kept idle since, and 60 seeds ran clean.
	db.SetConnMaxIdleTime(time.Second)
	s := server{db: db, dsn: dsn, load: func(t *testing.T) {
		for _, sc := range fixtures.MySQL8() {
			if sc.Name == "realistic" || sc.Name == "realistic_view_order_summary" || sc.Name == "realistic_view_customer_balance" {
				if _, err := db.Exec(sc.SQL); err != nil {
					t.Fatalf("loading %s into go-mysql-server: %v", sc.Name, err)
				}
			}
		}
	}}
	n := seeds(t)
	report(t, "MySQL 8 (go-mysql-server)", len(Kinds(MySQL8)), n, run(t, s, MySQL8, n))
}

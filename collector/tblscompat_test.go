package collector

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/k1LoW/tbls/config"
	tblsmysql "github.com/k1LoW/tbls/drivers/mysql"
	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// tblsAnalyze runs tbls' own MySQL driver on one schema the way `tbls out`
// does: Analyze, then the default config's ModifySchema (PK/FK flags and
// cardinality). dsn must select the schema as its database: tbls sends SHOW
// CREATE TABLE unqualified.
func tblsAnalyze(t *testing.T, dsn, name string, maria bool) (*schema.Schema, error) {
	t.Helper()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatalf("opening %s for tbls: %v", name, err)
	}
	defer db.Close()
	drv, err := tblsmysql.New(db, tblsmysql.HideAutoIcrrement())
	if err != nil {
		t.Fatal(err)
	}
	if maria {
		drv.EnableMariaMode()
	}
	s := &schema.Schema{Name: name}
	if err := drv.Analyze(s); err != nil {
		return nil, err
	}
	cfg, err := config.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.ModifySchema(s); err != nil {
		t.Fatalf("tbls ModifySchema %s: %v", name, err)
	}
	return s, nil
}

// normalise sorts every list of a tbls schema, so two schemas that differ
// only in order compare equal. Column order is kept: it is meaningful and
// both sides use ORDINAL_POSITION.
func normalise(s *schema.Schema) {
	for _, t := range s.Tables {
		sort.SliceStable(t.Indexes, func(i, j int) bool { return t.Indexes[i].Name < t.Indexes[j].Name })
		sort.SliceStable(t.Constraints, func(i, j int) bool {
			a, b := t.Constraints[i], t.Constraints[j]
			if a.Name != b.Name {
				return a.Name < b.Name
			}
			if a.Type != b.Type {
				return a.Type < b.Type
			}
			return a.Def < b.Def
		})
		sort.SliceStable(t.Triggers, func(i, j int) bool { return t.Triggers[i].Name < t.Triggers[j].Name })
	}
	sort.SliceStable(s.Tables, func(i, j int) bool { return s.Tables[i].Name < s.Tables[j].Name })
	sort.SliceStable(s.Relations, func(i, j int) bool {
		a, b := s.Relations[i], s.Relations[j]
		if a.Table.Name != b.Table.Name {
			return a.Table.Name < b.Table.Name
		}
		return a.Def < b.Def
	})
	sort.SliceStable(s.Functions, func(i, j int) bool { return fnKey(s.Functions[i]) < fnKey(s.Functions[j]) })
}

func fnKey(f *schema.Function) string {
	return f.Name + "\x00" + f.Type + "\x00" + f.Arguments + "\x00" + f.ReturnType
}

func checkKeys(t *schema.Table) (names map[string]bool, defs map[string]bool) {
	names, defs = map[string]bool{}, map[string]bool{}
	for _, c := range t.Constraints {
		if c.Type == "CHECK" {
			names[c.Name] = true
			defs[c.Name+"\x00"+c.Def] = true
		}
	}
	return names, defs
}

// assertTblsEquivalent compares our snapshot with what tbls' driver reads
// from the same server, schema by schema. dsn returns a DSN selecting a
// schema. The known tbls defects are handled as explicit exceptions:
//
//  1. Routines: tbls lists the routines of every non-system schema in each
//     schema; auroradoc lists a schema's own. Checked instead: tbls' list
//     equals the union of ours over all schemas.
//  2. MariaDB CHECK constraints: tbls joins CHECK_CONSTRAINTS to
//     TABLE_CONSTRAINTS on schema and name only, but MariaDB scopes names
//     per table (and JSON columns get an implicit CHECK named after the
//     column), so tbls duplicates or cross-attaches checks. Checked
//     instead: for every table the CHECK names are the same and ours are a
//     subset of tbls' (name, definition) pairs.
//  3. Identifiers containing a backtick: tbls sends SHOW CREATE TABLE
//     `name` without doubling the backtick, so its driver fails with a
//     syntax error on such a schema (the hostile fixture). For schemas
//     listed in tblsFails, tbls must fail with an error containing the
//     given text; TestHostileSchema checks our reading of them instead.
func assertTblsEquivalent(t *testing.T, snap *snapshot.Snapshot, dsn func(schema string) string, maria bool, tblsFails map[string]string) {
	t.Helper()
	var allFns []string
	for _, sc := range snap.Schemas {
		for _, f := range sc.Tbls.Functions {
			allFns = append(allFns, fnKey(f))
		}
	}
	sort.Strings(allFns)
	if len(snap.Schemas) == 0 {
		t.Fatal("snapshot has no schemas to compare")
	}
	for _, sc := range snap.Schemas {
		t.Run(sc.Name, func(t *testing.T) {
			theirs, err := tblsAnalyze(t, dsn(sc.Name), sc.Name, maria)
			if want, ok := tblsFails[sc.Name]; ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("tbls was expected to fail on %s with %q (known defect), got %v", sc.Name, want, err)
				}
				t.Logf("known tbls defect on %s: %v", sc.Name, err)
				return
			}
			if err != nil {
				t.Fatalf("tbls Analyze %s: %v", sc.Name, err)
			}
			ours := sc.Tbls
			normalise(theirs)
			normalise(ours)

			// Exception 1: routines of all schemas.
			var theirFns []string
			for _, f := range theirs.Functions {
				theirFns = append(theirFns, fnKey(f))
			}
			sort.Strings(theirFns)
			if d := cmp.Diff(allFns, theirFns); d != "" {
				t.Errorf("routines: tbls' list differs from the union of ours (-ours +tbls):\n%s", d)
			}
			theirs.Functions = ours.Functions

			// Exception 2: MariaDB CHECK duplication.
			if maria {
				for _, tt := range theirs.Tables {
					ot, err := ours.FindTableByName(tt.Name)
					if err != nil {
						continue // reported by the full comparison below
					}
					tn, td := checkKeys(tt)
					on, od := checkKeys(ot)
					if d := cmp.Diff(on, tn); d != "" {
						t.Errorf("table %s: CHECK names differ (-ours +tbls):\n%s", tt.Name, d)
					}
					for k := range od {
						if !td[k] {
							t.Errorf("table %s: our CHECK %q is not among tbls' checks", tt.Name, strings.ReplaceAll(k, "\x00", " "))
						}
					}
					var keep []*schema.Constraint
					for _, c := range tt.Constraints {
						if c.Type != "CHECK" {
							keep = append(keep, c)
						}
					}
					for _, c := range ot.Constraints {
						if c.Type == "CHECK" {
							keep = append(keep, c)
						}
					}
					tt.Constraints = keep
				}
				normalise(theirs)
			}

			if d := cmp.Diff(jsonOf(t, ours), jsonOf(t, theirs)); d != "" {
				t.Errorf("schema %s differs from tbls' driver (-ours +tbls):\n%s", sc.Name, d)
			}
		})
	}
}

func jsonOf(t *testing.T, s *schema.Schema) string {
	t.Helper()
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatalf("encoding schema %s: %v", s.Name, err)
	}
	return string(b)
}

// introspectDSN runs our introspector through a fresh pool on dsn.
func introspectDSN(t *testing.T, dsn string, o Options) *snapshot.Snapshot {
	t.Helper()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snap, err := Introspect(context.Background(), db, o)
	if err != nil {
		t.Fatalf("Introspect: %v", err)
	}
	return snap
}

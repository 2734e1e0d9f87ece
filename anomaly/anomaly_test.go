package anomaly

import (
	"fmt"
	"strings"
	"testing"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/snapshot"
)

// fleetOf builds a snapshot with one schema: p (parent), c (child of p
// through p_id, which has no index; other_id has no foreign key; email is
// unique and nullable), lonely (no primary key, no relation), legacy
// (MyISAM), v (a view the crawl could not resolve) and ok_view.
func fleetOf() *snapshot.Snapshot {
	pid := &schema.Column{Name: "id", Type: "int"}
	p := &schema.Table{Name: "p", Type: "BASE TABLE", Columns: []*schema.Column{pid},
		Indexes:     []*schema.Index{{Name: "PRIMARY", Def: "PRIMARY KEY (id)", Columns: []string{"id"}}},
		Constraints: []*schema.Constraint{{Name: "PRIMARY", Type: "PRIMARY KEY", Columns: []string{"id"}}}}
	cpid := &schema.Column{Name: "p_id", Type: "int"}
	c := &schema.Table{Name: "c", Type: "BASE TABLE",
		Columns: []*schema.Column{{Name: "id", Type: "int"}, cpid, {Name: "other_id", Type: "int"}, {Name: "email", Type: "varchar(10)", Nullable: true}},
		Indexes: []*schema.Index{{Name: "PRIMARY", Def: "PRIMARY KEY (id)", Columns: []string{"id"}},
			{Name: "uq_email", Def: "UNIQUE KEY uq_email (email)", Columns: []string{"email"}}},
		Constraints: []*schema.Constraint{{Name: "PRIMARY", Type: "PRIMARY KEY", Columns: []string{"id"}},
			{Name: "fk_p", Type: "FOREIGN KEY", Def: "FOREIGN KEY (p_id) REFERENCES p (id)", Columns: []string{"p_id"}, ReferencedTable: &p.Name}}}
	lonely := &schema.Table{Name: "lonely", Type: "BASE TABLE", Columns: []*schema.Column{{Name: "x", Type: "int"}}}
	legacy := &schema.Table{Name: "legacy", Type: "BASE TABLE", Columns: []*schema.Column{{Name: "id", Type: "int"}, {Name: "p_id", Type: "int"}},
		Indexes:     []*schema.Index{{Name: "PRIMARY", Def: "PRIMARY KEY (id)", Columns: []string{"id"}}, {Name: "ix_p", Def: "KEY ix_p (p_id)", Columns: []string{"p_id"}}},
		Constraints: []*schema.Constraint{{Name: "PRIMARY", Type: "PRIMARY KEY", Columns: []string{"id"}}}}
	v := &schema.Table{Name: "v", Type: "VIEW"}
	okView := &schema.Table{Name: "ok_view", Type: "VIEW", Columns: []*schema.Column{{Name: "x_id", Type: "int"}}}
	rel := &schema.Relation{Table: c, Columns: []*schema.Column{cpid}, ParentTable: p, ParentColumns: []*schema.Column{pid}, Def: "FOREIGN KEY (p_id) REFERENCES p (id)"}
	rel2 := &schema.Relation{Table: legacy, Columns: []*schema.Column{legacy.Columns[1]}, ParentTable: p, ParentColumns: []*schema.Column{pid}}
	return &snapshot.Snapshot{Target: snapshot.Target{Name: "db"}, Schemas: []*snapshot.Schema{{
		Name:   "app",
		Tbls:   &schema.Schema{Name: "app", Tables: []*schema.Table{c, legacy, lonely, okView, p, v}, Relations: []*schema.Relation{rel, rel2}},
		Tables: []*snapshot.TableInfo{{Name: "c", Engine: "InnoDB"}, {Name: "legacy", Engine: "MyISAM"}, {Name: "lonely", Engine: "InnoDB"}, {Name: "p", Engine: "InnoDB"}},
	}}}
}

func TestFind(t *testing.T) {
	var got []string
	for _, a := range Find(fleetOf()) {
		got = append(got, fmt.Sprintf("%s %s.%s.%s", a.Kind.ID, a.Schema, a.Table, a.Column))
	}
	want := []string{
		"no-primary-key app.lonely.",
		"fk-without-index app.c.",
		"id-without-fk app.c.other_id",
		"orphan-table app.lonely.",
		"not-innodb app.legacy.",
		"nullable-unique app.c.email",
		"unresolved-view app.v.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Find =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, a := range Find(fleetOf()) {
		if a.Detail == "" || strings.Contains(a.Detail, " — ") {
			t.Errorf("%s: detail %q", a.Kind.ID, a.Detail)
		}
	}
}

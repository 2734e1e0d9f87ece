package keys

import (
	"testing"

	"github.com/k1LoW/tbls/schema"
)

func TestFKRules(t *testing.T) {
	def := "CREATE TABLE `c` (\n" +
		"  `id` int NOT NULL,\n" +
		"  `p_id` int DEFAULT NULL,\n" +
		"  `q_id` int DEFAULT NULL,\n" +
		"  `odd` int DEFAULT NULL,\n" +
		"  PRIMARY KEY (`id`),\n" +
		"  CONSTRAINT `fk_p` FOREIGN KEY (`p_id`) REFERENCES `p` (`id`) ON DELETE CASCADE,\n" +
		"  CONSTRAINT `fk_q` FOREIGN KEY (`q_id`) REFERENCES `q` (`id`) ON DELETE SET NULL ON UPDATE CASCADE,\n" +
		"  CONSTRAINT `fk ``odd``` FOREIGN KEY (`odd`) REFERENCES `ON DELETE CASCADE` (`id`)\n" +
		") ENGINE=InnoDB"
	got := FKRules(def)
	want := map[string]Rules{
		"fk_p":     {OnDelete: "CASCADE", OnUpdate: "RESTRICT", UpdateDefault: true},
		"fk_q":     {OnDelete: "SET NULL", OnUpdate: "CASCADE"},
		"fk `odd`": {OnDelete: "RESTRICT", OnUpdate: "RESTRICT", DeleteDefault: true, UpdateDefault: true},
	}
	if len(got) != len(want) {
		t.Fatalf("FKRules = %+v, want %+v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("FKRules[%q] = %+v, want %+v", k, got[k], w)
		}
	}

	child := &schema.Table{Name: "c", Def: def, Constraints: []*schema.Constraint{
		{Name: "fk_q", Type: schema.TypeFK, Def: "FOREIGN KEY (q_id) REFERENCES q (id)"},
	}}
	r, ok := RelationRules(&schema.Relation{Table: child, Def: "FOREIGN KEY (q_id) REFERENCES q (id)"})
	if !ok || r.String() != "ON DELETE SET NULL ON UPDATE CASCADE" {
		t.Errorf("RelationRules = %v, %v", r, ok)
	}
	if _, ok := RelationRules(&schema.Relation{Table: child, Def: "FOREIGN KEY (x) REFERENCES y (id)"}); ok {
		t.Error("RelationRules found rules for a relation without a constraint")
	}
}

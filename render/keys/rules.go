package keys

import (
	"regexp"
	"strings"

	"github.com/k1LoW/tbls/schema"
)

// Rules are a foreign key's referential actions as the server reports
// them in SHOW CREATE TABLE. Default is set when the DDL names none: MySQL
// and MariaDB then apply RESTRICT (NO ACTION behaves the same in InnoDB)
// and omit it from the DDL.
type Rules struct {
	OnDelete, OnUpdate string
	DeleteDefault      bool
	UpdateDefault      bool
}

// String is "ON DELETE CASCADE ON UPDATE RESTRICT".
func (r Rules) String() string { return "ON DELETE " + r.OnDelete + " ON UPDATE " + r.OnUpdate }

var (
	fkLine   = regexp.MustCompile("(?m)^\\s*CONSTRAINT\\s+(`(?:[^`]|``)+`|\\S+)\\s+FOREIGN KEY\\b(.*)$")
	onDelete = regexp.MustCompile(`\bON DELETE (RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)\b`)
	onUpdate = regexp.MustCompile(`\bON UPDATE (RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)\b`)
)

// FKRules reads the referential actions of every foreign key of a table
// from its DDL (schema.Table.Def, SHOW CREATE TABLE), by constraint name.
// A table without DDL (a view, a stub) gives an empty map.
func FKRules(def string) map[string]Rules {
	out := map[string]Rules{}
	for _, m := range fkLine.FindAllStringSubmatch(def, -1) {
		name := m[1]
		if strings.HasPrefix(name, "`") {
			name = strings.ReplaceAll(name[1:len(name)-1], "``", "`")
		}
		r := Rules{OnDelete: "RESTRICT", OnUpdate: "RESTRICT", DeleteDefault: true, UpdateDefault: true}
		// The REFERENCES clause's column list may hold a backticked
		// name spelling "ON DELETE": read the actions after it.
		rest := m[2]
		if i := strings.LastIndex(rest, ")"); i >= 0 {
			rest = rest[i:]
		}
		if a := onDelete.FindStringSubmatch(rest); a != nil {
			r.OnDelete, r.DeleteDefault = a[1], false
		}
		if a := onUpdate.FindStringSubmatch(rest); a != nil {
			r.OnUpdate, r.UpdateDefault = a[1], false
		}
		out[name] = r
	}
	return out
}

// RelationRules returns the rules of relation r, read from its child
// table's DDL through the FOREIGN KEY constraint with the same
// definition; ok is false when the DDL does not say (a view, virtual
// relation, a table without DDL).
func RelationRules(r *schema.Relation) (Rules, bool) {
	if r == nil || r.Table == nil || r.Virtual {
		return Rules{}, false
	}
	rules := FKRules(r.Table.Def)
	for _, c := range r.Table.Constraints {
		if c != nil && c.Type == schema.TypeFK && c.Def == r.Def {
			ru, ok := rules[c.Name]
			return ru, ok
		}
	}
	return Rules{}, false
}

package mutation

import (
	"github.com/auroradoc/auroradoc/drift"
)

// Dialect is a set of SQL dialects a kind's statements run on.
type Dialect int

// Dialects.
const (
	MariaDB Dialect = 1 << iota
	// MySQL8 is go-mysql-server's MySQL 8 dialect (internal/gmsserver).
	MySQL8
)

// Want is one finding a change must produce.
type Want struct {
	ObjectType string
	Object     string
	Change     drift.Change
	Field      string
}

// Instance is one concrete change of a kind.
type Instance struct {
	// Claims name the objects (tables, views, routines, schemas) the
	// change touches or depends on; changes of one night claim disjoint
	// sets, so that no change masks or breaks another.
	Claims []string
	// Setup runs before the "before" crawl (objects the change needs).
	Setup []string
	// SQL is the change itself, one statement per string.
	SQL  []string
	Want []Want
	// Only, when set, limits the instance to these of its kind's
	// dialects (an object one dialect's fixture lacks).
	Only Dialect
}

// runsOn reports whether the instance of kind k runs on dialect d.
func (in Instance) runsOn(k Kind, d Dialect) bool {
	return k.Dialects&d != 0 && (in.Only == 0 || in.Only&d != 0)
}

// Kind is one kind of schema change with the instances it can take.
type Kind struct {
	Name      string
	Dialects  Dialect
	Instances []Instance
}

func w(objectType, object string, ch drift.Change, field string) Want {
	return Want{ObjectType: objectType, Object: object, Change: ch, Field: field}
}

func changed(objectType, object, field string) Want {
	return w(objectType, object, drift.Changed, field)
}

// Catalogue returns every kind, in a fixed order.
func Catalogue() []Kind {
	var out []Kind
	out = append(out, columnKinds()...)
	out = append(out, indexKinds()...)
	out = append(out, constraintKinds()...)
	out = append(out, triggerKinds()...)
	out = append(out, viewKinds()...)
	out = append(out, routineKinds()...)
	out = append(out, tableKinds()...)
	return out
}

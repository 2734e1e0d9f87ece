package drift

import (
	"cmp"
	"slices"
)

// Sort puts findings in their canonical order: by Target, Kind, ObjectType,
// Object, Group and Field, each compared as plain strings (byte order, so
// "configured-vs-running" sorts before "parameter" and "schema" before
// "size"); ties are broken by Change, From, To and Message, so the order
// is total and the output of every function in this package is
// deterministic.
func Sort(fs []Finding) {
	slices.SortFunc(fs, compareFindings)
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.Target, b.Target),
		cmp.Compare(a.Kind, b.Kind),
		cmp.Compare(a.ObjectType, b.ObjectType),
		cmp.Compare(a.Object, b.Object),
		cmp.Compare(a.Group, b.Group),
		cmp.Compare(a.Field, b.Field),
		cmp.Compare(a.Change, b.Change),
		cmp.Compare(a.From, b.From),
		cmp.Compare(a.To, b.To),
		cmp.Compare(a.Message, b.Message),
	)
}

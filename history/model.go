package history

import (
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/drift"
)

// Night statuses besides the manifest's (ok, failed, skipped) and
// StatusRemoved; the zero value means the target was not in the set.
const (
	// StatusStale is reported by NightState.Display for a failed or
	// skipped target whose last good snapshot was carried forward.
	StatusStale = "stale"
	// StatusAbsent is reported by NightState.Display for a night the
	// target was not part of the fleet.
	StatusAbsent = "absent"
)

// History is what the drift pages are drawn from, folded from the records
// oldest first. Its size grows with the number of changes, not with
// nights × targets × values: values are kept as change events and table
// sizes as a downsampled series.
type History struct {
	// Nights are the sets with a record, oldest first.
	Nights []Night
	// SizeNights are the indexes into Nights of the size points, oldest
	// first: every night while there are at most MaxPoints, else the
	// newest DailyPoints nights and every seventh night before them.
	SizeNights []int
	// Targets are every target any record mentions, sorted by name.
	Targets []*Target
	// Problems are warnings for the reader: unreadable records, records
	// out of step with each other, snapshots the history could not read.
	Problems []string
}

// Night is one snapshot set.
type Night struct {
	Set     string
	Prev    string
	TakenAt time.Time
	// Missing is set when the set's record could not be read.
	Missing bool
}

// Target is the history of one target.
type Target struct {
	Name string
	// Nights has one state per History.Nights entry.
	Nights []NightState
	// Engine holds an event for the first engine version seen and one per
	// change.
	Engine []Event
	// Parameters and Variables hold every key ever seen, sorted; each
	// series starts with the first value seen.
	Parameters []*Series
	Variables  []*Series
	// Tables are the size series of every base table seen at a size
	// point, sorted by schema and table.
	Tables []*TableSeries
	// Schemas are the schema names seen in the sizes or the findings,
	// sorted.
	Schemas []string
}

// NightState is a target in one set.
type NightState struct {
	// Status is the manifest status (ok, failed, skipped), StatusRemoved,
	// or "" when the target was not in the set.
	Status string
	// StaleFrom is the set a carried-forward snapshot was taken in.
	StaleFrom string
	// Note is the manifest's error or skip reason.
	Note string
	// Problem says why the history could not read a snapshot.
	Problem string
	// HasData is set when the night's data came from a snapshot.
	HasData bool
	// Findings are the night's findings of drift.Compare, sorted.
	Findings []drift.Finding
}

// Display is the status to show: StatusStale for a carried snapshot,
// StatusAbsent when the target was not in the set.
func (n NightState) Display() string {
	switch {
	case n.Status == "":
		return StatusAbsent
	case n.StaleFrom != "":
		return StatusStale
	}
	return n.Status
}

// Series is one parameter or variable over time.
type Series struct {
	// Key is the variable name or the parameter key (see ParamKey).
	Key    string
	Events []Event
}

// Changed reports whether the value ever changed after it was first seen.
func (s *Series) Changed() bool { return len(s.Events) > 1 }

// Last is the current (last known) value.
func (s *Series) Last() Event { return s.Events[len(s.Events)-1] }

// Event is a value taking effect on a night.
type Event struct {
	// Night indexes History.Nights.
	Night int
	Value string
	// Unset: the key disappeared (a parameter lost its value, a variable
	// is no longer reported).
	Unset bool
}

// TableSeries is the size of one table at History.SizeNights; -1 where
// the size is unknown (table absent, no fresh snapshot in the period).
type TableSeries struct {
	Schema, Table string
	Bytes, Rows   []int64
}

// SchemaOf returns the schema a finding is about, using the target's
// known schemas to resolve names that contain dots; "" for findings that
// are not about a schema object.
func (t *Target) SchemaOf(f drift.Finding) string {
	if f.Kind != drift.KindSchema && f.Kind != drift.KindSize {
		return ""
	}
	if f.ObjectType == "schema" {
		return f.Object
	}
	best := ""
	for _, s := range t.Schemas {
		if len(s) > len(best) && (f.Object == s || strings.HasPrefix(f.Object, s+".")) {
			best = s
		}
	}
	if best != "" {
		return best
	}
	s, _, _ := strings.Cut(f.Object, ".")
	return s
}

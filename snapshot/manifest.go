package snapshot

import "time"

// Status of one target in a snapshot set.
const (
	StatusOK      = "ok"
	StatusFailed  = "failed"
	StatusSkipped = "skipped"
)

// Manifest lists what one crawl run produced: every target it was asked to
// crawl, with the outcome and, for failures, the reason. It is written last,
// so a set without a manifest is an interrupted run.
type Manifest struct {
	FormatVersion int       `json:"format_version"`
	Set           string    `json:"set"`
	StartedAt     time.Time `json:"started_at"`
	FinishedAt    time.Time `json:"finished_at"`
	// Tool is the auroradoc version that wrote the set.
	Tool    string   `json:"tool"`
	Summary Summary  `json:"summary"`
	Targets []*Entry `json:"targets"`
}

// Summary counts targets by status.
type Summary struct {
	OK      int `json:"ok"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

// Entry is the outcome for one target.
type Entry struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	// File is the snapshot's path relative to the set, empty when the
	// target failed.
	File   string `json:"file,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	// Error says what was being done when the target failed, e.g.
	// "querying information_schema.COLUMNS: i/o timeout".
	Error string `json:"error,omitempty"`
	// Reason says why a target was skipped (e.g. "status is stopped").
	Reason string `json:"reason,omitempty"`
	// Filtered marks a target skipped because the configuration excludes
	// it (engine, tags, exclude pattern): such a target is not carried
	// forward, it left the documented fleet on purpose.
	Filtered bool     `json:"filtered,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	// StaleFrom is set when the target failed or was skipped in this run
	// and its last good snapshot was carried forward from an earlier set:
	// File then names the carried copy inside this set, and StaleFrom the
	// set it was originally taken in.
	StaleFrom string `json:"stale_from,omitempty"`
	// StaleSince is when the carried snapshot was taken (its age is
	// FinishedAt - StaleSince).
	StaleSince *time.Time `json:"stale_since,omitempty"`
	// DurationMS is the wall time spent on the target.
	DurationMS int64 `json:"duration_ms"`
	Schemas    int   `json:"schemas"`
	Tables     int   `json:"tables"`
}

// Stale reports whether the entry's snapshot was carried forward from an
// earlier set because this run could not take a fresh one.
func (e *Entry) Stale() bool { return e.StaleFrom != "" && e.File != "" }

// HasSnapshot reports whether the set holds a snapshot for the entry, fresh
// or carried forward.
func (e *Entry) HasSnapshot() bool { return e.File != "" }

// Tally recomputes the summary from the entries.
func (m *Manifest) Tally() {
	m.Summary = Summary{}
	for _, e := range m.Targets {
		switch e.Status {
		case StatusOK:
			m.Summary.OK++
		case StatusFailed:
			m.Summary.Failed++
		case StatusSkipped:
			m.Summary.Skipped++
		}
	}
}

package notify

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/snapshot"
)

// TestNightStaleWithoutSince: a carried entry whose manifest lacks
// stale_since (optional in the format) still gets its line, naming the
// set the snapshot came from, instead of a nil dereference.
func TestNightStaleWithoutSince(t *testing.T) {
	since := time.Date(2026, 11, 19, 3, 0, 0, 0, time.UTC)
	m := &snapshot.Manifest{Targets: []*snapshot.Entry{
		{Name: "a", Status: snapshot.StatusFailed, Error: "boom", File: "targets/a.json.gz", StaleFrom: "2026-11-19T030000Z"},
		{Name: "b", Status: snapshot.StatusFailed, Error: "bang", File: "targets/b.json.gz", StaleFrom: "2026-11-19T030000Z", StaleSince: &since},
	}}
	msg := Night(&report.Report{To: "2026-11-21T030000Z"}, m, nil, "")
	want := []string{
		"a failed: boom (showing its snapshot of set 2026-11-19T030000Z, stale)",
		"b failed: bang (showing its snapshot of 2026-11-19, stale)",
	}
	if !slices.Equal(msg.Lines, want) {
		t.Errorf("lines:\n%q\nwant\n%q", msg.Lines, want)
	}
	if msg.Link != "" {
		t.Errorf("link %q without a site URL", msg.Link)
	}
}

// TestNightLines: unexpected changes are listed, expected and ignored ones
// are not; state findings only at or above failOn; the link goes to the
// drift pages of the site.
func TestNightLines(t *testing.T) {
	r := &report.Report{To: "s2", Targets: 2,
		Changes: []drift.Finding{
			{Message: "a: variable x changed", Severity: drift.SeverityMedium},
			{Message: "a: declared", Expected: true},
			{Message: "a: ignored", Ignored: true},
		},
		State: []drift.Finding{
			{Message: "b: high thing", Severity: drift.SeverityHigh},
			{Message: "b: low thing", Severity: drift.SeverityLow},
		},
	}
	m := &snapshot.Manifest{Summary: snapshot.Summary{OK: 2}}
	high := drift.SeverityHigh
	msg := Night(r, m, &high, "https://docs.example/db/")
	want := []string{"a: variable x changed", "[high] b: high thing"}
	if !slices.Equal(msg.Lines, want) {
		t.Errorf("lines %q, want %q", msg.Lines, want)
	}
	if msg.Link != "https://docs.example/db/drift/index.html" {
		t.Errorf("link %q", msg.Link)
	}
	if wantTitle := "auroradoc s2: 1 unexpected change(s), 1 declared, 2 state finding(s), 0 failed target(s) of 2"; msg.Title != wantTitle {
		t.Errorf("title %q, want %q", msg.Title, wantTitle)
	}
	if msg = Night(r, m, nil, ""); len(msg.Lines) != 1 {
		t.Errorf("without failOn: lines %q, want only the change", msg.Lines)
	}
}

// TestNightDamagedAndSince: a night whose only problem is a damaged
// snapshot says so (title and a line), and the set the changes are since
// is named (after a night that was never reported it is not the night
// before).
func TestNightDamagedAndSince(t *testing.T) {
	r := &report.Report{From: "2026-11-19T030000Z", To: "2026-11-21T030000Z", Targets: 2,
		Damaged: []string{"orders-prd in set 2026-11-21T030000Z: damaged"}}
	msg := Night(r, &snapshot.Manifest{}, nil, "")
	if !strings.Contains(msg.Title, "1 damaged snapshot(s)") {
		t.Errorf("title %q", msg.Title)
	}
	want := []string{"changes since set 2026-11-19T030000Z", "damaged: orders-prd in set 2026-11-21T030000Z: damaged"}
	if !slices.Equal(msg.Lines, want) {
		t.Errorf("lines %q, want %q", msg.Lines, want)
	}
}

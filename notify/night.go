package notify

import (
	"fmt"
	"strings"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Night summarises a nightly run for chat: which set the changes are
// since, damaged snapshots, failed targets, then unexpected changes, then
// state findings at or above failOn (none when failOn is nil). siteURL, if
// set, is the published site; the message links to its drift pages.
func Night(r *report.Report, m *snapshot.Manifest, failOn *drift.Severity, siteURL string) Message {
	s := r.Summary()
	title := fmt.Sprintf("auroradoc %s: %d unexpected change(s), %d declared, %d state finding(s), %d failed target(s) of %d",
		r.To, s.Unexpected, s.Expected, s.State, m.Summary.Failed, s.Targets)
	if s.Damaged > 0 {
		title += fmt.Sprintf(", %d damaged snapshot(s)", s.Damaged)
	}
	msg := Message{Title: title}
	if r.From != "" {
		// Normally the night before; after a night that was never
		// reported, the report reaches further back: say from where.
		msg.Lines = append(msg.Lines, "changes since set "+r.From)
	}
	for _, d := range r.Damaged {
		msg.Lines = append(msg.Lines, "damaged: "+d)
	}
	for _, e := range m.Targets {
		if e.Status != snapshot.StatusFailed {
			continue
		}
		line := e.Name + " failed: " + e.Error
		if e.Stale() {
			// StaleSince is optional in the manifest (a hand-edited or
			// older one may lack it): fall back to the set it came from.
			taken := "set " + e.StaleFrom
			if e.StaleSince != nil {
				taken = e.StaleSince.Format("2006-01-02")
			}
			line += " (showing its snapshot of " + taken + ", stale)"
		}
		msg.Lines = append(msg.Lines, line)
	}
	for _, f := range r.Changes {
		if !f.Expected && !f.Ignored {
			msg.Lines = append(msg.Lines, f.Message)
		}
	}
	for _, f := range r.State {
		if !f.Expected && !f.Ignored && failOn != nil && f.Severity >= *failOn {
			msg.Lines = append(msg.Lines, "["+f.Severity.String()+"] "+f.Message)
		}
	}
	if siteURL != "" {
		msg.Link = strings.TrimSuffix(siteURL, "/") + "/drift/index.html"
	}
	return msg
}

package nightly

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/internal/atomicfile"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Delivery says where a night's drift report goes.
type Delivery struct {
	// Out receives the report as text; Warn the warnings of a delivery
	// that half worked.
	Out, Warn io.Writer
	// ReportFile, when set, receives the report as Markdown.
	ReportFile string
	// Webhook, SiteURL and FailOn are Announce's.
	Webhook, SiteURL string
	FailOn           *drift.Severity
	Logger           *slog.Logger
}

// Deliver prints the drift report, writes it as Markdown to
// d.ReportFile (if set), announces the night on Slack (Announce) and
// then, when the post went through (or none was due), marks the set as
// reported in the store (MarkReported). failed are the night's failed
// steps so far, for the announcement.
func Deliver(ctx context.Context, st *snapshot.Store, r *report.Report, m *snapshot.Manifest, d Delivery, failed []error, now time.Time) error {
	if err := report.Write(d.Out, r, "text"); err != nil {
		return err
	}
	if d.ReportFile != "" {
		if err := atomicfile.Write(d.ReportFile, 0o644, func(w io.Writer) error { return report.Write(w, r, "markdown") }); err != nil {
			return err
		}
	}
	if _, err := Announce(ctx, d.Webhook, r, m, d.FailOn, d.SiteURL, failed); err != nil {
		// A chat outage is worth a warning, not a failed run; the set
		// stays unmarked, so the next night posts these changes again.
		d.Logger.Warn("posting the drift summary to Slack", "error", err.Error())
		fmt.Fprintf(d.Warn, "auroradoc run: warning: %v (the next run reports these changes again)\n", err)
		return nil
	}
	if err := MarkReported(ctx, st, r, now); err != nil {
		// Not fatal: without the mark the next night reports these
		// changes again rather than losing them.
		d.Logger.Warn("marking the drift report as delivered", "error", err.Error())
		fmt.Fprintf(d.Warn, "auroradoc run: warning: %v\n", err)
	}
	return nil
}

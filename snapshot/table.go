package snapshot

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteTable writes the manifest as the table crawls print: one row per
// target (status, schemas, tables, time, and the error, skip reason or
// first warning on one line), then a line saying where the set went.
func (m *Manifest) WriteTable(w io.Writer, where string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tSTATUS\tSCHEMAS\tTABLES\tTIME\tERROR / WARNINGS")
	for _, t := range m.Targets {
		note := t.Error
		if t.Reason != "" {
			note = t.Reason
		}
		if note == "" && len(t.Warnings) > 0 {
			note = fmt.Sprintf("%d warning(s): %s", len(t.Warnings), t.Warnings[0])
		}
		note = strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(note)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", t.Name, t.Status, t.Schemas, t.Tables,
			(time.Duration(t.DurationMS) * time.Millisecond).String(), note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "snapshot set %s written to %s: %d ok, %d failed, %d skipped\n",
		m.Set, where, m.Summary.OK, m.Summary.Failed, m.Summary.Skipped)
	return err
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

// writeJSON prints v as indented JSON.
func (c *call) writeJSON(v any) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return c.fail(exitPartial, fmt.Errorf("writing JSON: %w", err))
	}
	return exitOK
}

// listItem is one request in list --format json: the request with its
// duration as text and its end spelt out.
type listItem struct {
	bastion.Request
	Duration string    `json:"duration"`
	End      time.Time `json:"end"`
}

func listJSON(list []bastion.Request) []listItem {
	out := make([]listItem, 0, len(list))
	for _, r := range list {
		out = append(out, listItem{Request: r, Duration: r.Duration.String(), End: r.End()})
	}
	return out
}

func writeList(w io.Writer, list []bastion.Request) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tREQUESTER\tCLUSTER\tLEVEL\tSTART\tEND\tAPPROVED BY\tDB USER")
	for _, r := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.State, r.Requester, r.Cluster, r.Level,
			r.Start.Format(time.RFC3339), r.End().Format(time.RFC3339), dash(r.ApprovedBy), r.User)
	}
	_ = tw.Flush()
}

func writeAudit(w io.Writer, events []bastion.Event) {
	for _, ev := range events {
		line := fmt.Sprintf("%s  %-14s %-16s", ev.At.Format("2006-01-02T15:04:05.000Z07:00"), ev.Actor, ev.Action)
		if ev.From != "" || ev.To != "" {
			line += fmt.Sprintf(" %s → %s", dash(string(ev.From)), ev.To)
		}
		if ev.Reason != "" {
			line += fmt.Sprintf("  reason: %q", ev.Reason)
		}
		if ev.Detail != "" {
			line += "  " + ev.Detail
		}
		fmt.Fprintln(w, line)
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func errorsIsAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

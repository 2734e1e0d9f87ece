package report

import (
	"encoding/json"
	"io"

	"github.com/auroradoc/auroradoc/drift"
)

// JSONFormatVersion is the version of the json report format.
const JSONFormatVersion = 1

// jsonReport is the json format. Fields:
//
//	format_version  JSONFormatVersion
//	from, to        what was compared (set ids or "baseline FILE")
//	summary         counts (see Summary): unexpected/expected/ignored
//	                changes, state findings by severity, warnings, targets
//	changes         every change finding, ignored ones included
//	state           every state finding, ignored ones included
//	warnings        problems with the comparison itself
//
// Each finding is a drift.Finding: target, kind, change, object_type,
// object, group, field, from, to, detail, rule, severity (a name),
// message, expected, ignored, reason; empty fields are left out. Lists
// are never null, and sorted by target, kind and object.
type jsonReport struct {
	FormatVersion int             `json:"format_version"`
	From          string          `json:"from"`
	To            string          `json:"to"`
	Summary       Summary         `json:"summary"`
	Changes       []drift.Finding `json:"changes"`
	State         []drift.Finding `json:"state"`
	Warnings      []string        `json:"warnings"`
	Damaged       []string        `json:"damaged,omitempty"`
}

func writeJSON(w io.Writer, r *Report) error {
	doc := jsonReport{
		FormatVersion: JSONFormatVersion,
		From:          r.From,
		To:            r.To,
		Summary:       r.Summary(),
		Changes:       nonNil(r.Changes),
		State:         nonNil(r.State),
		Warnings:      nonNil(r.Warnings),
		Damaged:       r.Damaged,
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

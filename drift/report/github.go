package report

import (
	"bufio"
	"io"
	"strings"

	"github.com/auroradoc/auroradoc/drift"
)

// writeGitHub writes GitHub Actions workflow commands, one annotation per
// finding: ::error for high and critical, ::warning for medium and low,
// ::notice for info; an unexpected change is at least a warning, an
// expected one always a notice. Warnings become ::warning, and a ::notice
// carries the summary. Ignored findings are left out.
func writeGitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	emit := func(level, title, msg string) {
		bw.WriteString("::" + level + " title=" + escapeProperty(title) + "::" + escapeData(msg) + "\n")
	}
	for _, f := range visible(r.Changes) {
		level := levelOf(f.Severity)
		switch {
		case f.Expected:
			level = "notice"
		case level == "notice":
			level = "warning"
		}
		emit(level, title(f), annotation(f))
	}
	for _, f := range visible(r.State) {
		level := levelOf(f.Severity)
		if f.Expected {
			level = "notice"
		}
		emit(level, title(f), annotation(f))
	}
	for _, d := range r.Damaged {
		emit("error", "auroradoc drift: damaged snapshot", plain(d))
	}
	for _, wn := range r.Warnings {
		emit("warning", "auroradoc drift", plain(wn))
	}
	emit("notice", "auroradoc drift "+plain(r.From)+" → "+plain(r.To), summaryLine(r.Summary()))
	return bw.Flush()
}

func levelOf(s drift.Severity) string {
	switch {
	case s >= drift.SeverityHigh:
		return "error"
	case s >= drift.SeverityLow:
		return "warning"
	}
	return "notice"
}

func title(f drift.Finding) string {
	return "drift " + string(f.Kind) + ": " + plain(f.Target)
}

func annotation(f drift.Finding) string {
	msg := marker(f.Change) + " " + describe(f, plain) + " [" + f.Severity.String() + "]"
	if n := note(f); n != "" {
		msg += " " + plain(n)
	}
	if f.Detail != "" {
		msg += "\n" + strings.Join(plainLines(f.Detail), "\n")
	}
	return msg
}

// escapeData escapes a workflow command's message as the runner expects
// (actions/toolkit escapeData): % first, then CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value
// (actions/toolkit escapeProperty): as escapeData, plus : and ,.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

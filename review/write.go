package review

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/auroradoc/auroradoc/drift/report"
)

// Write writes the result in format (report.Formats): the drift report of
// the change set, guardrails and risks in drift's wording, then the
// model's comment (text, markdown), clearly labelled as such. json holds
// the report as drift writes it, the statements, the failure count and
// the comment.
func Write(w io.Writer, r *Result, format string) error {
	var rep bytes.Buffer
	if err := report.Write(&rep, r.Report, format); err != nil {
		return err
	}
	switch format {
	case "json":
		return json.NewEncoder(w).Encode(struct {
			Report     json.RawMessage `json:"report"`
			Statements []Statement     `json:"statements"`
			Failed     int             `json:"failed"`
			Comment    *Comment        `json:"llm_comment,omitempty"`
		}{bytes.TrimSpace(rep.Bytes()), r.Statements, r.Failed, r.Comment})
	case "markdown":
		rep.WriteString(markdownComment(r.Comment))
	case "text":
		rep.WriteString(textComment(r.Comment))
	}
	_, err := w.Write(rep.Bytes())
	return err
}

func markdownComment(c *Comment) string {
	if c == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Comment by a language model (Amazon Bedrock, `%s`)\n\n", strings.ReplaceAll(c.Model, "`", ""))
	b.WriteString("_Generated text, not a finding: it saw the migration, the findings above and the DDL of the affected tables, nothing else._\n\n")
	if c.Error != "" {
		fmt.Fprintf(&b, "> No comment: %s\n", oneLine(c.Error))
		return b.String()
	}
	for l := range strings.SplitSeq(c.Text, "\n") {
		b.WriteString("> " + l + "\n")
	}
	return b.String()
}

func textComment(c *Comment) string {
	if c == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nlanguage model comment (Amazon Bedrock, %s; generated text, not a finding)\n", c.Model)
	if c.Error != "" {
		return b.String() + "  no comment: " + oneLine(c.Error) + "\n"
	}
	for l := range strings.SplitSeq(c.Text, "\n") {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

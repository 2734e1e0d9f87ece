package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/auroradoc/auroradoc/drift"
)

func TestDriftReportGitHubEscaping(t *testing.T) {
	in := "50% done: a,b\r\nnext"
	if got, want := escapeData(in), "50%25 done: a,b%0D%0Anext"; got != want {
		t.Errorf("escapeData(%q) = %q, want %q", in, got, want)
	}
	if got, want := escapeProperty(in), "50%25 done%3A a%2Cb%0D%0Anext"; got != want {
		t.Errorf("escapeProperty(%q) = %q, want %q", in, got, want)
	}
	// % is escaped first: a literal "%0A" must not come back as a newline.
	if got, want := escapeData("%0A"), "%250A"; got != want {
		t.Errorf("escapeData(%%0A) = %q, want %q", got, want)
	}
}

// unescape undoes the runner's escaping (actions/runner
// ActionCommand.Unescape*).
func unescape(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

var command = regexp.MustCompile(`^::(error|warning|notice) title=([^:,]*)::(.*)$`)

// TestGitHubCommandsParse: every line of the github format is one workflow
// command the runner can parse, whose title has no raw ":" or ",", and
// whose message decodes to the DDL diff over several lines.
func TestDriftReportGitHubCommandsParse(t *testing.T) {
	out := write(t, sample(), "github")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	levels := map[string]int{}
	var diff bool
	for _, l := range lines {
		m := command.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("not a workflow command: %q", l)
		}
		levels[m[1]]++
		msg := unescape(m[3])
		if strings.Contains(msg, "+  `note` varchar(255)") && strings.Count(msg, "\n") >= 5 {
			diff = true
		}
		if strings.HasPrefix(unescape(m[2]), "drift schema: hostile") && strings.Contains(msg, "a|b") {
			if !strings.Contains(msg, `"line\nbreak\x1b[31m red"`) {
				t.Errorf("hostile value not quoted: %q", msg)
			}
		}
	}
	if !diff {
		t.Error("no annotation carries the DDL diff over several lines")
	}
	// 9 visible changes + 4 visible state + 2 warnings + summary.
	if len(lines) != 16 {
		t.Errorf("%d commands, want 16:\n%s", len(lines), out)
	}
	// errors: max_connections (high), tls guardrail (high); notices: the
	// expected sql_mode change, the expected baseline finding, summary.
	if levels["error"] != 2 || levels["notice"] != 3 || levels["warning"] != 11 {
		t.Errorf("levels %v, want 2 error, 11 warning, 3 notice", levels)
	}
}

var tableRow = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)

// TestMarkdownIsSafe renders the markdown report as GitHub would (GFM,
// raw HTML allowed) and checks that no hostile name became HTML, no table
// row gained or lost a cell, and nothing was linked.
func TestDriftReportMarkdownIsSafe(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	var b bytes.Buffer
	if err := md.Convert([]byte(write(t, sample(), "markdown")), &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script", "<img", "<a ", "<strong>", "<b>"} {
		if strings.Contains(out, bad) {
			t.Errorf("rendered markdown contains %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;", // shown, not run
		"a|b.`tick`",
		"declared: PR #123",
		`<details><summary>table <code>shop.orders</code> definition</summary>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered markdown lacks %q:\n%s", want, out)
		}
	}
	rows := tableRow.FindAllStringSubmatch(out, -1)
	if len(rows) == 0 {
		t.Fatal("no table rows")
	}
	for _, r := range rows {
		cells := strings.Count(r[1], "<td") + strings.Count(r[1], "<th")
		if cells != 5 {
			t.Errorf("row with %d cells, want 5: %s", cells, r[1])
		}
	}
	// The diff fence survives a ``` line inside the diff: the closing
	// </details> is still HTML, not code.
	if strings.Count(out, "</details>") != 1 || !strings.Contains(out, `<code class="language-diff">`) {
		t.Errorf("diff block broken:\n%s", out)
	}
}

// TestMarkdownLimit: a fleet-sized report stays under GitHub's comment
// limit, lists every target in the summary and says what it left out.
func TestDriftReportMarkdownLimit(t *testing.T) {
	r := &Report{From: "a", To: "b", Targets: 300}
	for i := range 300 {
		for j := range 5 {
			r.State = append(r.State, drift.Finding{Target: fmt.Sprintf("eu-west-1/cluster-%03d", i), Kind: drift.KindGuardrail, Change: drift.Differs,
				ObjectType: "variable", Object: fmt.Sprintf("var_%d", j), Rule: "some-rule", Severity: drift.SeverityMedium,
				Message: "variable is not what the rule wants — and a long rationale follows here"})
		}
	}
	out := write(t, r, "markdown")
	if len(out) > MarkdownLimit {
		t.Errorf("markdown is %d bytes, limit %d", len(out), MarkdownLimit)
	}
	if !strings.Contains(out, "| `eu-west-1/cluster-299` | 0 | 0 | 5 | medium |") {
		t.Error("summary table does not list the last target")
	}
	if !strings.Contains(out, "sections left out to stay within GitHub's comment size") || !strings.Contains(out, "#### `eu-west-1/cluster-000`") {
		t.Errorf("no truncation note, or no section at all:\n%s", out[len(out)-500:])
	}
}

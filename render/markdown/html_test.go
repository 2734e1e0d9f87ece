package markdown

import (
	"strings"
	"testing"
)

func toHTML(t *testing.T, src string) string {
	t.Helper()
	out, err := HTML(src)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestHTMLEscapesRawHTML(t *testing.T) {
	for _, src := range []string{
		"<script>alert(1)</script>",
		"text <script>alert(1)</script> more",
		"<img src=x onerror=alert(1)>",
		"</table></td><b>x</b>",
		"<!-- c --> <details open>",
	} {
		out := toHTML(t, src)
		for _, bad := range []string{"<script", "<img", "</table", "<b>", "<!--", "<details"} {
			if strings.Contains(out, bad) {
				t.Errorf("HTML(%q) = %q contains %q", src, out, bad)
			}
		}
	}
	if got := toHTML(t, "<script>alert(1)</script>"); got != "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n" {
		t.Errorf("script block = %q", got)
	}
	if got := toHTML(t, "a <b>b</b>"); got != "<p>a &lt;b&gt;b&lt;/b&gt;</p>\n" {
		t.Errorf("inline tags = %q", got)
	}
}

func TestHTMLDropsDangerousLinks(t *testing.T) {
	for _, src := range []string{
		"[x](javascript:alert(1))",
		"[x](JavaScript:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"[x](java&#9;script:alert(1))",
		"[x]( javascript:alert(1))",
		"[x](<javascript:alert(1)>)",
		"[x](vbscript:msgbox)",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
		"[x](file:///etc/passwd)",
		"![x](javascript:alert(1))",
		"<javascript:alert(1)>",
		"[x][r]\n\n[r]: javascript:alert(1)",
		"javascript:alert(1)",
		"www.example.com/javascript:alert(1)",
	} {
		out := strings.ToLower(toHTML(t, src))
		if strings.Contains(out, `href="javascript`) || strings.Contains(out, `src="javascript`) ||
			strings.Contains(out, "vbscript:") || strings.Contains(out, `="data:`) || strings.Contains(out, `="file:`) ||
			strings.Contains(out, `href="java`) {
			t.Errorf("HTML(%q) = %q", src, out)
		}
	}
	if got := toHTML(t, "[x](javascript:alert(1))"); got != "<p>x</p>\n" {
		t.Errorf("javascript link = %q, want the text only", got)
	}
	for src, want := range map[string]string{
		"[x](https://example.com/a?b=1)": `<a href="https://example.com/a?b=1">x</a>`,
		"[x](orders.md#cols)":            `<a href="orders.md#cols">x</a>`,
		"[x](mailto:a@example.com)":      `<a href="mailto:a@example.com">x</a>`,
		"see https://example.com":        `<a href="https://example.com">https://example.com</a>`,
	} {
		if got := toHTML(t, src); !strings.Contains(got, want) {
			t.Errorf("HTML(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestHTMLRendersGFMTables(t *testing.T) {
	got := toHTML(t, "| a | b |\n| - | - |\n| 1 \\| 2 | `x\\|y` |\n")
	for _, want := range []string{"<table>", "<th>a</th>", "<td>1 | 2</td>", "<td><code>x|y</code></td>", "</table>"} {
		if !strings.Contains(got, want) {
			t.Errorf("table: %q lacks %q", got, want)
		}
	}
}

func TestHTMLRendersMarkdown(t *testing.T) {
	if got := toHTML(t, "**bold** _em_ ~~del~~ `code`"); got != "<p><strong>bold</strong> <em>em</em> <del>del</del> <code>code</code></p>\n" {
		t.Errorf("inline = %q", got)
	}
}

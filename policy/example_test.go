package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExampleLoads keeps policy/example.yaml (and so docs/policy.md, which
// shows it) valid.
func TestExampleLoads(t *testing.T) {
	p, err := Load(filepath.Join(".", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.expect) != 2 || len(p.declared) != 1 || len(p.ignore) != 2 || len(p.severity) != 2 {
		t.Errorf("entries: expect %d, declared %d, ignore %d, severity %d; want 2, 1, 2, 2",
			len(p.expect), len(p.declared), len(p.ignore), len(p.severity))
	}
}

// TestDocsShowExample keeps the copy of the example in docs/policy.md
// identical to example.yaml.
func TestDocsShowExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "policy.md"))
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "```yaml\n"+string(example)+"```\n") {
		t.Error("docs/policy.md does not show policy/example.yaml verbatim")
	}
}

package policy

import (
	"path/filepath"
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

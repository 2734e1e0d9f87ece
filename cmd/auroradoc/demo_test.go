package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/demo"
)

// TestDemoPrintsTheDriftReport: cmd/demo prints the same report as
// `auroradoc drift` on the same store.
func TestDemoPrintsTheDriftReport(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole demo")
	}
	store := filepath.Join(t.TempDir(), "store")
	site := filepath.Join(t.TempDir(), "site")
	var out, errb bytes.Buffer
	if err := demo.Run(context.Background(), []string{"--store", store, "--out", site, "--no-serve"}, &out, &errb); err != nil {
		t.Fatalf("demo: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	}
	code, report, errOut := runCLI(t, nil, "drift", "--store", store)
	if code != 1 || errOut != "" {
		t.Fatalf("drift: exit %d, want 1 (the overnight changes); stderr:\n%s", code, errOut)
	}
	if !strings.Contains(report, "+ table shop.gift_card added") {
		t.Fatalf("drift report lacks the overnight changes:\n%s", report)
	}
	if !strings.Contains(out.String(), report) {
		t.Errorf("the demo does not print auroradoc drift's report\ndemo:\n%s\nauroradoc drift:\n%s", out.String(), report)
	}
}

package main

import (
	"os"
	"testing"

	"github.com/auroradoc/auroradoc/render/er"
)

// TestMain lets this test binary serve as its own Graphviz worker, as
// main does.
func TestMain(m *testing.M) {
	er.ServeWorkerIfRequested()
	os.Exit(m.Run())
}

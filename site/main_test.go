package site

import (
	"os"
	"testing"

	"github.com/auroradoc/auroradoc/render/er"
)

// TestMain lets this test binary serve as its own Graphviz worker, so the
// tests render diagrams in worker processes as `auroradoc render` does.
func TestMain(m *testing.M) {
	er.ServeWorkerIfRequested()
	os.Exit(m.Run())
}

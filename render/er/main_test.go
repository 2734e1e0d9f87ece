package er

import (
	"os"
	"testing"
)

// TestMain lets this test binary serve as its own Graphviz worker, so the
// tests lay out diagrams in worker processes as the commands do.
func TestMain(m *testing.M) {
	ServeWorkerIfRequested()
	os.Exit(m.Run())
}

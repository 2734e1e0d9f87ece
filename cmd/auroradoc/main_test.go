package main

import (
	"os"
	"testing"

	"github.com/auroradoc/auroradoc/render/er"
)

// TestMain lets this test binary serve as its own Graphviz worker, as
// main does, and as the auroradoc command itself when a test starts it as
// a separate process to kill it (asCLIEnv).
// asCLIEnv set to 1 makes the test binary run main.
const asCLIEnv = "AURORADOC_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLIEnv) == "1" {
		main()
	}
	er.ServeWorkerIfRequested()
	os.Exit(m.Run())
}

package driftpages

import "testing"

func TestTargetDir(t *testing.T) {
	if targetDir("us-east-1/orders") != "drift/t/us-east-1/orders/" || targetDir("../x") == "drift/t/../x/" {
		t.Error("targetDir")
	}
}

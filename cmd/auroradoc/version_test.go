package main

import (
	"strings"
	"testing"
)

func TestVersionCheck(t *testing.T) {
	code, out, errOut := runCLI(t, nil, "version", "--check")
	if code != exitOK || !strings.Contains(out, "ok   graphviz workers: re-executes ") || strings.Contains(out, "FAIL") {
		t.Errorf("version --check on this machine: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, nil, "version", "--config", "x.yaml")
	if code != exitUsage || !strings.Contains(errOut, "--config needs --check") {
		t.Errorf("version --config without --check: exit %d, %s", code, errOut)
	}
	code, out, _ = runCLI(t, nil, "version", "--check", "--config", "../../config/example.yaml")
	if !strings.Contains(out, "rds ca bundle: ") {
		t.Errorf("version --check --config: no CA bundle line:\n%s", out)
	}
	// The example names /etc/auroradoc/rds-global-bundle.pem, the image's
	// path; on a machine without it the check fails and says which file.
	if code == exitFailed && !strings.Contains(out, "FAIL rds ca bundle: credentials.ca_bundle: open /etc/auroradoc/rds-global-bundle.pem") {
		t.Errorf("version --check --config: exit 3 without naming the missing bundle:\n%s", out)
	}
}

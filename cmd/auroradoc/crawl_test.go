package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/internal/wireproxy"
	"github.com/auroradoc/auroradoc/snapshot"
)

// runCLI runs the auroradoc CLI in-process with a fixed environment.
func runCLI(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{
		lookup: func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
		stdout: &out, stderr: &errb,
	}
	code = run(context.Background(), args, e)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHelpAndUsage(t *testing.T) {
	code, out, _ := runCLI(t, nil, "--help")
	if code != exitOK || !strings.Contains(out, "crawl") || !strings.Contains(out, "Exit codes") {
		t.Errorf("--help: code %d, output:\n%s", code, out)
	}
	for _, cmd := range []string{"crawl", "version", "drift"} {
		// Printed once, on stdout (the flag package printed it to
		// stderr as well).
		code, out, errOut := runCLI(t, nil, cmd, "--help")
		if code != exitOK || strings.Count(out, "Usage: auroradoc "+cmd) != 1 || errOut != "" {
			t.Errorf("%s --help: code %d, stdout:\n%s\nstderr:\n%s", cmd, code, out, errOut)
		}
	}
	if code, _, errOut := runCLI(t, nil, "nonsense"); code != exitUsage || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: code %d, stderr %s", code, errOut)
	}
	if code, out, errOut := runCLI(t, nil, "crawl", "--bogus-flag"); code != exitUsage || out != "" ||
		!strings.Contains(errOut, "-bogus-flag") || strings.Count(errOut, "Usage: auroradoc crawl") != 1 {
		t.Errorf("unknown flag: code %d, want %d; stdout %q, stderr:\n%s", code, exitUsage, out, errOut)
	}
}

// TestCrawlConfigErrorCrawlsNothing: a bad config is exit 2 and writes
// nothing to the store.
func TestCrawlConfigErrorCrawlsNothing(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "store")
	cases := map[string]struct{ yaml, want string }{
		"unknown key": {"targets:\n  - name: a\n    host: 127.0.0.1\n    user: u\n    password_env: P\n    hots: x\n", "hots"},
		"duplicate":   {"targets:\n  - {name: a, host: h, user: u, password_env: P}\n  - {name: a, host: h, user: u, password_env: P}\n", "duplicate"},
		"unset env":   {"targets:\n  - {name: a, host: h, user: u, password_env: NOT_SET_ANYWHERE}\n", "NOT_SET_ANYWHERE"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := writeFile(t, dir, strings.ReplaceAll(name, " ", "_")+".yaml", c.yaml)
			code, _, errOut := runCLI(t, map[string]string{"P": "x"}, "crawl", "--config", cfg, "--store", store)
			if code != exitUsage {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, exitUsage, errOut)
			}
			if !strings.Contains(errOut, c.want) {
				t.Errorf("stderr does not mention %q:\n%s", c.want, errOut)
			}
			if ents, _ := os.ReadDir(store); len(ents) > 0 {
				t.Errorf("store written despite config error: %v", ents)
			}
		})
	}
}

// TestCrawlFaultIsolation crawls one healthy target next to four broken
// ones: unreachable, wrong password, server killed mid-crawl, and a query
// stalled past the per-target timeout. The healthy snapshot is written,
// each failure is in the manifest naming the target and what was being
// done, the exit code is 1, and no password appears anywhere.
func TestCrawlFaultIsolation(t *testing.T) {
	good := testbed.StartMariaDB(t)
	for _, s := range fixtures.MariaDB() {
		good.Exec(t, s.SQL)
	}
	doomed := testbed.StartMariaDB(t)
	doomed.Exec(t, fixtures.Synthetic("doomed", 20, 3).SQL)
	ctx := context.Background()

	var killOnce sync.Once
	var killer *wireproxy.Proxy
	killer, err := wireproxy.Start(ctx, wireproxy.Options{Upstream: doomed.Addr(), OnCommand: func(n int64, cmd byte) {
		if n == 6 { // after the variables, session set-up and SCHEMATA: mid-crawl
			killOnce.Do(doomed.Kill)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close()

	release := make(chan struct{})
	staller, err := wireproxy.Start(ctx, wireproxy.Options{Upstream: good.Addr(), OnCommand: func(n int64, cmd byte) {
		if n == 5 {
			<-release // this query never gets an answer in time
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer staller.Close()
	defer close(release) // runs before staller.Close, which waits for the stalled forwarder

	// A port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadPort := l.Addr().(*net.TCPAddr).Port
	l.Close()

	hostPort := func(addr string) (string, string) { h, p, _ := net.SplitHostPort(addr); return h, p }
	kh, kp := hostPort(killer.Addr())
	sh, sp := hostPort(staller.Addr())
	dir := t.TempDir()
	cfg := writeFile(t, dir, "auroradoc.yaml", fmt.Sprintf(`
crawl:
  concurrency: 3
  timeout: 4s
  connect_timeout: 2s
targets:
  - {name: good, host: %s, port: %d, user: root, password_env: GOOD_PW}
  - {name: unreachable, host: 127.0.0.1, port: %d, user: root, password_env: GOOD_PW}
  - {name: wrong-password, host: %s, port: %d, user: root, password_env: WRONG_PW}
  - {name: killed, host: %s, port: %s, user: root, password_env: DOOMED_PW}
  - {name: stalled, host: %s, port: %s, user: root, password_env: GOOD_PW}
`, good.Host, good.Port, deadPort, good.Host, good.Port, kh, kp, sh, sp))
	secrets := map[string]string{"GOOD_PW": good.RootPassword, "WRONG_PW": "definitely-wrong-pw-1234", "DOOMED_PW": doomed.RootPassword}
	store := filepath.Join(dir, "store")
	code, out, errOut := runCLI(t, secrets, "crawl", "--config", cfg, "--store", store, "--log-format", "json")
	if code != exitPartial {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitPartial, out, errOut)
	}

	st, id, m := latestSet(t, store)
	want := map[string][]string{
		"good":           nil,
		"unreachable":    {"unreachable", "connecting", "refused"},
		"wrong-password": {"wrong-password", "connecting", "Access denied"},
		"killed":         {"killed", "information_schema"},
		"stalled":        {"stalled", "per-target timeout of 4s exceeded"},
	}
	if len(m.Targets) != len(want) {
		t.Fatalf("manifest has %d targets, want %d", len(m.Targets), len(want))
	}
	for _, e := range m.Targets {
		t.Logf("%s: %s %s", e.Name, e.Status, e.Error)
		words, ok := want[e.Name]
		if !ok {
			t.Errorf("unexpected target %s", e.Name)
			continue
		}
		if words == nil {
			if e.Status != snapshot.StatusOK {
				t.Errorf("good target: status %s, error %s", e.Status, e.Error)
			}
			continue
		}
		if e.Status != snapshot.StatusFailed {
			t.Errorf("%s: status %s, want failed", e.Name, e.Status)
		}
		for _, w := range words {
			if !strings.Contains(e.Error, w) {
				t.Errorf("%s: error %q does not mention %q", e.Name, e.Error, w)
			}
		}
	}
	snap, err := st.Snapshot(ctx, id, "good")
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Schemas) < 2 {
		t.Errorf("good target's snapshot has %d schemas", len(snap.Schemas))
	}
	if !strings.Contains(out, "good") || !strings.Contains(out, "1 ok, 4 failed") {
		t.Errorf("summary table missing or wrong:\n%s", out)
	}

	// No secret anywhere: outputs, manifest, snapshots.
	var pws []string
	for _, pw := range secrets {
		pws = append(pws, pw)
	}
	assertNoSecrets(t, store, out+errOut, pws...)
}

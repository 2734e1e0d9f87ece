package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/testbed"
)

const serveConfig = `
dynamodb: {table: bastion-serve}
clusters:
  orders:
    instances: [127.0.0.1:1]
    admin: {user: root, password_env: ORDERS_ADMIN_PW}
    approvers: {users: [bob@example.com]}
`

// TestServeDev runs `bastion serve --dev` in-process: the page answers
// with its CSP, a request made through its form shows as pending, and the
// command ends cleanly when interrupted.
func TestServeDev(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bastion.yaml")
	if err := os.WriteFile(path, []byte(serveConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	port, err := testbed.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--config", path, "--dev", "--addr", addr, "--secrets-dir", t.TempDir()}, env{stdout: &out, stderr: &errb})
	}()
	base := "http://" + addr + "/"
	var page string
	for i := 0; ; i++ {
		resp, err := http.Get(base)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page = string(b)
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("CSP %q", csp)
			}
			break
		}
		if i == 100 {
			t.Fatalf("serve --dev did not answer: %v\n%s", err, errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	token := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if token == nil {
		t.Fatalf("no form token in the page")
	}
	form := url.Values{"token": {token[1]}, "as": {"alice@example.com"}, "action": {"request"}, "cluster": {"orders"}, "level": {"read"}, "duration": {"1h"}, "reason": {"INC-1 <b>bold</b>"}}
	resp, err := http.PostForm(base+"act", form)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Pending <span class=\"count\">1</span>") || !strings.Contains(string(b), "INC-1 &lt;b&gt;bold&lt;/b&gt;") {
		t.Errorf("after the request form:\n%s", b)
	}
	form.Set("token", "forged")
	if resp, err := http.PostForm(base+"act", form); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("forged token: %v %v", resp.StatusCode, err)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestServeRefusals: --dev only on loopback; the Slack mode needs its
// secrets and ids.
func TestServeRefusals(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bastion.yaml")
	if err := os.WriteFile(path, []byte(serveConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SLACK_SIGNING_SECRET", "")
	for _, args := range [][]string{
		{"serve", "--config", path, "--dev", "--addr", "0.0.0.0:8080"},
		{"serve", "--config", path, "--dev", "--addr", "localhost:8080"},
		{"serve", "--config", path, "--slack-team", "T1", "--slack-app", "A1", "--slack-channel", "C1"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, env{stdout: &out, stderr: &errb}); code != exitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, code, exitUsage, errb.String())
		}
	}
}

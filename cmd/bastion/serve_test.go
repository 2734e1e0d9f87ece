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
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/auroradoc/auroradoc/bastion/slackapp"
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

// TestServeSlack runs `bastion serve` (the Slack mode) in-process on
// DynamoDB Local (the replay markers too) against slack-go's slacktest:
// a signed slash command opens the modal, a signed submission records the
// request and posts the approval message, a replay is refused.
func TestServeSlack(t *testing.T) {
	b := newRealBed(t)
	var mu sync.Mutex
	var calls []string
	rec := func(method string, answer string) slacktest.Binder {
		return func(c slacktest.Customize) {
			c.Handle("/"+method, func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				mu.Lock()
				calls = append(calls, method+" "+string(body))
				mu.Unlock()
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, answer)
			})
		}
	}
	fake := slacktest.NewTestServer(rec("views.open", `{"ok":true,"view":{"id":"V1"}}`), rec("chat.postMessage", `{"ok":true,"channel":"C0APPR","ts":"1.1"}`))
	fake.Start()
	defer fake.Stop()
	const secret = "serve-test-signing-secret"
	t.Setenv("SLACK_API_URL", fake.GetAPIURL())
	t.Setenv("SLACK_SIGNING_SECRET", secret)
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-test")
	port, err := testbed.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncWriter
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--config", b.config, "--addr", addr, "--slack-team", "T0OURS", "--slack-app", "A0APP", "--slack-channel", "C0APPR"}, env{stdout: &out, stderr: &errb})
	}()
	post := func(form url.Values, at time.Time) int {
		t.Helper()
		body := []byte(form.Encode())
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/slack", bytes.NewReader(body))
		req.Header = slackapp.Sign(secret, at, body)
		for i := 0; ; i++ {
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
				return resp.StatusCode
			}
			if i == 100 {
				t.Fatalf("serve did not answer: %v\n%s", err, errb.String())
			}
			time.Sleep(50 * time.Millisecond)
			req, _ = http.NewRequest(http.MethodPost, "http://"+addr+"/slack", bytes.NewReader(body))
			req.Header = slackapp.Sign(secret, at, body)
		}
	}
	now := time.Now()
	slash := url.Values{"command": {"/db-access"}, "team_id": {"T0OURS"}, "api_app_id": {"A0APP"}, "user_id": {"U0ALICE"}, "trigger_id": {"t1"}}
	if code := post(slash, now); code != http.StatusOK {
		t.Fatalf("slash command: %d\n%s", code, errb.String())
	}
	if code := post(slash, now); code != http.StatusUnauthorized {
		t.Errorf("replayed slash command: %d", code)
	}
	sub := `{"type":"view_submission","team":{"id":"T0OURS"},"api_app_id":"A0APP","user":{"id":"U0ALICE"},"view":{"callback_id":"bastion_request","state":{"values":{` +
		`"cluster":{"cluster":{"type":"static_select","selected_option":{"value":"orders"}}},"level":{"level":{"type":"static_select","selected_option":{"value":"read"}}},` +
		`"duration":{"duration":{"type":"plain_text_input","value":"1h"}},"reason":{"reason":{"type":"plain_text_input","value":"INC-5"}}}}}}`
	if code := post(url.Values{"payload": {sub}}, now); code != http.StatusOK {
		t.Fatalf("submission: %d\n%s", code, errb.String())
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("serve exit %d: %s", code, errb.String())
	}
	mu.Lock()
	got := strings.Join(calls, "\n")
	mu.Unlock()
	if !strings.Contains(got, "views.open ") || !strings.Contains(got, `"value":"orders"`) || !strings.Contains(got, "chat.postMessage blocks=") || !strings.Contains(got, "&channel=C0APPR&") {
		t.Errorf("Slack calls:\n%s\nserve log:\n%s", got, errb.String())
	}
	if _, stdout, _ := b.run("list", "--config", b.config); !strings.Contains(stdout, "slack:U0ALICE") {
		t.Errorf("the request is not in DynamoDB:\n%s", stdout)
	}
}

// syncWriter is a bytes.Buffer safe for the server's goroutines.
type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

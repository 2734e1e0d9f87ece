package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const secretPath = "/services/T000/B000/s3cr3tT0k3n"

// TestSlackPostsEscapedSummary posts to an HTTP server that checks what a
// Slack incoming webhook checks: POST, JSON content type, a text field.
func TestSlackPostsEscapedSummary(t *testing.T) {
	var got map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != secretPath || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &got); err != nil {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	var lines []string
	lines = append(lines, "eu-west-1/orders: column shop.<script>alert(1)</script>.note added", "us-east-1/x: max_connections 100 → 200 & more\nsecond line")
	for i := 0; i < 30; i++ {
		lines = append(lines, fmt.Sprintf("filler %d", i))
	}
	m := Message{Title: "auroradoc: 32 unexpected changes <@channel>", Lines: lines, Link: "https://docs.example.com/drift/index.html"}
	if err := Slack(context.Background(), srv.Client(), srv.URL+secretPath, m); err != nil {
		t.Fatal(err)
	}
	text, _ := got["text"].(string)
	for _, want := range []string{
		"*auroradoc: 32 unexpected changes &lt;@channel&gt;*",
		"• eu-west-1/orders: column shop.&lt;script&gt;alert(1)&lt;/script&gt;.note added",
		"• us-east-1/x: max_connections 100 → 200 &amp; more second line",
		"• filler 22\n… and 7 more",
		"<https://docs.example.com/drift/index.html|Full report>",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("message lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "<script") || strings.Contains(text, "filler 23") {
		t.Errorf("unescaped or untruncated message:\n%s", text)
	}
}

// TestSlackErrorsHideTheWebhook: the webhook URL is a credential; neither
// a refusal nor a connection error may print it.
func TestSlackErrorsHideTheWebhook(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no_service", http.StatusNotFound)
	}))
	defer srv.Close()
	refused := Slack(context.Background(), srv.Client(), srv.URL+secretPath, Message{Title: "t"})
	if !errors.Is(refused, ErrWebhook) || !strings.Contains(refused.Error(), "HTTP 404") || !strings.Contains(refused.Error(), "no_service") {
		t.Errorf("refusal: %v", refused)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String() + secretPath
	l.Close()
	for _, e := range []error{refused, Slack(context.Background(), nil, dead, Message{Title: "t"}), Slack(context.Background(), nil, "hooks.slack.com"+secretPath, Message{})} {
		if e == nil {
			t.Fatal("no error")
		}
		if strings.Contains(e.Error(), "s3cr3t") {
			t.Errorf("error leaks the webhook path: %v", e)
		}
	}
}

package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// MaxLines bounds how many finding lines a message lists; the rest is
// summarised as "… and N more" (Slack truncates long messages anyway, and
// the full report is on the site).
const MaxLines = 25

// Message is what a run has to say.
type Message struct {
	// Title is the first line, e.g. "auroradoc: 3 unexpected changes on 2
	// clusters (set 2026-11-21T030000Z)".
	Title string
	// Lines are the findings, one line each, most important first.
	Lines []string
	// Link, if set, is where the full report lives (the drift page on the
	// published site).
	Link string
}

// Text renders the message as Slack mrkdwn, with &, < and > escaped as
// Slack requires so that identifiers and values show as written and
// cannot form links or mentions.
func (m Message) Text() string {
	var b strings.Builder
	b.WriteString("*" + escape(m.Title) + "*")
	n := len(m.Lines)
	if n > MaxLines {
		n = MaxLines
	}
	for _, l := range m.Lines[:n] {
		b.WriteString("\n• " + escape(strings.ReplaceAll(l, "\n", " ")))
	}
	if more := len(m.Lines) - n; more > 0 {
		fmt.Fprintf(&b, "\n… and %d more", more)
	}
	if m.Link != "" {
		b.WriteString("\n<" + escape(m.Link) + "|Full report>")
	}
	return b.String()
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// ErrWebhook is returned when Slack answers with something other than 200.
var ErrWebhook = errors.New("slack webhook refused the message")

// Slack posts m to the incoming webhook at webhookURL. The URL is a
// secret (anyone holding it can post): it never appears in the returned
// error, which names only the host.
func Slack(ctx context.Context, client *http.Client, webhookURL string, m Message) error {
	if client == nil {
		client = http.DefaultClient
	}
	u, err := url.Parse(webhookURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("posting to Slack: the webhook URL is not an http(s) URL")
	}
	body, err := json.Marshal(map[string]any{"text": m.Text(), "unfurl_links": false, "mrkdwn": true})
	if err != nil {
		return fmt.Errorf("posting to Slack: encoding the message: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhookURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("posting to Slack webhook at %s: %w", u.Host, redact(err))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("posting to Slack webhook at %s: %w", u.Host, redact(err))
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("posting to Slack webhook at %s: %w: HTTP %d %q", u.Host, ErrWebhook, resp.StatusCode, strings.TrimSpace(string(answer)))
	}
	return nil
}

// redact drops the URL (which holds the webhook's secret path) from an
// error of net/http.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

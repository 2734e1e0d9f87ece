package slackapp_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
)

// call is one Web API call the app made to the fake Slack.
type call struct {
	Method string
	Form   url.Values // form-encoded calls
	Body   string     // the raw body (JSON calls such as views.open)
}

// fakeSlack is slack-go's slacktest server with the methods the app uses
// recorded: views.open, chat.postMessage, chat.update, chat.postEphemeral
// and usergroups.users.list (answered from groups, which a test changes).
type fakeSlack struct {
	srv    *slacktest.Server
	mu     sync.Mutex
	calls  []call
	groups map[string][]string
	seq    int
}

func newFakeSlack(t testing.TB) *fakeSlack {
	f := &fakeSlack{groups: map[string][]string{}}
	record := func(method string, answer func(c call) any) slacktest.Binder {
		return func(c slacktest.Customize) {
			c.Handle("/"+method, func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				cl := call{Method: method, Body: string(body)}
				if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
					cl.Form, _ = url.ParseQuery(string(body))
				}
				f.mu.Lock()
				f.calls = append(f.calls, cl)
				f.seq++
				seq := f.seq
				f.mu.Unlock()
				out := answer(cl)
				if m, ok := out.(map[string]any); ok {
					if _, has := m["ts"]; has {
						m["ts"] = fmt.Sprintf("1733400000.%06d", seq)
					}
				}
				w.Header().Set("Content-Type", "application/json")
				_ = json.NewEncoder(w).Encode(out)
			})
		}
	}
	f.srv = slacktest.NewTestServer(
		record("views.open", func(call) any { return map[string]any{"ok": true, "view": map[string]any{"id": "V1"}} }),
		record("chat.postMessage", func(c call) any {
			return map[string]any{"ok": true, "channel": c.Form.Get("channel"), "ts": ""}
		}),
		record("chat.update", func(c call) any {
			return map[string]any{"ok": true, "channel": c.Form.Get("channel"), "ts": c.Form.Get("ts"), "text": c.Form.Get("text")}
		}),
		record("chat.postEphemeral", func(call) any { return map[string]any{"ok": true, "message_ts": "1733400000.999999"} }),
		record("usergroups.users.list", func(c call) any {
			f.mu.Lock()
			defer f.mu.Unlock()
			return map[string]any{"ok": true, "users": slices.Clone(f.groups[c.Form.Get("usergroup")])}
		}),
	)
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

func (f *fakeSlack) client() *slack.Client {
	return slack.New("xoxb-test", slack.OptionAPIURL(f.srv.GetAPIURL()))
}

func (f *fakeSlack) setGroup(id string, users ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groups[id] = users
}

// made returns the calls of method, in order.
func (f *fakeSlack) made(method string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// all returns every body the app sent to Slack, for checks that something
// (a password) never went there.
func (f *fakeSlack) all() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var b strings.Builder
	for _, c := range f.calls {
		b.WriteString(c.Body)
		b.WriteByte('\n')
	}
	return b.String()
}

// count is how many calls were made so far.
func (f *fakeSlack) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

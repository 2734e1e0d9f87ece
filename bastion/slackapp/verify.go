package slackapp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Replay remembers the signatures of accepted requests, so a request
// replayed inside the 5-minute window is refused. store.Store implements
// it on the bastion DynamoDB table (one conditional put, shared by every
// Lambda instance), store.Memory in the process.
type Replay interface {
	// Remember records key until until and reports whether it was new.
	Remember(ctx context.Context, key string, until time.Time) (bool, error)
}

// Window is how far a request's timestamp may be from now.
const Window = 5 * time.Minute

// errRejected marks a request refused before it reached the engine.
var errRejected = errors.New("slack request rejected")

// verify checks body's v0 signature with secret, its timestamp against
// now, and that it was not seen before.
func verify(ctx context.Context, h http.Header, body []byte, secret string, now time.Time, replay Replay) error {
	tsText, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	if tsText == "" || sig == "" {
		return fmt.Errorf("%w: no signature or timestamp header", errRejected)
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: timestamp %q is not a number", errRejected, tsText)
	}
	at := time.Unix(ts, 0)
	if d := now.Sub(at); d > Window || d < -Window {
		return fmt.Errorf("%w: timestamp %s is %s from now (more than %s)", errRejected, at.UTC().Format(time.RFC3339), d.Round(time.Second), Window)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", tsText)
	mac.Write(body)
	want := "v0=" + hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return fmt.Errorf("%w: bad signature", errRejected)
	}
	fresh, err := replay.Remember(ctx, "slack-"+sig, at.Add(Window))
	if err != nil {
		return fmt.Errorf("checking for a replay: %w", err)
	}
	if !fresh {
		return fmt.Errorf("%w: replayed (this signature was seen before)", errRejected)
	}
	return nil
}

// Sign returns the headers Slack would send with body at ts, signed with
// secret: for tests and the dev tools that call the handler.
func Sign(secret string, ts time.Time, body []byte) http.Header {
	tsText := strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", tsText)
	mac.Write(body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", tsText)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	return h
}

package devpage

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

//go:embed page.html page.css
var assets embed.FS

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"stamp": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04:05Z")
	},
}).ParseFS(assets, "page.html"))

// csp allows the page's own stylesheet and form posts to itself, nothing
// else: no script, no frame, no other origin.
const csp = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Options configure the page.
type Options struct {
	Engine   *bastion.Engine
	Notices  *Notices
	Secrets  FileSecrets
	Clusters []string
	Logger   *slog.Logger
}

// Page is the dev page's http.Handler.
type Page struct {
	o     Options
	token string
}

var _ http.Handler = (*Page)(nil)

// New returns the page with a fresh form token.
func New(o Options) (*Page, error) {
	if o.Engine == nil || o.Notices == nil {
		return nil, errors.New("dev page: Engine and Notices are required")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("making the form token: %w", err)
	}
	return &Page{o: o, token: hex.EncodeToString(b)}, nil
}

func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	switch {
	case r.URL.Path == "/page.css" && r.Method == http.MethodGet:
		h.Set("Content-Type", "text/css; charset=utf-8")
		b, _ := assets.ReadFile("page.css")
		_, _ = w.Write(b)
	case r.URL.Path == "/" && r.Method == http.MethodGet:
		p.show(w, r)
	case r.URL.Path == "/act" && r.Method == http.MethodPost:
		p.act(w, r)
	default:
		http.NotFound(w, r)
	}
}

// view is what the template shows.
type view struct {
	As, Msg, Token  string
	Error           bool
	Clusters        []string
	Pending, Grants []bastion.Request
	Ended           []bastion.Request
	Notices         []Notice
	AuditID         string
	Audit           []bastion.Event
	SecretPath      map[string]string
}

func (p *Page) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	v := view{As: q.Get("as"), Msg: q.Get("msg"), Error: q.Get("err") == "1", Token: p.token, Clusters: p.o.Clusters,
		Notices: p.o.Notices.Recent(), AuditID: q.Get("audit"), SecretPath: map[string]string{}}
	if v.As == "" {
		v.As = "alice@example.com"
	}
	all, err := p.o.Engine.List(ctx)
	if err != nil {
		http.Error(w, "listing requests: "+err.Error(), http.StatusInternalServerError)
		return
	}
	for i := len(all) - 1; i >= 0; i-- { // newest first
		x := all[i]
		switch x.State {
		case bastion.StateRequested:
			v.Pending = append(v.Pending, x)
		case bastion.StateApproved, bastion.StateActive, bastion.StateWarned, bastion.StateRevoking:
			v.Grants = append(v.Grants, x)
			v.SecretPath[x.ID] = p.o.Secrets.Path(x.SecretName)
		default:
			v.Ended = append(v.Ended, x)
		}
	}
	if v.AuditID != "" {
		if v.Audit, err = p.o.Engine.Audit(ctx, v.AuditID); err != nil {
			v.Msg, v.Error = "reading the audit: "+err.Error(), true
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	if err := page.Execute(w, v); err != nil {
		p.o.Logger.Warn("rendering the dev page", "err", err)
	}
}

// act runs one form's action and redirects back to the page (post,
// redirect, get), saying what happened.
func (p *Page) act(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("token")), []byte(p.token)) != 1 {
		http.Error(w, "stale or forged form: reload the page", http.StatusForbidden)
		return
	}
	as := strings.TrimSpace(r.PostForm.Get("as"))
	msg, err := p.do(r.Context(), as, r.PostForm)
	q := url.Values{"as": {as}}
	if err != nil {
		q.Set("msg", err.Error())
		q.Set("err", "1")
	} else {
		q.Set("msg", msg)
	}
	if id := r.PostForm.Get("id"); id != "" && bastion.ValidID(id) {
		q.Set("audit", id)
	}
	http.Redirect(w, r, "/?"+q.Encode(), http.StatusSeeOther)
}

func (p *Page) do(ctx context.Context, as string, f url.Values) (string, error) {
	id, reason := f.Get("id"), strings.TrimSpace(f.Get("reason"))
	switch f.Get("action") {
	case "request":
		d, err := time.ParseDuration(f.Get("duration"))
		if err != nil {
			return "", fmt.Errorf("duration %q: use one such as 30m or 2h", f.Get("duration"))
		}
		r, err := p.o.Engine.Request(ctx, bastion.Ask{Requester: as, Cluster: f.Get("cluster"), Level: bastion.Level(f.Get("level")), Duration: d, Reason: reason})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("requested %s on %s: request %s waits for an approver (act as one to approve it)", r.Level, r.Cluster, r.ID), nil
	case "approve":
		r, err := p.o.Engine.Approve(ctx, as, id)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("approved %s: it is %s", r.ID, r.State), nil
	case "deny":
		if reason == "" {
			return "", errors.New("say why you deny it (the requester sees the reason)")
		}
		r, err := p.o.Engine.Deny(ctx, as, id, reason)
		if err != nil {
			return "", err
		}
		return "denied " + r.ID, nil
	case "revoke":
		r, err := p.o.Engine.Revoke(ctx, as, id, reason)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("revoked %s: it is %s", r.ID, r.State), nil
	case "sweep":
		rep, err := p.o.Engine.Sweep(ctx)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("sweep: %d expired, %d activated, %d warned, %d revoked, %d errors", rep.Expired, rep.Activated, rep.Warned, rep.Revoked, len(rep.Errors)), rep.Err()
	}
	return "", fmt.Errorf("unknown action %q", f.Get("action"))
}

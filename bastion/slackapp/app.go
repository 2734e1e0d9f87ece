package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/auroradoc/auroradoc/bastion"
)

// Options configure an App. Engine, Replay, SigningSecret, Team, App,
// Client and Clusters are required.
type Options struct {
	Engine *bastion.Engine
	// Replay remembers seen signatures (store.Store, or store.Memory).
	Replay Replay
	// SigningSecret is the Slack app's signing secret.
	SigningSecret string
	// Team and App are our workspace's team id and our app's api_app_id;
	// a payload of any other is refused.
	Team, App string
	// Client calls Slack's Web API with the bot token.
	Client *slack.Client
	// Clusters lists the clusters a request may name (FleetClusters: the
	// latest snapshot set's clusters that bastion.yaml configures).
	Clusters func(ctx context.Context) ([]string, error)
	// Dispatch runs slow work after the ack; nil runs it on a goroutine
	// with a detached context (App.Wait waits for it). A Lambda sets it to
	// an asynchronous self-invocation that calls Run.
	Dispatch func(ctx context.Context, w Work) error
	// Now is the clock of the signature window; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
}

// App is the Slack front end: an http.Handler for the slash command and
// interactivity requests (one URL serves both).
type App struct {
	o  Options
	wg sync.WaitGroup
}

var _ http.Handler = (*App)(nil)

// New checks opts and returns the app.
func New(opts Options) (*App, error) {
	switch {
	case opts.Engine == nil || opts.Replay == nil || opts.Client == nil || opts.Clusters == nil:
		return nil, errors.New("slack app: Engine, Replay, Client and Clusters are required")
	case opts.SigningSecret == "" || opts.Team == "" || opts.App == "":
		return nil, errors.New("slack app: the signing secret, team id and app id are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	a := &App{o: opts}
	if a.o.Dispatch == nil {
		a.o.Dispatch = a.goDispatch
	}
	return a, nil
}

// maxBody bounds a request body (Slack's are a few kB).
const maxBody = 1 << 20

// ServeHTTP checks the request (signature, window, replay, team, app)
// and answers it: a slash command opens the request modal; an
// interaction is a shortcut, a modal submission or a button click.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		a.reject(w, http.StatusBadRequest, fmt.Errorf("%w: body unreadable or over %d bytes", errRejected, maxBody))
		return
	}
	if err := verify(ctx, r.Header, body, a.o.SigningSecret, a.o.Now(), a.o.Replay); err != nil {
		status := http.StatusUnauthorized
		if !errors.Is(err, errRejected) {
			status = http.StatusServiceUnavailable // the replay memory failed: refuse, never accept unchecked
		}
		a.reject(w, status, err)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		a.reject(w, http.StatusBadRequest, fmt.Errorf("%w: body is not a form: %v", errRejected, err))
		return
	}
	if p := form.Get("payload"); p != "" {
		var cb slack.InteractionCallback
		if err := json.Unmarshal([]byte(p), &cb); err != nil {
			a.reject(w, http.StatusBadRequest, fmt.Errorf("%w: payload is not JSON: %v", errRejected, err))
			return
		}
		if err := a.ours(cb.Team.ID, cb.APIAppID); err != nil {
			a.reject(w, http.StatusForbidden, err)
			return
		}
		a.interaction(ctx, w, cb)
		return
	}
	if err := a.ours(form.Get("team_id"), form.Get("api_app_id")); err != nil {
		a.reject(w, http.StatusForbidden, err)
		return
	}
	if form.Get("command") == "" {
		a.reject(w, http.StatusBadRequest, fmt.Errorf("%w: neither a command nor an interaction payload", errRejected))
		return
	}
	a.command(ctx, w, form.Get("trigger_id"), form.Get("user_id"))
}

// ours checks the team and app ids of a request.
func (a *App) ours(team, app string) error {
	if team != a.o.Team || app != a.o.App {
		return fmt.Errorf("%w: team %q app %q is not ours", errRejected, team, app)
	}
	return nil
}

// reject logs a request refused before it reached a request (no audit
// trail to write to) and answers status.
func (a *App) reject(w http.ResponseWriter, status int, err error) {
	a.o.Logger.Warn("slack request rejected", "status", status, "err", err)
	http.Error(w, http.StatusText(status), status)
}

// command opens the request modal for a slash command or shortcut.
func (a *App) command(ctx context.Context, w http.ResponseWriter, trigger, user string) {
	if _, err := Actor(user); err != nil {
		a.reject(w, http.StatusBadRequest, fmt.Errorf("%w: %v", errRejected, err))
		return
	}
	clusters, err := a.o.Clusters(ctx)
	if err != nil {
		a.o.Logger.Error("listing clusters for the request modal", "err", err)
		http.Error(w, "cannot list the clusters now", http.StatusInternalServerError)
		return
	}
	if _, err := a.o.Client.OpenViewContext(ctx, trigger, requestModal(clusters)); err != nil {
		a.o.Logger.Error("opening the request modal", "err", err)
		http.Error(w, "cannot open the request form now", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// interaction answers a shortcut, a modal submission or a button click.
func (a *App) interaction(ctx context.Context, w http.ResponseWriter, cb slack.InteractionCallback) {
	actor, err := Actor(cb.User.ID)
	if err != nil {
		a.reject(w, http.StatusBadRequest, fmt.Errorf("%w: %v", errRejected, err))
		return
	}
	switch cb.Type {
	case slack.InteractionTypeShortcut:
		a.command(ctx, w, cb.TriggerID, cb.User.ID)
	case slack.InteractionTypeViewSubmission:
		switch cb.View.CallbackID {
		case callbackRequest:
			a.respond(w, a.submitRequest(ctx, actor, cb))
		case callbackDeny:
			a.respond(w, a.submitDeny(ctx, actor, cb))
		default:
			a.reject(w, http.StatusBadRequest, fmt.Errorf("%w: unknown view %q", errRejected, cb.View.CallbackID))
		}
	case slack.InteractionTypeBlockActions:
		a.click(ctx, w, actor, cb)
	default:
		w.WriteHeader(http.StatusOK) // other interactions (view_closed…) need nothing
	}
}

// respond writes a view submission's response (nil: close the modal).
func (a *App) respond(w http.ResponseWriter, resp *slack.ViewSubmissionResponse) {
	if resp == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(resp); err != nil {
		a.o.Logger.Warn("writing the view response", "err", err)
	}
}

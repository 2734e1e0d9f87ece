package slackapp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/auroradoc/auroradoc/bastion"
)

// The actions of Work.
const (
	WorkApprove = "approve"
	WorkDeny    = "deny"
)

// Work is a decision to carry out after the ack: who decided what on
// which request, and the approval message to update. It is plain data
// (JSON) so a Lambda can hand it to an asynchronous invocation of itself.
type Work struct {
	Action  string `json:"action"`
	Actor   string `json:"actor"`
	ID      string `json:"id"`
	Reason  string `json:"reason,omitempty"`
	Channel string `json:"channel"`
	TS      string `json:"ts"`
}

// workTimeout bounds one piece of work run on a goroutine.
const workTimeout = 5 * time.Minute

// goDispatch runs w on a goroutine, with a context that outlives the HTTP
// request (its values kept, its cancellation not).
func (a *App) goDispatch(ctx context.Context, w Work) error {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), workTimeout)
		defer cancel()
		if err := a.Run(ctx, w); err != nil {
			a.o.Logger.Error("slack decision", "action", w.Action, "id", w.ID, "actor", w.Actor, "err", err)
		}
	}()
	return nil
}

// Wait waits for the work Dispatch started on goroutines (for shutdown
// and tests).
func (a *App) Wait() { a.wg.Wait() }

// click answers an Approve or Deny button: Approve is dispatched, Deny
// opens the reason modal. The button's value is the request id only;
// everything shown comes from the stored request.
func (a *App) click(ctx context.Context, w http.ResponseWriter, actor string, cb slack.InteractionCallback) {
	if len(cb.ActionCallback.BlockActions) != 1 {
		a.reject(w, http.StatusBadRequest, fmt.Errorf("%w: %d actions in one click", errRejected, len(cb.ActionCallback.BlockActions)))
		return
	}
	act := cb.ActionCallback.BlockActions[0]
	msg := denyMeta{ID: act.Value, Channel: cb.Container.ChannelID, TS: cb.Container.MessageTs}
	switch act.ActionID {
	case WorkApprove:
		if err := a.o.Dispatch(ctx, Work{Action: WorkApprove, Actor: actor, ID: act.Value, Channel: msg.Channel, TS: msg.TS}); err != nil {
			a.o.Logger.Error("dispatching an approval", "id", act.Value, "err", err)
			http.Error(w, "cannot approve now", http.StatusInternalServerError)
			return
		}
	case WorkDeny:
		if _, err := a.o.Client.OpenViewContext(ctx, cb.TriggerID, denyModal(msg)); err != nil {
			a.o.Logger.Error("opening the deny modal", "id", act.Value, "err", err)
			http.Error(w, "cannot open the deny form now", http.StatusBadGateway)
			return
		}
	default:
		a.reject(w, http.StatusBadRequest, fmt.Errorf("%w: unknown action %q", errRejected, act.ActionID))
		return
	}
	w.WriteHeader(http.StatusOK)
}

// Run carries out w: the engine decides (and audits a refusal), then the
// approval message is updated from the stored request, or the clicker is
// told privately why nothing happened.
func (a *App) Run(ctx context.Context, w Work) error {
	var r bastion.Request
	var err error
	switch w.Action {
	case WorkApprove:
		r, err = a.o.Engine.Approve(ctx, w.Actor, w.ID)
	case WorkDeny:
		r, err = a.o.Engine.Deny(ctx, w.Actor, w.ID, w.Reason)
	default:
		return fmt.Errorf("unknown work %q", w.Action)
	}
	refused := errors.Is(err, bastion.ErrNotAllowed) || errors.Is(err, bastion.ErrNotFound) || errors.Is(err, bastion.ErrInvalid)
	if refused {
		a.o.Logger.Warn("slack decision refused", "action", w.Action, "id", w.ID, "actor", w.Actor, "err", err)
		a.tellClicker(ctx, w, fmt.Sprintf("Not done: %s", Escape(err.Error())))
		return nil
	}
	if r.ID == "" { // the store failed before anything was read
		a.tellClicker(ctx, w, "Not done: "+Escape(err.Error()))
		return err
	}
	if errors.Is(err, bastion.ErrWrongState) {
		a.tellClicker(ctx, w, Escape(err.Error()))
	}
	if uerr := a.updateMessage(ctx, w, r); uerr != nil {
		return errors.Join(err, uerr)
	}
	if errors.Is(err, bastion.ErrWrongState) {
		return nil
	}
	return err
}

// tellClicker says text to the actor of w only (an ephemeral message).
func (a *App) tellClicker(ctx context.Context, w Work, text string) {
	user, ok := UserID(w.Actor)
	if !ok || w.Channel == "" {
		return
	}
	if _, err := a.o.Client.PostEphemeralContext(ctx, w.Channel, user, slack.MsgOptionText(text, false)); err != nil {
		a.o.Logger.Warn("telling the clicker", "id", w.ID, "err", err)
	}
}

// updateMessage replaces the approval message by the request as stored,
// saying who decided and when.
func (a *App) updateMessage(ctx context.Context, w Work, r bastion.Request) error {
	if w.Channel == "" || w.TS == "" {
		return nil
	}
	events, err := a.o.Engine.Audit(ctx, r.ID)
	if err != nil {
		return fmt.Errorf("reading the audit of %s for the message: %w", r.ID, err)
	}
	blocks, text := decidedMessage(r, events)
	if _, _, _, err := a.o.Client.UpdateMessageContext(ctx, w.Channel, w.TS, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText(text, false)); err != nil {
		return fmt.Errorf("updating the approval message of %s: %w", r.ID, err)
	}
	return nil
}

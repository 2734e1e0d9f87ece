package bastion

import (
	"context"
	"errors"
	"fmt"
)

// SweepReport counts what one sweep did.
type SweepReport struct {
	Expired, Activated, Warned, Revoked int
	// Errors are the requests the sweep could not move, each wrapped with
	// its id; the next sweep tries them again.
	Errors []error
}

// Err joins the report's errors (nil when there were none).
func (r SweepReport) Err() error { return errors.Join(r.Errors...) }

// Sweep does what time asks of every open request: expires unapproved
// ones past their approval deadline, activates approved grants whose
// start came, warns grants near their end, revokes grants at their end,
// and finishes every revocation under way (a crashed engine's too). It is
// idempotent: running it twice, or two at once, does each thing once. It
// returns an error only when it could not list the requests.
func (e *Engine) Sweep(ctx context.Context) (SweepReport, error) {
	var rep SweepReport
	open, err := e.o.Store.List(ctx, StateRequested, StateApproved, StateActive, StateWarned, StateRevoking)
	if err != nil {
		return rep, err
	}
	for _, r := range open {
		if err := ctx.Err(); err != nil {
			rep.Errors = append(rep.Errors, err)
			break
		}
		if err := e.sweepOne(ctx, r, &rep); err != nil && !errors.Is(err, ErrWrongState) {
			// A StateError means another actor moved it first: not a failure.
			rep.Errors = append(rep.Errors, fmt.Errorf("request %s: %w", r.ID, err))
		}
	}
	e.o.Logger.Info("access sweep", "open", len(open), "expired", rep.Expired, "activated", rep.Activated,
		"warned", rep.Warned, "revoked", rep.Revoked, "errors", len(rep.Errors))
	return rep, nil
}

func (e *Engine) sweepOne(ctx context.Context, r Request, rep *SweepReport) error {
	now := e.now()
	ended := !now.Before(r.End())
	switch r.State {
	case StateRequested:
		if d := r.ApprovalDeadline(e.o.Limits.ApprovalWindow); !now.Before(d) {
			x, err := e.move(ctx, r, ActionExpire, SystemActor, "not approved in time", "", nil)
			if err != nil {
				return err
			}
			e.notify(ctx, NoticeExpired, x)
			rep.Expired++
		}
	case StateApproved, StateActive, StateWarned:
		switch {
		case ended:
			r, err := e.move(ctx, r, ActionRevoke, SystemActor, "expired", "", nil)
			if err != nil {
				return err
			}
			if _, err := e.cleanup(ctx, r); err != nil {
				return err
			}
			rep.Revoked++
		case r.State == StateApproved && !now.Before(r.Start):
			a, err := e.activate(ctx, r, "start time reached")
			if err != nil {
				return err
			}
			if a.State == StateActive {
				rep.Activated++
			}
		case r.State == StateActive && !now.Before(r.End().Add(-e.o.WarnBefore)):
			w, err := e.move(ctx, r, ActionWarn, SystemActor, "", "expires at "+r.End().Format("15:04:05Z07:00"), func(n *Request) { n.Warned = now })
			if err != nil {
				return err
			}
			rep.Warned++
			e.notify(ctx, NoticeWarned, w)
		}
	case StateRevoking:
		if _, err := e.cleanup(ctx, r); err != nil {
			return err
		}
		rep.Revoked++
	}
	return nil
}

// SweepRequest does what time asks of request id alone (a timer fired
// for it): the sweep's work for one request. A request that has ended, or
// that another actor moved first, is no error.
func (e *Engine) SweepRequest(ctx context.Context, id string) (SweepReport, error) {
	var rep SweepReport
	if !ValidID(id) {
		return rep, fmt.Errorf("%w: %q is not a request id", ErrNotFound, id)
	}
	r, err := e.o.Store.Get(ctx, id)
	if err != nil {
		return rep, err
	}
	if err := e.sweepOne(ctx, r, &rep); err != nil && !errors.Is(err, ErrWrongState) {
		rep.Errors = append(rep.Errors, fmt.Errorf("request %s: %w", r.ID, err))
	}
	e.o.Logger.Info("access sweep of one request", "id", id, "state", r.State, "activated", rep.Activated,
		"warned", rep.Warned, "revoked", rep.Revoked, "errors", len(rep.Errors))
	return rep, nil
}

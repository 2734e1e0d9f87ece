package bastion

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Policy is what the configuration tells the engine, asked at the time of
// every action: who approves, and what each level grants on each cluster.
type Policy interface {
	Approvers
	// Privileges returns what level grants on cluster; false when cluster
	// is not configured (requests for it are refused).
	Privileges(cluster string, level Level) (Privileges, bool)
}

// Options configure an Engine. Store and Policy are required; without
// Database and Secrets the engine records requests, denials and
// cancellations, and every step that needs them fails with ErrNoSides.
type Options struct {
	Store    Store
	Database Database
	Secrets  Secrets
	Policy   Policy
	// Network, when set, opens the path to the cluster at activation
	// (Request.Connection) and closes it at revocation.
	Network Network
	// Timers, when set, are set at approval and cleared at revocation.
	Timers Timers
	Limits Limits
	// SecretPrefix starts every grant's secret name ("bastion/" + id).
	SecretPrefix string
	// WarnBefore is how long before expiry the sweep warns; 10 minutes
	// when zero.
	WarnBefore time.Duration
	// ProvisionLease is how long a claim to provision a grant holds before
	// a sweep takes it for a crashed one; 2 minutes when zero.
	ProvisionLease time.Duration
	// Notifier tells people about requests (the front end); it is called
	// once per stored transition that someone should hear about (see
	// NoticeKind), its outcome audited as a notify step, never retried
	// and never undoing the transition. Nil: nobody is told, nothing is
	// audited.
	Notifier Notifier
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
}

// Engine drives requests through their lifecycle.
type Engine struct {
	o Options
}

// New checks opts and returns the engine.
func New(opts Options) (*Engine, error) {
	if opts.Store == nil || opts.Policy == nil {
		return nil, errors.New("bastion engine: Store and Policy are required")
	}
	if opts.Database == nil {
		opts.Database = noSides{}
	}
	if opts.Secrets == nil {
		opts.Secrets = noSides{}
	}
	if opts.WarnBefore <= 0 {
		opts.WarnBefore = 10 * time.Minute
	}
	if opts.ProvisionLease <= 0 {
		opts.ProvisionLease = 2 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	opts.Limits = opts.Limits.withDefaults()
	return &Engine{o: opts}, nil
}

func (e *Engine) now() time.Time { return e.o.Now().UTC() }

// Request records a new request of ask.Requester.
func (e *Engine) Request(ctx context.Context, ask Ask) (Request, error) {
	if err := validActor(ask.Requester); err != nil {
		return Request{}, err
	}
	if _, ok := e.o.Policy.Privileges(ask.Cluster, ask.Level); !ok && ValidLevel(ask.Level) {
		return Request{}, fmt.Errorf("%w: cluster %q is not configured for level %s", ErrInvalid, ask.Cluster, ask.Level)
	}
	id, err := NewID()
	if err != nil {
		return Request{}, err
	}
	now := e.now()
	r, err := NewRequest(ask, id, e.o.SecretPrefix, e.o.Limits, now)
	if err != nil {
		return Request{}, err
	}
	ev := Event{RequestID: id, Version: r.Version, At: now, Actor: ask.Requester, Action: string(ActionRequest), Reason: ask.Reason, To: StateRequested,
		Detail: fmt.Sprintf("%s on %s for %s from %s", r.Level, r.Cluster, r.Duration, r.Start.Format(time.RFC3339))}
	if err := e.o.Store.Create(ctx, r, ev); err != nil {
		return Request{}, err
	}
	e.o.Logger.Info("access requested", "id", id, "requester", r.Requester, "cluster", r.Cluster, "level", r.Level, "duration", r.Duration, "start", r.Start)
	e.notify(ctx, NoticeRequested, r)
	return r, nil
}

// Approve approves request id as actor, and provisions it when its start
// has come. An error after the approval itself (provisioning failed) is
// returned with the request as it is now.
func (e *Engine) Approve(ctx context.Context, actor, id string) (Request, error) {
	r, err := e.load(ctx, actor, id, ActionApprove)
	if err != nil {
		return r, err
	}
	if r.State == StateRequested {
		if d := r.ApprovalDeadline(e.o.Limits.ApprovalWindow); !e.now().Before(d) {
			return r, fmt.Errorf("%w: cannot approve request %s: it expired unapproved at %s", ErrWrongState, id, d.Format(time.RFC3339))
		}
	}
	r, err = e.move(ctx, r, ActionApprove, actor, "", "", func(n *Request) { n.ApprovedBy = actor })
	if err != nil {
		return r, err
	}
	e.setTimers(ctx, r)
	if r.Start.After(e.now()) {
		return r, nil
	}
	return e.activate(ctx, r, "after approval by "+actor)
}

// Deny refuses request id as actor, for reason.
func (e *Engine) Deny(ctx context.Context, actor, id, reason string) (Request, error) {
	r, err := e.load(ctx, actor, id, ActionDeny)
	if err != nil {
		return r, err
	}
	d, err := e.move(ctx, r, ActionDeny, actor, reason, "", func(n *Request) { n.ApprovedBy = actor })
	if err != nil {
		return d, err
	}
	e.notify(ctx, NoticeDenied, d)
	return d, nil
}

// Cancel withdraws request id; only its requester may, before approval.
func (e *Engine) Cancel(ctx context.Context, actor, id string) (Request, error) {
	r, err := e.load(ctx, actor, id, ActionCancel)
	if err != nil {
		return r, err
	}
	return e.move(ctx, r, ActionCancel, actor, "", "", nil)
}

// Revoke ends grant id now, as actor, and cleans it up. A grant whose
// revocation is under way is cleaned up again (harmless); a grant that
// has ended already is a *StateError.
func (e *Engine) Revoke(ctx context.Context, actor, id, reason string) (Request, error) {
	r, err := e.load(ctx, actor, id, ActionRevoke)
	if err != nil {
		return r, err
	}
	if r.State != StateRevoking {
		if r, err = e.move(ctx, r, ActionRevoke, actor, reason, "", nil); err != nil {
			return r, err
		}
	}
	return e.cleanup(ctx, r)
}

// List returns the requests in one of states (every request when none).
func (e *Engine) List(ctx context.Context, states ...State) ([]Request, error) {
	return e.o.Store.List(ctx, states...)
}

// Audit returns the audit trail of request id.
func (e *Engine) Audit(ctx context.Context, id string) ([]Event, error) {
	return e.o.Store.Audit(ctx, id)
}

// load reads request id and checks that actor, a person, may take action
// on it.
func (e *Engine) load(ctx context.Context, actor, id string, action Action) (Request, error) {
	if err := validActor(actor); err != nil {
		return Request{}, err
	}
	if !ValidID(id) {
		return Request{}, fmt.Errorf("%w: %q is not a request id", ErrNotFound, id)
	}
	r, err := e.o.Store.Get(ctx, id)
	if err != nil {
		return Request{}, err
	}
	if err := Authorize(action, actor, r, e.o.Policy); err != nil {
		// A refusal changes nothing, but who tried what is audited.
		ev := Event{RequestID: r.ID, Version: r.Version, At: e.now(), Actor: actor, Action: StepRefused, Detail: string(action) + ": " + err.Error()}
		if aerr := e.o.Store.Append(ctx, ev); aerr != nil {
			e.o.Logger.Warn("access refusal not audited", "id", r.ID, "actor", actor, "err", aerr)
		}
		e.o.Logger.Warn("access refused", "id", r.ID, "actor", actor, "action", action, "err", err)
		return r, err
	}
	return r, nil
}

// move makes the transition action of r by actor (a conditional write of
// the store), applying change to the new request, and returns it.
func (e *Engine) move(ctx context.Context, r Request, action Action, actor, reason, detail string, change func(*Request)) (Request, error) {
	to, ok := next(r.State, action, r.Failure != "")
	if !ok {
		return r, NewStateError(r, action)
	}
	now := e.now()
	n := r
	n.State, n.Version, n.ChangedBy, n.Changed = to, r.Version+1, actor, now
	if change != nil {
		change(&n)
	}
	ev := Event{RequestID: r.ID, Version: n.Version, At: now, Actor: actor, Action: string(action), Reason: reason, From: r.State, To: to, Detail: detail}
	if err := e.o.Store.Transition(ctx, r.State, n, ev); err != nil {
		return r, err
	}
	e.o.Logger.Info("access "+string(action), "id", r.ID, "actor", actor, "from", r.State, "to", to, "requester", r.Requester, "cluster", r.Cluster, "db_user", r.User)
	return n, nil
}

// step appends the audit event of a step that changes no state. A failed
// append is logged: the step's effect is what counts, and it is redone.
func (e *Engine) step(ctx context.Context, r Request, name, detail string) {
	ev := Event{RequestID: r.ID, Version: r.Version, At: e.now(), Actor: SystemActor, Action: name, Detail: detail}
	if err := e.o.Store.Append(ctx, ev); err != nil {
		e.o.Logger.Warn("access audit event not recorded", "id", r.ID, "step", name, "err", err)
	}
	e.o.Logger.Info("access step", "id", r.ID, "step", name, "detail", detail, "cluster", r.Cluster, "db_user", r.User)
}

package bastion

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// activate provisions the approved grant r: claims it (so two engines
// never provision one grant with two passwords), stores a new password in
// its secret, creates the database user, and moves it to active. A claim
// held by someone else within the lease is left alone. When the grant
// moved on meanwhile (revoked while this was provisioning), what was
// created is cleaned up again. A provisioning error fails the grant: it
// is cleaned up and ends failed.
func (e *Engine) activate(ctx context.Context, r Request, why string) (Request, error) {
	if !r.Provisioning.IsZero() && e.now().Sub(r.Provisioning) < e.o.ProvisionLease {
		return r, nil // someone else is provisioning it
	}
	detail := why
	if !r.Provisioning.IsZero() {
		detail += fmt.Sprintf("; the claim of %s had lapsed", r.Provisioning.Format(time.RFC3339))
	}
	r, err := e.move(ctx, r, ActionProvision, SystemActor, "", detail, func(n *Request) { n.Provisioning = e.now() })
	if errors.Is(err, ErrWrongState) {
		// Another engine claimed it, or it moved on: theirs to finish.
		if cur, gerr := e.o.Store.Get(ctx, r.ID); gerr == nil {
			return cur, nil
		}
	}
	if err != nil {
		return r, err
	}
	conn, err := e.provision(ctx, r)
	if err != nil {
		e.step(ctx, r, StepStepFailed, err.Error())
		failed, ferr := e.move(ctx, r, ActionFail, SystemActor, "", err.Error(), func(n *Request) { n.Failure = err.Error() })
		if ferr != nil {
			return e.lostActivation(ctx, r, errors.Join(err, ferr))
		}
		e.notify(ctx, NoticeFailed, failed)
		if _, cerr := e.cleanup(ctx, failed); cerr != nil {
			return failed, errors.Join(err, cerr)
		}
		cur, _ := e.o.Store.Get(ctx, r.ID)
		return cur, err
	}
	active, err := e.move(ctx, r, ActionActivate, SystemActor, "", "user "+r.User+" created", func(n *Request) { n.Connection = conn })
	if err != nil {
		return e.lostActivation(ctx, r, err)
	}
	e.notify(ctx, NoticeApproved, active)
	return active, nil
}

// provision stores a new password in the grant's secret, then creates the
// user with it (the secret always holds the password last set, or one
// about to be set), then opens the network path when there is a Network.
func (e *Engine) provision(ctx context.Context, r Request) (Connection, error) {
	if err := e.provisionUser(ctx, r); err != nil {
		return Connection{}, err
	}
	if e.o.Network == nil {
		return Connection{}, nil
	}
	conn, err := e.o.Network.Open(ctx, r)
	if err != nil {
		return Connection{}, fmt.Errorf("opening the path to %s: %w", r.Cluster, err)
	}
	e.step(ctx, r, StepNetworkOpen, "host "+conn.Host+" in "+conn.Region)
	return conn, nil
}

// provisionUser stores the secret and creates the database user.
func (e *Engine) provisionUser(ctx context.Context, r Request) error {
	privs, ok := e.o.Policy.Privileges(r.Cluster, r.Level)
	if !ok {
		return fmt.Errorf("cluster %s level %s is no longer configured", r.Cluster, r.Level)
	}
	password, err := NewPassword()
	if err != nil {
		return err
	}
	tags := map[string]string{
		"bastion:requester": r.Requester, "bastion:cluster": r.Cluster, "bastion:grant-id": r.ID,
		"bastion:db-user": r.User, "bastion:expires": r.End().Format(time.RFC3339),
	}
	arn, err := e.o.Secrets.Put(ctx, r.SecretName, []byte(password), tags)
	if err != nil {
		return fmt.Errorf("storing the secret %s: %w", r.SecretName, err)
	}
	e.step(ctx, r, StepSecretPut, arn)
	if err := e.o.Database.Provision(ctx, r.Cluster, r.User, password, privs); err != nil {
		return fmt.Errorf("creating user %s on %s: %w", r.User, r.Cluster, err)
	}
	e.step(ctx, r, StepProvision, fmt.Sprintf("user %s, %s", r.User, r.Level))
	return nil
}

// lostActivation handles a provisioning whose final transition failed:
// when the grant has ended or is being revoked, whatever this provisioning
// created may have outlived the revocation's cleanup, so it is cleaned up
// again; otherwise (another engine activated it) there is nothing to do.
func (e *Engine) lostActivation(ctx context.Context, r Request, cause error) (Request, error) {
	cur, err := e.o.Store.Get(ctx, r.ID)
	if err != nil {
		return r, errors.Join(cause, err)
	}
	switch cur.State {
	case StateRevoking, StateRevoked, StateFailed:
		e.step(ctx, cur, StepLostActivation, "the grant was "+string(cur.State)+" during provisioning; cleaning up again")
		kept, err := e.revocationSteps(ctx, cur)
		if err != nil {
			return cur, err
		}
		if cur.State == StateRevoking {
			return e.finish(ctx, cur, kept)
		}
		return cur, nil
	}
	return cur, cause
}

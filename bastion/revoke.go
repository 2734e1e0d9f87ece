package bastion

import (
	"context"
	"fmt"
)

// cleanup runs the revocation steps of the grant r, which is revoking,
// and finishes it (revoked, or failed after a failed provisioning). Every
// step is idempotent and audited; when one fails the grant stays revoking
// and the next sweep runs them all again.
func (e *Engine) cleanup(ctx context.Context, r Request) (Request, error) {
	if err := e.revocationSteps(ctx, r); err != nil {
		return r, err
	}
	return e.finish(ctx, r)
}

// finish moves the cleaned-up grant r to its final state. Another engine
// having finished it first is success.
func (e *Engine) finish(ctx context.Context, r Request) (Request, error) {
	done, err := e.move(ctx, r, ActionFinish, SystemActor, "", "no account and no session left", nil)
	if err != nil {
		cur, gerr := e.o.Store.Get(ctx, r.ID)
		if gerr == nil && (cur.State == StateRevoked || cur.State == StateFailed) {
			return cur, nil
		}
		return r, err
	}
	return done, nil
}

// revocationSteps locks the user, kills its sessions on every instance,
// drops it, verifies nothing is left, and deletes its secret.
func (e *Engine) revocationSteps(ctx context.Context, r Request) error {
	fail := func(step string, err error) error {
		err = fmt.Errorf("revoking %s on %s (%s): %w", r.User, r.Cluster, step, err)
		e.step(ctx, r, StepStepFailed, err.Error())
		return err
	}
	db := e.o.Database
	if err := db.Lock(ctx, r.Cluster, r.User); err != nil {
		return fail(StepLock, err)
	}
	e.step(ctx, r, StepLock, "account locked")
	killed, err := db.Kill(ctx, r.Cluster, r.User)
	if err != nil {
		return fail(StepKill, err)
	}
	e.step(ctx, r, StepKill, fmt.Sprintf("killed %d sessions", killed))
	if err := db.Drop(ctx, r.Cluster, r.User); err != nil {
		return fail(StepDrop, err)
	}
	e.step(ctx, r, StepDrop, "user dropped")
	exists, sessions, err := db.Verify(ctx, r.Cluster, r.User)
	if err != nil {
		return fail(StepVerify, err)
	}
	if exists || sessions > 0 {
		return fail(StepVerify, fmt.Errorf("still there: account exists %v, %d sessions", exists, sessions))
	}
	e.step(ctx, r, StepVerify, "no account, no session")
	if err := e.o.Secrets.Delete(ctx, r.SecretName); err != nil {
		return fail(StepSecretDelete, err)
	}
	e.step(ctx, r, StepSecretDelete, "secret "+r.SecretName+" deleted")
	return nil
}

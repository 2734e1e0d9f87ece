package bastion

import (
	"context"
	"errors"
	"fmt"
)

// cleanup runs the revocation steps of the grant r, which is revoking,
// and finishes it (revoked, or failed after a failed provisioning). Every
// step is idempotent and audited; when one fails the grant stays revoking
// and the next sweep runs them all again.
func (e *Engine) cleanup(ctx context.Context, r Request) (Request, error) {
	kept, err := e.revocationSteps(ctx, r)
	if err != nil {
		return r, err
	}
	return e.finish(ctx, r, kept)
}

// finish moves the cleaned-up grant r to its final state; kept, when not
// empty, says why its account was kept locked instead of dropped (see
// KeptLocked). Another engine having finished it first is success.
func (e *Engine) finish(ctx context.Context, r Request, kept string) (Request, error) {
	detail, change := "no account and no session left", func(*Request) {}
	if kept != "" {
		detail = "no session left; the account is kept locked: " + kept
		change = func(n *Request) { n.KeptLocked = kept }
	}
	done, err := e.move(ctx, r, ActionFinish, SystemActor, "", detail, change)
	if err != nil {
		cur, gerr := e.o.Store.Get(ctx, r.ID)
		if gerr == nil && (cur.State == StateRevoked || cur.State == StateFailed) {
			return cur, nil
		}
		return r, err
	}
	if done.State == StateRevoked {
		e.notify(ctx, NoticeRevoked, done)
	}
	return done, nil
}

// KeptLocked is how the database side says that Drop could not drop an
// account but left it locked and unusable (dbuser.DefinerError: the user
// is the DEFINER of stored objects, MySQL error 4006). The engine then
// ends the revocation as revoked with the account kept locked: no session
// may be left, the account may remain, and Request.KeptLocked says why.
type KeptLocked interface {
	error
	KeptLocked() bool
}

// keptLocked returns the KeptLocked error in err's chain, or nil.
func keptLocked(err error) KeptLocked {
	var k KeptLocked
	if errors.As(err, &k) && k.KeptLocked() {
		return k
	}
	return nil
}

// revocationSteps locks the user, kills its sessions on every instance,
// drops it, verifies nothing is left, deletes its secret, closes its
// network path and clears its timers. It returns
// why the account was kept locked ("" when it was dropped).
func (e *Engine) revocationSteps(ctx context.Context, r Request) (kept string, err error) {
	fail := func(step string, err error) (string, error) {
		err = fmt.Errorf("revoking %s on %s (%s): %w", r.User, r.Cluster, step, err)
		e.step(ctx, r, StepStepFailed, err.Error())
		return "", err
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
		k := keptLocked(err)
		if k == nil {
			return fail(StepDrop, err)
		}
		kept = k.Error()
		e.step(ctx, r, StepKeptLocked, kept)
	} else {
		e.step(ctx, r, StepDrop, "user dropped")
	}
	exists, sessions, err := db.Verify(ctx, r.Cluster, r.User)
	if err != nil {
		return fail(StepVerify, err)
	}
	switch {
	case sessions > 0 || (exists && kept == ""):
		return fail(StepVerify, fmt.Errorf("still there: account exists %v, %d sessions", exists, sessions))
	case kept != "":
		e.step(ctx, r, StepVerify, fmt.Sprintf("no session; the account is kept locked (exists: %v)", exists))
	default:
		e.step(ctx, r, StepVerify, "no account, no session")
	}
	if err := e.o.Secrets.Delete(ctx, r.SecretName); err != nil {
		return fail(StepSecretDelete, err)
	}
	e.step(ctx, r, StepSecretDelete, "secret "+r.SecretName+" deleted")
	if e.o.Network != nil {
		if err := e.o.Network.Close(ctx, r); err != nil {
			return fail(StepNetworkClose, err)
		}
		e.step(ctx, r, StepNetworkClose, "path closed")
	}
	e.clearTimers(ctx, r)
	return kept, nil
}

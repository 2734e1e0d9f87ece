package bastion

import (
	"fmt"
	"strings"
)

// Approvers answers, at the time of the action, whether user may approve
// grants on cluster. The configuration implements it (users and groups
// per cluster); the engine asks it on every approve, deny and revoke, so
// a removed approver loses the right at once.
type Approvers interface {
	IsApprover(cluster, user string) bool
}

// systemPrefix marks engine actors; no person may act under such a name.
const systemPrefix = "system:"

// validActor checks a person's name given to the engine.
func validActor(actor string) error {
	switch {
	case strings.TrimSpace(actor) == "":
		return fmt.Errorf("%w: no actor (who is acting?)", ErrInvalid)
	case strings.HasPrefix(actor, systemPrefix):
		return fmt.Errorf("%w: actor %q: names starting with %q are the engine's own", ErrInvalid, actor, systemPrefix)
	}
	return nil
}

// Authorize says whether actor may take action on r: approve and deny
// only by an approver for r's cluster who is not the requester; cancel
// only by the requester; revoke by the requester, an approver for the
// cluster, or the sweep; the engine's own actions (expire, provision, activate,
// warn, fail, finish) only by SystemActor. Refusals are ErrNotAllowed.
func Authorize(action Action, actor string, r Request, approvers Approvers) error {
	no := func(why string) error {
		return fmt.Errorf("%w: %s may not %s request %s: %s", ErrNotAllowed, actor, action, r.ID, why)
	}
	system := actor == SystemActor
	switch action {
	case ActionApprove, ActionDeny:
		switch {
		case system:
			return no("only a person approves or denies")
		case actor == r.Requester:
			return no("nobody approves or denies their own request")
		case !approvers.IsApprover(r.Cluster, actor):
			return no("not an approver for cluster " + r.Cluster)
		}
		return nil
	case ActionCancel:
		if actor != r.Requester {
			return no("only the requester cancels a request")
		}
		return nil
	case ActionRevoke:
		if system || actor == r.Requester || approvers.IsApprover(r.Cluster, actor) {
			return nil
		}
		return no("only the requester or an approver for cluster " + r.Cluster + " revokes")
	case ActionExpire, ActionProvision, ActionActivate, ActionWarn, ActionFail, ActionFinish:
		if system {
			return nil
		}
		return no("only the engine does that")
	}
	return no("unknown action")
}

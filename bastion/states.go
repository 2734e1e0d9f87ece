package bastion

// State is where a request is in its lifecycle.
type State string

// The states. Terminal states (denied, cancelled, expired, revoked, failed)
// have no way out; revoking is the recorded "cleanup under way" state that
// makes revocation crash-safe: a sweep finishes every grant it finds there.
const (
	StateRequested State = "requested" // waiting for an approver
	StateApproved  State = "approved"  // approved, its start not yet come (or provisioning under way)
	StateActive    State = "active"    // the database user exists and may log in
	StateWarned    State = "warned"    // active, and the expiry warning was given
	StateRevoking  State = "revoking"  // cleanup under way: lock, kill, drop, verify, delete secret
	StateRevoked   State = "revoked"   // cleaned up after being approved
	StateDenied    State = "denied"    // an approver said no
	StateCancelled State = "cancelled" // the requester withdrew it before approval
	StateExpired   State = "expired"   // nobody approved it in time
	StateFailed    State = "failed"    // provisioning failed; cleaned up like a revocation
)

// States lists every state in lifecycle order.
func States() []State {
	return []State{StateRequested, StateApproved, StateActive, StateWarned, StateRevoking,
		StateRevoked, StateDenied, StateCancelled, StateExpired, StateFailed}
}

// Terminal reports whether s has no transition out.
func (s State) Terminal() bool {
	for _, t := range Transitions() {
		if t.From == s {
			return false
		}
	}
	return true
}

// Action is what moves a request from one state to another.
type Action string

// The actions.
const (
	ActionRequest   Action = "request"   // creates a request (no from-state)
	ActionApprove   Action = "approve"   // an approver for the cluster, not the requester
	ActionDeny      Action = "deny"      // an approver for the cluster, not the requester
	ActionCancel    Action = "cancel"    // the requester, before approval
	ActionExpire    Action = "expire"    // the sweep: unapproved past start + approval window
	ActionProvision Action = "provision" // the engine: claims an approved grant to create its user and secret
	ActionActivate  Action = "activate"  // the engine: the user and its secret exist
	ActionWarn      Action = "warn"      // the sweep: expiry is near
	ActionRevoke    Action = "revoke"    // the requester, an approver, or the sweep at expiry
	ActionFail      Action = "fail"      // the engine: provisioning failed; cleanup follows
	ActionFinish    Action = "finish"    // the engine: cleanup verified (→ revoked, or failed after fail)
)

// Transition is one allowed move: Action takes a request in From to To.
type Transition struct {
	From   State
	Action Action
	To     State
}

// Transitions is the state machine as data: every allowed move, and no
// other. Finish goes to revoked, or to failed when the cleanup followed a
// fail (see Request.Failure); both rows are listed.
func Transitions() []Transition {
	return []Transition{
		{StateRequested, ActionApprove, StateApproved},
		{StateRequested, ActionDeny, StateDenied},
		{StateRequested, ActionCancel, StateCancelled},
		{StateRequested, ActionExpire, StateExpired},
		{StateApproved, ActionProvision, StateApproved},
		{StateApproved, ActionActivate, StateActive},
		{StateApproved, ActionRevoke, StateRevoking},
		{StateApproved, ActionFail, StateRevoking},
		{StateActive, ActionWarn, StateWarned},
		{StateActive, ActionRevoke, StateRevoking},
		{StateWarned, ActionRevoke, StateRevoking},
		{StateRevoking, ActionFinish, StateRevoked},
		{StateRevoking, ActionFinish, StateFailed},
	}
}

// next returns the state action takes a request in from to, given whether
// the request carries a failure (which decides where finish goes).
func next(from State, action Action, failed bool) (State, bool) {
	for _, t := range Transitions() {
		if t.From != from || t.Action != action {
			continue
		}
		if action == ActionFinish && (t.To == StateFailed) != failed {
			continue
		}
		return t.To, true
	}
	return "", false
}

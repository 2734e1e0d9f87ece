package bastion

import "time"

// SystemActor is the actor of what the engine does on its own (the sweep).
const SystemActor = "system:sweep"

// Event is one append-only audit record: who did what, when, why, and the
// transition it made (From and To empty for a step that changes no state,
// such as a revocation step). An event never holds a password.
type Event struct {
	RequestID string `json:"request_id"`
	// Version is the request's version the event belongs to: a
	// transition's new version, or for a step the version it ran at.
	// Events are ordered by version, then time.
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Reason  string    `json:"reason,omitempty"`
	From    State     `json:"from,omitempty"`
	To      State     `json:"to,omitempty"`
	// Detail is what a step found or did ("killed 2 sessions"), or the
	// error it met.
	Detail string `json:"detail,omitempty"`
}

// The step names of events that change no state.
const (
	StepSecretPut      = "secret-put"
	StepProvision      = "provision"
	StepRefused        = "refused" // a person's action was not allowed (detail: the action and why); nothing changed
	StepNotify         = "notify"  // the Notifier was told (detail: the notice kind and its outcome)
	StepLock           = "lock"
	StepKill           = "kill"
	StepDrop           = "drop"
	StepKeptLocked     = "kept-locked" // Drop could not drop the account (DEFINER of objects); it stays locked
	StepVerify         = "verify"
	StepSecretDelete   = "secret-delete"
	StepNetworkOpen    = "network-open"  // the path to the cluster is ready (Request.Connection)
	StepNetworkClose   = "network-close" // the grant's host terminated, or the warm host released
	StepTimersSet      = "timers-set"
	StepTimersClear    = "timers-clear"
	StepStepFailed     = "step-failed"
	StepLostActivation = "lost-activation" // provisioned, but the grant had moved on: cleaned up
)

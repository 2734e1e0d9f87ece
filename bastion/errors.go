package bastion

import (
	"errors"
	"fmt"
	"time"
)

// The kinds of error the engine returns; test with errors.Is. Front ends
// map ErrInvalid to a usage error, ErrNotAllowed and ErrWrongState to
// "refused", ErrNotFound to "refused" too.
var (
	ErrInvalid    = errors.New("invalid request")
	ErrNotAllowed = errors.New("not allowed")
	ErrWrongState = errors.New("wrong state")
	ErrNotFound   = errors.New("no such request")
)

// StateError says a request was not in the state an action needs: it was
// moved by someone else first (a second approver, a double click, a retry)
// or never was. It is an ErrWrongState.
type StateError struct {
	ID     string
	Action Action
	State  State     // the state the request is in now
	By     string    // who moved it there
	At     time.Time // when
	// ApprovedBy is who approved it, when it was approved.
	ApprovedBy string
}

func (e *StateError) Error() string {
	by, at := e.By, e.At
	if e.State == StateApproved && e.ApprovedBy != "" {
		by, at = e.ApprovedBy, time.Time{} // the engine's provisioning claim changes an approved request too
	}
	msg := fmt.Sprintf("cannot %s request %s: it is %s", e.Action, e.ID, e.State)
	if by != "" {
		msg = fmt.Sprintf("cannot %s request %s: already %s by %s", e.Action, e.ID, e.State, by)
		if !at.IsZero() {
			msg += " at " + at.UTC().Format(time.RFC3339)
		}
	}
	if e.ApprovedBy != "" && e.State != StateApproved {
		msg += " (approved by " + e.ApprovedBy + ")"
	}
	return msg
}

// Is makes a StateError an ErrWrongState.
func (e *StateError) Is(target error) bool { return target == ErrWrongState }

// NewStateError is the StateError of action refused on r as it is.
func NewStateError(r Request, action Action) *StateError {
	se := &StateError{ID: r.ID, Action: action, State: r.State, By: r.ChangedBy, At: r.Changed}
	if r.State == StateApproved || r.State == StateActive || r.State == StateWarned {
		se.ApprovedBy = r.ApprovedBy
	}
	return se
}

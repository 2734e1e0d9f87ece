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
}

func (e *StateError) Error() string {
	msg := fmt.Sprintf("cannot %s request %s: it is %s", e.Action, e.ID, e.State)
	if e.By != "" {
		msg = fmt.Sprintf("cannot %s request %s: already %s by %s", e.Action, e.ID, e.State, e.By)
		if !e.At.IsZero() {
			msg += " at " + e.At.UTC().Format(time.RFC3339)
		}
	}
	return msg
}

// Is makes a StateError an ErrWrongState.
func (e *StateError) Is(target error) bool { return target == ErrWrongState }

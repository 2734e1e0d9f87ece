package bastion

import "context"

// Store keeps requests and their audit events. Package bastion/store
// implements it on DynamoDB. Every write is conditional, so concurrent
// actors cannot both move one request.
type Store interface {
	// Create stores a new request and its creation event; an existing id
	// is an error.
	Create(ctx context.Context, r Request, ev Event) error
	// Transition replaces the stored request, which must still be in
	// state from at version r.Version-1, by r, and appends ev, in one
	// atomic write. When the stored request has moved on it returns a
	// *StateError naming its state now and who moved it there.
	Transition(ctx context.Context, from State, r Request, ev Event) error
	// Get returns the request id (ErrNotFound when there is none).
	Get(ctx context.Context, id string) (Request, error)
	// List returns every request in one of states (all when none given),
	// ordered by creation time, then id.
	List(ctx context.Context, states ...State) ([]Request, error)
	// Append adds an event that changes no state (a revocation step).
	Append(ctx context.Context, ev Event) error
	// Audit returns the events of request id in the order they happened.
	Audit(ctx context.Context, id string) ([]Event, error)
}

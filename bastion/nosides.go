package bastion

import (
	"context"
	"errors"
)

// ErrNoSides is the error of a step that needs the database or secrets
// side when the engine was built without it.
var ErrNoSides = errors.New("the database and secrets sides are not configured in this engine")

// noSides stands in for a Database and Secrets the engine was not given:
// every call fails with ErrNoSides, so nothing is pretended done.
type noSides struct{}

func (noSides) Provision(context.Context, string, string, string, Privileges) error {
	return ErrNoSides
}
func (noSides) Lock(context.Context, string, string) error        { return ErrNoSides }
func (noSides) Kill(context.Context, string, string) (int, error) { return 0, ErrNoSides }
func (noSides) Drop(context.Context, string, string) error        { return ErrNoSides }
func (noSides) Verify(context.Context, string, string) (bool, int, error) {
	return false, 0, ErrNoSides
}
func (noSides) Put(context.Context, string, []byte, map[string]string) (string, error) {
	return "", ErrNoSides
}
func (noSides) Delete(context.Context, string) error { return ErrNoSides }

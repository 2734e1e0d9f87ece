//go:build !unix

package sitedir

import (
	"errors"
	"os"
)

// errWouldBlock is never returned: without flock(2), locks always
// succeed (renders and publishes are not kept apart on such systems).
var errWouldBlock = errors.New("would block")

func flock(*os.File, bool) error { return nil }

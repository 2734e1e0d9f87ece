//go:build unix

package sitedir

import (
	"errors"
	"os"
	"syscall"
)

// errWouldBlock is the error of a lock another process holds.
var errWouldBlock = syscall.EWOULDBLOCK

// flock takes an flock(2) on f without waiting; the kernel drops it when
// the descriptor is closed or the process dies.
func flock(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

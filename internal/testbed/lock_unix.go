//go:build unix

package testbed

import (
	"os"
	"syscall"
)

// haveFlock says owner locks work, so stale directories can be recognised.
const haveFlock = true

// tryLock takes an exclusive flock on f without waiting; the kernel drops it
// when the process dies.
func tryLock(f *os.File) bool {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

//go:build !unix

package testbed

import "os"

// haveFlock is false here: owner locks are not taken and stale directories
// are never swept.
const haveFlock = false

func tryLock(*os.File) bool { return false }

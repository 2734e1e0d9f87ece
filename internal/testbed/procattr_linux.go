package testbed

import "syscall"

// serverProcAttr makes the kernel SIGKILL mariadbd if the test binary dies
// without running its cleanups (go test timeout, SIGKILL), so no orphaned
// servers are left behind.
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

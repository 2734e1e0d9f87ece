//go:build !linux

package testbed

import "syscall"

// serverProcAttr has no parent-death signal outside Linux; cleanups stop the
// server instead.
func serverProcAttr() *syscall.SysProcAttr { return nil }

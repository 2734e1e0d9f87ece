package testbed

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const (
	dirPrefix = "auroradoc-mariadb-" // under os.TempDir()
	lockName  = "owner.lock"         // flock'ed by the owning test process
	staleAge  = time.Minute          // younger dirs may still be setting up
)

// workDir is one instance's temporary directory, locked by this process for
// as long as it is in use.
type workDir struct {
	path string
	lock *os.File
}

// newWorkDir creates a fresh directory and takes its owner lock. The lock
// dies with the process, which is how sweepStaleDirs recognises directories
// whose test binary was killed before its cleanups ran.
func newWorkDir() (*workDir, error) {
	path, err := os.MkdirTemp("", dirPrefix)
	if err != nil {
		return nil, fmt.Errorf("creating a temporary directory for mariadbd: %w", err)
	}
	f, err := os.Create(filepath.Join(path, lockName))
	if err != nil {
		_ = os.RemoveAll(path)
		return nil, fmt.Errorf("creating owner lock in %s: %w", path, err)
	}
	if haveFlock && !tryLock(f) {
		f.Close()
		_ = os.RemoveAll(path)
		return nil, fmt.Errorf("locking %s: lock unavailable", f.Name())
	}
	return &workDir{path: path, lock: f}, nil
}

// remove deletes the directory and releases the lock.
func (w *workDir) remove() error {
	err := os.RemoveAll(w.path)
	w.lock.Close()
	if err != nil {
		return fmt.Errorf("removing %s: %w", w.path, err)
	}
	return nil
}

// sweepStaleDirs removes test-bed directories left behind by test processes
// that died without running their cleanups (go test timeout, SIGKILL). Their
// servers are already gone: they got SIGKILL when their parent died. It is
// best effort; anything it cannot settle it leaves alone.
func sweepStaleDirs() {
	if !haveFlock {
		return
	}
	entries, err := os.ReadDir(os.TempDir())
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), dirPrefix) {
			continue
		}
		dir := filepath.Join(os.TempDir(), e.Name())
		lockPath := filepath.Join(dir, lockName)
		fi, err := os.Stat(lockPath)
		if err != nil || time.Since(fi.ModTime()) < staleAge {
			continue
		}
		f, err := os.Open(lockPath)
		if err != nil {
			continue
		}
		if tryLock(f) {
			_ = os.RemoveAll(dir)
		}
		f.Close()
	}
}

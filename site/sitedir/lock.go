package sitedir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// LockFile is the lock of a site directory, next to the marker. A render
// holds it exclusively for its whole run and records itself in it (see
// Holder); a publish holds it shared while it reads the files. The lock
// is flock(2): the kernel releases it when the process dies, so a killed
// render never leaves the directory locked.
const LockFile = ".auroradoc-site.lock"

// ErrBusy is wrapped by the error of a lock that another process holds.
var ErrBusy = errors.New("site directory in use")

// Holder is what an exclusive holder records in the lock file, so that the
// error of whoever waits says who holds the directory and since when.
type Holder struct {
	Op    string    `json:"op"` // "render"
	Set   string    `json:"set,omitempty"`
	PID   int       `json:"pid"`
	Host  string    `json:"host"`
	Since time.Time `json:"since"`
}

func (h Holder) String() string {
	s := fmt.Sprintf("auroradoc %s (pid %d on %s, since %s", h.Op, h.PID, h.Host, h.Since.UTC().Format(time.RFC3339))
	if h.Set != "" {
		s += ", set " + h.Set
	}
	return s + ")"
}

// Lock is a held lock of a site directory.
type Lock struct {
	f         *os.File
	exclusive bool
}

// LockExclusive locks dir (which must exist) for a render of set, without
// waiting: when another render or a publish holds it, the error (wrapping
// ErrBusy) says who and since when.
func LockExclusive(dir, op, set string) (*Lock, error) {
	p := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking site directory %s: %w", dir, err)
	}
	if err := flock(f, true); err != nil {
		defer f.Close()
		return nil, busy(dir, f, err)
	}
	host, _ := os.Hostname()
	h := Holder{Op: op, Set: set, PID: os.Getpid(), Host: host, Since: time.Now().UTC()}
	b, _ := json.Marshal(h)
	if err := writeHolder(f, append(b, '\n')); err != nil {
		f.Close() // releases the lock
		return nil, fmt.Errorf("locking site directory %s: recording the holder in %s: %w", dir, p, err)
	}
	return &Lock{f: f, exclusive: true}, nil
}

// LockShared locks dir for reading (a publish), without waiting: any
// number of readers share it, but not with a render; when a render holds
// it, the error (wrapping ErrBusy) says which and since when.
func LockShared(dir string) (*Lock, error) {
	p := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	writable := err == nil
	if errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS) {
		// A read-only copy or mount of a site: its lock file came with
		// it, or — a site rendered before there were locks — there is
		// none, and nothing can render into a read-only directory anyway.
		f, err = os.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			return &Lock{}, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("locking site directory %s: %w", dir, err)
	}
	if err := flock(f, false); err != nil {
		defer f.Close()
		return nil, busy(dir, f, err)
	}
	if writable {
		// No render holds the lock, so a holder still recorded is one that
		// died: forget it.
		if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
			f.Truncate(0)
		}
	}
	return &Lock{f: f}, nil
}

// Release unlocks. An exclusive holder first clears its record.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	if l.exclusive {
		l.f.Truncate(0)
	}
	err := l.f.Close() // closing the only descriptor releases the flock
	l.f = nil
	return err
}

func writeHolder(f *os.File, b []byte) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt(b, 0)
	return err
}

// busy is the error for a lock that could not be taken: it names the
// holder recorded in the lock file, if any.
func busy(dir string, f *os.File, err error) error {
	p := filepath.Join(dir, LockFile)
	if !errors.Is(err, errWouldBlock) {
		return fmt.Errorf("locking site directory %s (%s): %w", dir, p, err)
	}
	b := make([]byte, 4096)
	n, _ := f.ReadAt(b, 0)
	var h Holder
	if n > 0 && json.Unmarshal(b[:n], &h) == nil && h.PID != 0 {
		return fmt.Errorf("%w: %s is locked by %s (lock file %s); wait for it to finish or use another directory", ErrBusy, dir, h, p)
	}
	return fmt.Errorf("%w: %s is locked by another auroradoc process (a publish reading it, or a render that is starting) (lock file %s); wait for it to finish or use another directory", ErrBusy, dir, p)
}

package devpage

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/atomicfile"
)

// FileSecrets keeps each grant's password in a 0600 file under Dir, for
// dev mode; Put returns a file: URL as the "ARN".
type FileSecrets struct{ Dir string }

var _ bastion.Secrets = FileSecrets{}

// Path is the file of the secret name.
func (s FileSecrets) Path(name string) string {
	return filepath.Join(s.Dir, strings.NewReplacer("/", "_", "\\", "_", "..", "_").Replace(name))
}

func (s FileSecrets) Put(_ context.Context, name string, value []byte, _ map[string]string) (string, error) {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the dev secrets directory: %w", err)
	}
	p := s.Path(name)
	if err := atomicfile.WriteFile(p, value, 0o600); err != nil {
		return "", fmt.Errorf("writing dev secret %s: %w", name, err)
	}
	return "file://" + p, nil
}

func (s FileSecrets) Delete(_ context.Context, name string) error {
	if err := os.Remove(s.Path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("deleting dev secret %s: %w", name, err)
	}
	return nil
}

// Notice is one notice the engine gave.
type Notice struct {
	At   time.Time
	Kind bastion.NoticeKind
	ID   string
	To   string // who is told: the requester, or "approvers"
}

// Notices is the dev Notifier: it keeps the last notices for the page.
type Notices struct {
	mu   sync.Mutex
	list []Notice
}

var _ bastion.Notifier = (*Notices)(nil)

// keep bounds the notices kept.
const keep = 50

func (n *Notices) Notify(_ context.Context, kind bastion.NoticeKind, r bastion.Request) error {
	to := r.Requester
	if kind == bastion.NoticeRequested {
		to = "approvers of " + r.Cluster
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.list = append(n.list, Notice{At: time.Now().UTC(), Kind: kind, ID: r.ID, To: to})
	if len(n.list) > keep {
		n.list = n.list[len(n.list)-keep:]
	}
	return nil
}

// Recent returns the notices, newest first.
func (n *Notices) Recent() []Notice {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]Notice, len(n.list))
	for i, x := range n.list {
		out[len(out)-1-i] = x
	}
	return out
}

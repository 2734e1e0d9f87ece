// Package bastiontest holds in-memory test doubles of the access engine's
// ports (bastion.Database, bastion.Secrets, bastion.Notifier), a settable Clock and crash
// injection, for the pure-logic tests of the engine and the CLI. They are
// not a database: the real sides are tested on MariaDB and the Secrets
// Manager fake in their own packages.
package bastiontest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

// The fakes below are pure-logic test doubles of the engine's ports (the
// real database and secrets sides are tested on MariaDB and the Secrets
// Manager fake in their own packages). They record what exists, and can
// "crash" the engine at a named point: crash cancels the engine's context
// right after (or before) a step, so nothing after it is recorded, as if
// the process had been killed there.

// Crasher injects one crash: at "after:<step>" or "before:<step>".
type Crasher struct {
	mu     sync.Mutex
	at     string
	cancel context.CancelFunc
	hit    bool
}

func (c *Crasher) Arm(at string, cancel context.CancelFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at, c.cancel, c.hit = at, cancel, false
}

// check crashes when point is the armed one.
func (c *Crasher) check(ctx context.Context, point string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at != "" && c.at == point && !c.hit {
		c.hit = true
		c.cancel()
		return fmt.Errorf("crash injected at %s: %w", point, context.Canceled)
	}
	return ctx.Err()
}

type account struct {
	password string
	privs    bastion.Privileges
	locked   bool
}

type Database struct {
	crash *Crasher
	mu    sync.Mutex
	users map[string]*account // cluster/user
	// sessions per cluster/user per instance (writer, reader).
	sessions   map[string][2]int
	provisions int
	// DuringProvision runs inside Provision before the user is created.
	DuringProvision func()
	// FailProvision, when set, is Provision's error.
	FailProvision error
	// Definers are users Drop cannot drop, as if they were the DEFINER
	// of stored objects (MySQL error 4006): Drop keeps the account,
	// locked, and returns a *DefinerError, as dbuser's does.
	Definers map[string]bool
}

// DefinerError is the double's dbuser.DefinerError: the account was kept
// locked instead of dropped.
type DefinerError struct{ User string }

func (e *DefinerError) Error() string {
	return "user " + e.User + " is the DEFINER of stored objects and cannot be dropped; it is kept locked"
}

// KeptLocked marks the error as bastion.KeptLocked.
func (e *DefinerError) KeptLocked() bool { return true }

func NewDatabase(c *Crasher) *Database {
	return &Database{crash: c, users: map[string]*account{}, sessions: map[string][2]int{}}
}

func (d *Database) step(ctx context.Context, name string, do func() error) error {
	if err := d.crash.check(ctx, "before:"+name); err != nil {
		return err
	}
	if err := do(); err != nil {
		return err
	}
	return d.crash.check(ctx, "after:"+name)
}

// Provisions counts Provision calls.
func (d *Database) Provisions() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.provisions
}

func (d *Database) Provision(ctx context.Context, cluster, user, password string, p bastion.Privileges) error {
	if d.DuringProvision != nil {
		d.DuringProvision()
	}
	return d.step(ctx, "provision", func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.provisions++
		if d.FailProvision != nil {
			return d.FailProvision
		}
		d.users[cluster+"/"+user] = &account{password: password, privs: p}
		return nil
	})
}

func (d *Database) Lock(ctx context.Context, cluster, user string) error {
	return d.step(ctx, "lock", func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		if u := d.users[cluster+"/"+user]; u != nil {
			u.locked = true
		}
		return nil
	})
}

func (d *Database) Kill(ctx context.Context, cluster, user string) (int, error) {
	var n int
	err := d.step(ctx, "kill", func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		s := d.sessions[cluster+"/"+user]
		n = s[0] + s[1]
		delete(d.sessions, cluster+"/"+user)
		return nil
	})
	return n, err
}

func (d *Database) Drop(ctx context.Context, cluster, user string) error {
	return d.step(ctx, "drop", func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		if u := d.users[cluster+"/"+user]; u != nil && d.Definers[user] {
			u.locked = true
			return &DefinerError{User: user}
		}
		delete(d.users, cluster+"/"+user)
		return nil
	})
}

func (d *Database) Verify(ctx context.Context, cluster, user string) (bool, int, error) {
	var exists bool
	var n int
	err := d.step(ctx, "verify", func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		exists = d.users[cluster+"/"+user] != nil
		s := d.sessions[cluster+"/"+user]
		n = s[0] + s[1]
		return nil
	})
	return exists, n, err
}

// login opens a session on instance (0 writer, 1 reader) as a client
// would: refused for a missing or locked user or a wrong password.
func (d *Database) Login(cluster, user, password string, instance int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.users[cluster+"/"+user]
	switch {
	case u == nil:
		return errors.New("no such user")
	case u.locked:
		return errors.New("account locked")
	case u.password != password:
		return errors.New("wrong password")
	}
	s := d.sessions[cluster+"/"+user]
	s[instance]++
	d.sessions[cluster+"/"+user] = s
	return nil
}

func (d *Database) State(cluster, user string) (exists bool, sessions int, password string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.users[cluster+"/"+user]
	s := d.sessions[cluster+"/"+user]
	if u != nil {
		password = u.password
	}
	return u != nil, s[0] + s[1], password
}

func (d *Database) UserCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.users)
}

type Secret struct {
	Value []byte
	Tags  map[string]string
}

type Secrets struct {
	crash   *Crasher
	mu      sync.Mutex
	secrets map[string]Secret
}

// NewSecrets returns an empty secrets side that crashes where c says.
func NewSecrets(c *Crasher) *Secrets { return &Secrets{crash: c, secrets: map[string]Secret{}} }

func (s *Secrets) Put(ctx context.Context, name string, value []byte, tags map[string]string) (string, error) {
	if err := s.crash.check(ctx, "before:secret-put"); err != nil {
		return "", err
	}
	s.mu.Lock()
	s.secrets[name] = Secret{Value: append([]byte(nil), value...), Tags: tags}
	s.mu.Unlock()
	return "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name, s.crash.check(ctx, "after:secret-put")
}

func (s *Secrets) Delete(ctx context.Context, name string) error {
	if err := s.crash.check(ctx, "before:secret-delete"); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.secrets, name)
	s.mu.Unlock()
	return s.crash.check(ctx, "after:secret-delete")
}

func (s *Secrets) Get(name string) (Secret, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.secrets[name]
	return v, ok
}

// policy: approvers per cluster, every level on c1 and c2.
type Policy map[string][]string

func (p Policy) IsApprover(cluster, user string) bool {
	for _, a := range p[cluster] {
		if a == user {
			return true
		}
	}
	return false
}

func (p Policy) Privileges(cluster string, level bastion.Level) (bastion.Privileges, bool) {
	if _, ok := p[cluster]; !ok {
		return bastion.Privileges{}, false
	}
	return bastion.Privileges{Privileges: []string{"SELECT"}, Schemas: []string{"*"}}, true
}

// Clock is a settable test Clock that, like a real one, moves on: every
// reading is a millisecond after the one before.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Notice is one notice a Notifier was given.
type Notice struct {
	Kind    bastion.NoticeKind
	Request bastion.Request
}

// Notifier records the notices the engine gives; Fail, when it holds a
// kind, is that kind's error (the notice is not recorded).
type Notifier struct {
	mu      sync.Mutex
	notices []Notice
	Fail    map[bastion.NoticeKind]error
}

var _ bastion.Notifier = (*Notifier)(nil)

func (n *Notifier) Notify(_ context.Context, kind bastion.NoticeKind, r bastion.Request) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.Fail[kind]; err != nil {
		return err
	}
	n.notices = append(n.notices, Notice{Kind: kind, Request: r})
	return nil
}

// Kinds returns the kinds of the notices about request id, in order.
func (n *Notifier) Kinds(id string) []bastion.NoticeKind {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []bastion.NoticeKind
	for _, x := range n.notices {
		if x.Request.ID == id {
			out = append(out, x.Kind)
		}
	}
	return out
}

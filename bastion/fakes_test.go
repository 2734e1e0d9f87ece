package bastion_test

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

// crasher injects one crash: at "after:<step>" or "before:<step>".
type crasher struct {
	mu     sync.Mutex
	at     string
	cancel context.CancelFunc
	hit    bool
}

func (c *crasher) arm(at string, cancel context.CancelFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at, c.cancel, c.hit = at, cancel, false
}

// check crashes when point is the armed one.
func (c *crasher) check(ctx context.Context, point string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at != "" && c.at == point && !c.hit {
		c.hit = true
		c.cancel()
		return fmt.Errorf("crash injected at %s: %w", point, context.Canceled)
	}
	return ctx.Err()
}

type fakeUser struct {
	password string
	privs    bastion.Privileges
	locked   bool
}

type fakeDB struct {
	crash *crasher
	mu    sync.Mutex
	users map[string]*fakeUser // cluster/user
	// sessions per cluster/user per instance (writer, reader).
	sessions   map[string][2]int
	provisions int
	// duringProvision runs inside Provision before the user is created.
	duringProvision func()
	failProvision   error
}

func newFakeDB(c *crasher) *fakeDB {
	return &fakeDB{crash: c, users: map[string]*fakeUser{}, sessions: map[string][2]int{}}
}

func (d *fakeDB) step(ctx context.Context, name string, do func() error) error {
	if err := d.crash.check(ctx, "before:"+name); err != nil {
		return err
	}
	if err := do(); err != nil {
		return err
	}
	return d.crash.check(ctx, "after:"+name)
}

func (d *fakeDB) Provision(ctx context.Context, cluster, user, password string, p bastion.Privileges) error {
	if d.duringProvision != nil {
		d.duringProvision()
	}
	return d.step(ctx, "provision", func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.provisions++
		if d.failProvision != nil {
			return d.failProvision
		}
		d.users[cluster+"/"+user] = &fakeUser{password: password, privs: p}
		return nil
	})
}

func (d *fakeDB) Lock(ctx context.Context, cluster, user string) error {
	return d.step(ctx, "lock", func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		if u := d.users[cluster+"/"+user]; u != nil {
			u.locked = true
		}
		return nil
	})
}

func (d *fakeDB) Kill(ctx context.Context, cluster, user string) (int, error) {
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

func (d *fakeDB) Drop(ctx context.Context, cluster, user string) error {
	return d.step(ctx, "drop", func() error {
		d.mu.Lock()
		defer d.mu.Unlock()
		delete(d.users, cluster+"/"+user)
		return nil
	})
}

func (d *fakeDB) Verify(ctx context.Context, cluster, user string) (bool, int, error) {
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
func (d *fakeDB) login(cluster, user, password string, instance int) error {
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

func (d *fakeDB) state(cluster, user string) (exists bool, sessions int, password string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.users[cluster+"/"+user]
	s := d.sessions[cluster+"/"+user]
	if u != nil {
		password = u.password
	}
	return u != nil, s[0] + s[1], password
}

func (d *fakeDB) userCount() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.users)
}

type fakeSecret struct {
	value []byte
	tags  map[string]string
}

type fakeSecrets struct {
	crash   *crasher
	mu      sync.Mutex
	secrets map[string]fakeSecret
}

func (s *fakeSecrets) Put(ctx context.Context, name string, value []byte, tags map[string]string) (string, error) {
	if err := s.crash.check(ctx, "before:secret-put"); err != nil {
		return "", err
	}
	s.mu.Lock()
	s.secrets[name] = fakeSecret{value: append([]byte(nil), value...), tags: tags}
	s.mu.Unlock()
	return "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name, s.crash.check(ctx, "after:secret-put")
}

func (s *fakeSecrets) Delete(ctx context.Context, name string) error {
	if err := s.crash.check(ctx, "before:secret-delete"); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.secrets, name)
	s.mu.Unlock()
	return s.crash.check(ctx, "after:secret-delete")
}

func (s *fakeSecrets) get(name string) (fakeSecret, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.secrets[name]
	return v, ok
}

// policy: approvers per cluster, every level on c1 and c2.
type policy map[string][]string

func (p policy) IsApprover(cluster, user string) bool {
	for _, a := range p[cluster] {
		if a == user {
			return true
		}
	}
	return false
}

func (p policy) Privileges(cluster string, level bastion.Level) (bastion.Privileges, bool) {
	if _, ok := p[cluster]; !ok {
		return bastion.Privileges{}, false
	}
	return bastion.Privileges{Privileges: []string{"SELECT"}, Schemas: []string{"*"}}, true
}

// clock is a settable test clock that, like a real one, moves on: every
// reading is a millisecond after the one before.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

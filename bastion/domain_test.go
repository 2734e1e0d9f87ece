package bastion

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestTransitionsAreTheStateMachine(t *testing.T) {
	allowed := map[State]map[Action]State{}
	for _, tr := range Transitions() {
		if allowed[tr.From] == nil {
			allowed[tr.From] = map[Action]State{}
		}
		if tr.Action != ActionFinish {
			allowed[tr.From][tr.Action] = tr.To
		}
	}
	actions := []Action{ActionProvision, ActionApprove, ActionDeny, ActionCancel, ActionExpire, ActionActivate, ActionWarn, ActionRevoke, ActionFail}
	for _, from := range States() {
		for _, a := range actions {
			to, ok := next(from, a, false)
			want, wantOK := allowed[from][a]
			if ok != wantOK || to != want {
				t.Errorf("next(%s, %s) = %q, %v; the table says %q, %v", from, a, to, ok, want, wantOK)
			}
		}
	}
	// Spot checks of what must never happen.
	for _, c := range []struct {
		from State
		a    Action
	}{
		{StateDenied, ActionApprove}, {StateExpired, ActionApprove}, {StateApproved, ActionApprove},
		{StateRevoked, ActionRevoke}, {StateRevoking, ActionRevoke}, {StateActive, ActionApprove},
		{StateWarned, ActionWarn}, {StateCancelled, ActionApprove}, {StateFailed, ActionActivate},
	} {
		if to, ok := next(c.from, c.a, false); ok {
			t.Errorf("%s from %s is allowed (to %s)", c.a, c.from, to)
		}
	}
	if to, _ := next(StateRevoking, ActionFinish, false); to != StateRevoked {
		t.Errorf("finish without failure → %s, want revoked", to)
	}
	if to, _ := next(StateRevoking, ActionFinish, true); to != StateFailed {
		t.Errorf("finish after failure → %s, want failed", to)
	}
	terminal := map[State]bool{StateRevoked: true, StateDenied: true, StateCancelled: true, StateExpired: true, StateFailed: true}
	for _, s := range States() {
		if s.Terminal() != terminal[s] {
			t.Errorf("%s.Terminal() = %v", s, s.Terminal())
		}
	}
}

type approverSet map[string]bool // "cluster/user"

func (a approverSet) IsApprover(cluster, user string) bool { return a[cluster+"/"+user] }

func TestAuthorize(t *testing.T) {
	r := Request{ID: "abcdefghijkl", Requester: "alice", Cluster: "c1"}
	approvers := approverSet{"c1/bob": true, "c1/alice": true, "c2/carol": true}
	cases := []struct {
		action Action
		actor  string
		ok     bool
	}{
		{ActionApprove, "bob", true},
		{ActionApprove, "alice", false}, // approver, but her own request
		{ActionApprove, "carol", false}, // approver of another cluster
		{ActionApprove, "mallory", false},
		{ActionApprove, SystemActor, false},
		{ActionDeny, "bob", true},
		{ActionDeny, "alice", false},
		{ActionDeny, "mallory", false},
		{ActionCancel, "alice", true},
		{ActionCancel, "bob", false},
		{ActionRevoke, "alice", true},
		{ActionRevoke, "bob", true},
		{ActionRevoke, SystemActor, true},
		{ActionRevoke, "carol", false},
		{ActionRevoke, "mallory", false},
		{ActionExpire, SystemActor, true},
		{ActionExpire, "bob", false},
		{ActionActivate, "bob", false},
		{ActionWarn, "alice", false},
		{ActionFinish, SystemActor, true},
	}
	for _, c := range cases {
		err := Authorize(c.action, c.actor, r, approvers)
		if (err == nil) != c.ok {
			t.Errorf("Authorize(%s, %s) = %v, want ok=%v", c.action, c.actor, err, c.ok)
		}
		if err != nil && !errors.Is(err, ErrNotAllowed) {
			t.Errorf("Authorize(%s, %s) = %v, not ErrNotAllowed", c.action, c.actor, err)
		}
	}
}

func TestValidActor(t *testing.T) {
	for _, bad := range []string{"", "  ", SystemActor, "system:anything"} {
		if err := validActor(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("validActor(%q) = %v", bad, err)
		}
	}
	if err := validActor("alice@example.com"); err != nil {
		t.Error(err)
	}
}

func TestDBUser(t *testing.T) {
	id := "abcdefghij23"
	cases := []struct{ requester, want string }{
		{"alice@example.com", "jit_alice_abcdefghij23"},
		{"Alice.Smith@example.com", "jit_alice_smith_abcdefghij23"},
		{"bartholomew.longname-the-third@example.com", "jit_bartholomew_lon_abcdefghij23"},
		{"__--..@x", "jit_user_abcdefghij23"},
		{"o'brien; DROP USER root", "jit_o_brien_drop_us_abcdefghij23"},
		{"日本", "jit_user_abcdefghij23"},
	}
	for _, c := range cases {
		got, err := DBUser(c.requester, id)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("DBUser(%q) = %q, want %q", c.requester, got, c.want)
		}
		if len(got) > MaxUserLength {
			t.Errorf("DBUser(%q) = %q is %d characters", c.requester, got, len(got))
		}
		if strings.Trim(got, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			t.Errorf("DBUser(%q) = %q has other characters", c.requester, got)
		}
	}
	// Two grants of one person: two users.
	a, _ := DBUser("alice@example.com", "aaaaaaaaaaaa")
	b, _ := DBUser("alice@example.com", "aaaaaaaaaaab")
	if a == b {
		t.Errorf("two grants share user %q", a)
	}
	if _, err := DBUser("alice", "short"); err == nil {
		t.Error("a malformed id was accepted")
	}
}

func TestNewIDAndPassword(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id, err := NewID()
		if err != nil || !ValidID(id) {
			t.Fatalf("NewID() = %q, %v", id, err)
		}
		if seen[id] {
			t.Fatalf("NewID repeated %q", id)
		}
		seen[id] = true
		p, err := NewPassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) < 32 || strings.Trim(p, passwordAlphabet) != "" {
			t.Fatalf("password of %d characters with characters outside the alphabet", len(p))
		}
	}
	for _, c := range passwordAlphabet {
		if strings.ContainsRune(`'"\@:/?#&%$;*!<>|~ `+"`", c) {
			t.Errorf("password alphabet holds %q", c)
		}
	}
}

func TestNewRequest(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	ok := Ask{Requester: "alice@example.com", Cluster: "c1", Level: LevelRead, Duration: 2 * time.Hour, Reason: "INC-1"}
	r, err := NewRequest(ok, "abcdefghijkl", "bastion/", Limits{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != StateRequested || r.Version != 1 || !r.Start.Equal(now) || !r.End().Equal(now.Add(2*time.Hour)) ||
		r.User != "jit_alice_abcdefghijkl" || r.SecretName != "bastion/abcdefghijkl" {
		t.Errorf("request: %+v", r)
	}
	if d := r.ApprovalDeadline(time.Hour); !d.Equal(now.Add(time.Hour)) {
		t.Errorf("approval deadline %s", d)
	}
	if d := r.ApprovalDeadline(5 * time.Hour); !d.Equal(r.End()) {
		t.Errorf("approval deadline %s, want the end", d)
	}
	bad := []struct {
		name   string
		change func(*Ask)
		limits Limits
		want   string
	}{
		{"no requester", func(a *Ask) { a.Requester = "" }, Limits{}, "no requester"},
		{"no cluster", func(a *Ask) { a.Cluster = " " }, Limits{}, "no cluster"},
		{"bad level", func(a *Ask) { a.Level = "admin" }, Limits{}, `level "admin"`},
		{"too long default", func(a *Ask) { a.Duration = 9 * time.Hour }, Limits{}, "longer than the maximum 8h0m0s"},
		{"too long configured", func(a *Ask) { a.Duration = 3 * time.Hour }, Limits{MaxDuration: 2 * time.Hour}, "maximum 2h0m0s"},
		{"zero duration", func(a *Ask) { a.Duration = 0 }, Limits{}, "positive"},
		{"no reason", func(a *Ask) { a.Reason = "" }, Limits{}, "reason is required"},
		{"past start", func(a *Ask) { a.Start = now.Add(-time.Hour) }, Limits{}, "in the past"},
		{"far start", func(a *Ask) { a.Start = now.Add(30 * 24 * time.Hour) }, Limits{}, "ahead"},
	}
	for _, c := range bad {
		a := ok
		c.change(&a)
		_, err := NewRequest(a, "abcdefghijkl", "bastion/", c.limits, now)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want ErrInvalid with %q", c.name, err, c.want)
		}
	}
	later := ok
	later.Start = now.Add(3 * time.Hour)
	r, err = NewRequest(later, "abcdefghijkl", "", Limits{}, now)
	if err != nil || !r.Start.Equal(later.Start) {
		t.Errorf("later start: %v, %v", r.Start, err)
	}
}

func TestStateErrorMessage(t *testing.T) {
	e := &StateError{ID: "x", Action: ActionApprove, State: StateApproved, By: "bob", At: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if got := e.Error(); got != "cannot approve request x: already approved by bob at 2026-01-02T03:04:05Z" {
		t.Error(got)
	}
	if !errors.Is(e, ErrWrongState) {
		t.Error("not ErrWrongState")
	}
}

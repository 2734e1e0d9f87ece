package bastion_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/bastiontest"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/dynamolocal"
)

var t0 = time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)

// sweepInterval is the sweep cadence the crash tests hold the engine to.
const sweepInterval = time.Minute

type bed struct {
	t       *testing.T
	engine  *bastion.Engine
	store   *store.Store
	db      *bastiontest.Database
	secrets *bastiontest.Secrets
	clock   *bastiontest.Clock
	crash   *bastiontest.Crasher
	notices *bastiontest.Notifier
}

var tableSeq atomic.Int32

func newBed(t *testing.T, client *dynamodb.Client) *bed {
	t.Helper()
	table := fmt.Sprintf("bastion%d", tableSeq.Add(1))
	if err := store.CreateTable(context.Background(), client, table); err != nil {
		t.Fatal(err)
	}
	b := &bed{t: t, store: store.New(client, table, 0), clock: bastiontest.NewClock(t0), crash: &bastiontest.Crasher{}, notices: &bastiontest.Notifier{}}
	b.db = bastiontest.NewDatabase(b.crash)
	b.secrets = bastiontest.NewSecrets(b.crash)
	e, err := bastion.New(bastion.Options{
		Store: b.store, Database: b.db, Secrets: b.secrets,
		Policy:       bastiontest.Policy{"c1": {"bob", "carol", "alice"}, "c2": {"dave"}},
		SecretPrefix: "bastion/grants/",
		Now:          b.clock.Now,
		Notifier:     b.notices,
	})
	if err != nil {
		t.Fatal(err)
	}
	b.engine = e
	return b
}

func (b *bed) request(requester string, d time.Duration, start time.Time) bastion.Request {
	b.t.Helper()
	r, err := b.engine.Request(context.Background(), bastion.Ask{Requester: requester, Cluster: "c1", Level: bastion.LevelRead, Duration: d, Start: start, Reason: "INC-42"})
	if err != nil {
		b.t.Fatal(err)
	}
	return r
}

func (b *bed) get(id string) bastion.Request {
	b.t.Helper()
	r, err := b.store.Get(context.Background(), id)
	if err != nil {
		b.t.Fatal(err)
	}
	return r
}

func (b *bed) sweep() bastion.SweepReport {
	b.t.Helper()
	rep, err := b.engine.Sweep(context.Background())
	if err != nil {
		b.t.Fatal(err)
	}
	return rep
}

// assertGone checks nothing of grant r is left.
func (b *bed) assertGone(r bastion.Request) {
	b.t.Helper()
	if exists, sessions, _ := b.db.State(r.Cluster, r.User); exists || sessions > 0 {
		b.t.Errorf("grant %s: user exists %v, %d sessions left", r.ID, exists, sessions)
	}
	if _, ok := b.secrets.Get(r.SecretName); ok {
		b.t.Errorf("grant %s: secret %s left", r.ID, r.SecretName)
	}
}

// login logs in with the grant's secret, as the requester would.
func (b *bed) login(r bastion.Request, instance int) error {
	s, ok := b.secrets.Get(r.SecretName)
	if !ok {
		return errors.New("no secret")
	}
	return b.db.Login(r.Cluster, r.User, string(s.Value), instance)
}

func (b *bed) trail(id string) []string {
	b.t.Helper()
	events, err := b.engine.Audit(context.Background(), id)
	if err != nil {
		b.t.Fatal(err)
	}
	var out []string
	for _, ev := range events {
		if ev.From != "" || ev.To != "" {
			out = append(out, fmt.Sprintf("%s:%s→%s", ev.Action, ev.From, ev.To))
		} else {
			out = append(out, ev.Action)
		}
	}
	return out
}

func TestEngine(t *testing.T) {
	srv := dynamolocal.Start(t)
	for name, f := range map[string]func(*testing.T, *bed){
		"Lifecycle":                testLifecycle,
		"Refusals":                 testRefusals,
		"FutureStart":              testFutureStart,
		"OverlappingGrants":        testOverlappingGrants,
		"CrashDuringRevocation":    testCrashDuringRevocation,
		"CrashDuringProvisioning":  testCrashDuringProvisioning,
		"RevokeDuringProvisioning": testRevokeDuringProvisioning,
		"ProvisionFails":           testProvisionFails,
		"ConcurrentApprovals":      testConcurrentApprovals,
		"KeptLocked":               testKeptLocked,
		"Notices":                  testNotices,
	} {
		t.Run(name, func(t *testing.T) { f(t, newBed(t, srv.Client)) })
	}
}

func testLifecycle(t *testing.T, b *bed) {
	ctx := context.Background()
	r := b.request("alice@example.com", 2*time.Hour, time.Time{})
	if _, err := b.engine.Approve(ctx, "alice@example.com", r.ID); !errors.Is(err, bastion.ErrNotAllowed) {
		t.Errorf("self-approval: %v", err)
	}
	if _, err := b.engine.Approve(ctx, "mallory", r.ID); !errors.Is(err, bastion.ErrNotAllowed) {
		t.Errorf("approval by a non-approver: %v", err)
	}
	if _, err := b.engine.Approve(ctx, "dave", r.ID); !errors.Is(err, bastion.ErrNotAllowed) {
		t.Errorf("approval by another cluster's approver: %v", err)
	}
	a, err := b.engine.Approve(ctx, "bob", r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.State != bastion.StateActive || a.ApprovedBy != "bob" {
		t.Fatalf("after approval: %s by %q", a.State, a.ApprovedBy)
	}
	_, err = b.engine.Approve(ctx, "carol", r.ID)
	if !errors.Is(err, bastion.ErrWrongState) || !strings.Contains(err.Error(), "approved by bob") {
		t.Errorf("second approval: %v", err)
	}
	// The secret's password logs in on both instances.
	if err := b.login(a, 0); err != nil {
		t.Fatal(err)
	}
	if err := b.login(a, 1); err != nil {
		t.Fatal(err)
	}
	s, _ := b.secrets.Get(a.SecretName)
	for _, k := range []string{"bastion:requester", "bastion:cluster", "bastion:grant-id", "bastion:expires"} {
		if s.Tags[k] == "" {
			t.Errorf("secret tag %s missing: %v", k, s.Tags)
		}
	}
	// Nothing happens before the warning time; then one warning.
	b.clock.Set(a.End().Add(-11 * time.Minute))
	if rep := b.sweep(); rep.Warned != 0 || rep.Revoked != 0 {
		t.Errorf("early sweep: %+v", rep)
	}
	b.clock.Set(a.End().Add(-10 * time.Minute))
	if rep := b.sweep(); rep.Warned != 1 {
		t.Errorf("warning sweep: %+v", rep)
	}
	b.sweep()
	if got := fmt.Sprint(b.notices.Kinds(r.ID)); got != "[requested approved warned]" {
		t.Errorf("notices %s, want one each of requested, approved, warned", got)
	}
	if got := b.get(r.ID).State; got != bastion.StateWarned {
		t.Errorf("state %s, want warned", got)
	}
	// At expiry: revoked, sessions on both instances killed, user and secret gone.
	b.clock.Set(a.End())
	if rep := b.sweep(); rep.Revoked != 1 || len(rep.Errors) != 0 {
		t.Errorf("expiry sweep: %+v", rep)
	}
	b.assertGone(a)
	if err := b.login(a, 0); err == nil {
		t.Error("login after revocation worked")
	}
	if got := b.get(r.ID).State; got != bastion.StateRevoked {
		t.Errorf("state %s, want revoked", got)
	}
	if _, err := b.engine.Revoke(ctx, "alice@example.com", r.ID, ""); !errors.Is(err, bastion.ErrWrongState) {
		t.Errorf("second revoke: %v", err)
	}
	if got := fmt.Sprint(b.notices.Kinds(r.ID)); got != "[requested approved warned revoked]" {
		t.Errorf("notices %s, want requested, approved, warned, revoked", got)
	}
	want := "request:→requested notify refused refused refused approve:requested→approved provision:approved→approved secret-put provision activate:approved→active notify " +
		"warn:active→warned notify revoke:warned→revoking lock kill drop verify secret-delete finish:revoking→revoked notify"
	if got := strings.Join(b.trail(r.ID), " "); got != want {
		t.Errorf("audit:\n got %s\nwant %s", got, want)
	}
	events, _ := b.engine.Audit(ctx, r.ID)
	js, _ := json.Marshal(events)
	if strings.Contains(string(js), string(s.Value)) {
		t.Error("the password is in the audit trail")
	}
	for _, ev := range events {
		if ev.Action == bastion.StepKill && ev.Detail != "killed 2 sessions" {
			t.Errorf("kill detail %q, want 2 sessions", ev.Detail)
		}
	}
}

func testRefusals(t *testing.T, b *bed) {
	ctx := context.Background()
	r := b.request("alice@example.com", time.Hour, time.Time{})
	if _, err := b.engine.Deny(ctx, "alice@example.com", r.ID, "no"); !errors.Is(err, bastion.ErrNotAllowed) {
		t.Errorf("self-deny: %v", err)
	}
	if _, err := b.engine.Deny(ctx, "bob", r.ID, "not during the freeze"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.engine.Approve(ctx, "carol", r.ID); !errors.Is(err, bastion.ErrWrongState) || !strings.Contains(err.Error(), "denied by bob") {
		t.Errorf("approving a denied request: %v", err)
	}
	// Expired unapproved: refused before the sweep sees it, expired by it.
	r2 := b.request("alice@example.com", 4*time.Hour, time.Time{})
	b.clock.Set(r2.Start.Add(time.Hour))
	if _, err := b.engine.Approve(ctx, "bob", r2.ID); !errors.Is(err, bastion.ErrWrongState) || !strings.Contains(err.Error(), "expired") {
		t.Errorf("approving past the approval window: %v", err)
	}
	if rep := b.sweep(); rep.Expired != 1 {
		t.Errorf("sweep: %+v", rep)
	}
	if _, err := b.engine.Approve(ctx, "bob", r2.ID); !errors.Is(err, bastion.ErrWrongState) {
		t.Errorf("approving an expired request: %v", err)
	}
	r3 := b.request("alice@example.com", time.Hour, time.Time{})
	if _, err := b.engine.Cancel(ctx, "bob", r3.ID); !errors.Is(err, bastion.ErrNotAllowed) {
		t.Errorf("cancel by another: %v", err)
	}
	if _, err := b.engine.Revoke(ctx, "mallory", r3.ID, ""); !errors.Is(err, bastion.ErrNotAllowed) {
		t.Errorf("revoke by a stranger: %v", err)
	}
	if c, err := b.engine.Cancel(ctx, "alice@example.com", r3.ID); err != nil || c.State != bastion.StateCancelled {
		t.Errorf("cancel: %v, %v", c.State, err)
	}
	for _, ask := range []bastion.Ask{
		{Requester: "alice", Cluster: "nosuch", Level: bastion.LevelRead, Duration: time.Hour, Reason: "x"},
		{Requester: "alice", Cluster: "c1", Level: "root", Duration: time.Hour, Reason: "x"},
		{Requester: "alice", Cluster: "c1", Level: bastion.LevelRead, Duration: 9 * time.Hour, Reason: "x"},
		{Requester: bastion.SystemActor, Cluster: "c1", Level: bastion.LevelRead, Duration: time.Hour, Reason: "x"},
	} {
		if _, err := b.engine.Request(ctx, ask); !errors.Is(err, bastion.ErrInvalid) {
			t.Errorf("Request(%+v): %v", ask, err)
		}
	}
	if _, err := b.engine.Approve(ctx, "bob", "nosuchidxxxx"); !errors.Is(err, bastion.ErrNotFound) {
		t.Errorf("approving a missing request: %v", err)
	}
	if b.db.UserCount() != 0 {
		t.Errorf("%d users exist", b.db.UserCount())
	}
}

func testFutureStart(t *testing.T, b *bed) {
	ctx := context.Background()
	r := b.request("alice@example.com", time.Hour, t0.Add(time.Hour))
	a, err := b.engine.Approve(ctx, "bob", r.ID)
	if err != nil || a.State != bastion.StateApproved {
		t.Fatalf("approve: %s, %v", a.State, err)
	}
	if b.db.UserCount() != 0 {
		t.Error("provisioned before the start")
	}
	b.clock.Set(r.Start.Add(-time.Minute))
	if rep := b.sweep(); rep.Activated != 0 {
		t.Errorf("activated early: %+v", rep)
	}
	b.clock.Set(r.Start)
	if rep := b.sweep(); rep.Activated != 1 {
		t.Errorf("not activated at the start: %+v", rep)
	}
	if err := b.login(a, 0); err != nil {
		t.Error(err)
	}
	// The requester may revoke her own grant early.
	if v, err := b.engine.Revoke(ctx, "alice@example.com", r.ID, "done"); err != nil || v.State != bastion.StateRevoked {
		t.Errorf("revoke: %s, %v", v.State, err)
	}
	b.assertGone(a)
}

// testOverlappingGrants: two grants of one person on one cluster have two
// users; the first's expiry leaves the second working.
func testOverlappingGrants(t *testing.T, b *bed) {
	ctx := context.Background()
	first := b.request("alice@example.com", time.Hour, time.Time{})
	b.clock.Set(t0.Add(30 * time.Minute))
	second := b.request("alice@example.com", time.Hour, time.Time{})
	if first.User == second.User {
		t.Fatalf("both grants use %s", first.User)
	}
	for _, r := range []bastion.Request{first, second} {
		if _, err := b.engine.Approve(ctx, "bob", r.ID); err != nil {
			t.Fatal(err)
		}
		if err := b.login(r, 1); err != nil {
			t.Fatal(err)
		}
	}
	b.clock.Set(first.End())
	b.sweep()
	b.assertGone(first)
	if exists, sessions, _ := b.db.State("c1", second.User); !exists || sessions != 1 {
		t.Errorf("second grant cut short: exists %v, %d sessions", exists, sessions)
	}
	if err := b.login(second, 0); err != nil {
		t.Errorf("second grant: %v", err)
	}
}

// testCrashDuringRevocation kills the engine before and after each
// revocation step; the next sweep, one interval later, finishes it.
func testCrashDuringRevocation(t *testing.T, b *bed) {
	for _, step := range []string{"lock", "kill", "drop", "verify", "secret-delete"} {
		for _, when := range []string{"before:", "after:"} {
			point := when + step
			t.Run(point, func(t *testing.T) {
				b.clock.Set(t0)
				r := b.request("alice@example.com", time.Hour, time.Time{})
				if _, err := b.engine.Approve(context.Background(), "bob", r.ID); err != nil {
					t.Fatal(err)
				}
				if err := b.login(b.get(r.ID), 0); err != nil {
					t.Fatal(err)
				}
				b.clock.Set(r.End())
				ctx, cancel := context.WithCancel(context.Background())
				b.crash.Arm(point, cancel)
				rep, err := b.engine.Sweep(ctx)
				cancel()
				if err == nil && len(rep.Errors) == 0 {
					t.Fatalf("the crash at %s did not happen", point)
				}
				if got := b.get(r.ID).State; got != bastion.StateRevoking {
					t.Fatalf("after the crash: %s, want revoking", got)
				}
				b.crash.Arm("", nil)
				b.clock.Set(r.End().Add(sweepInterval))
				if rep := b.sweep(); len(rep.Errors) != 0 {
					t.Fatalf("next sweep: %v", rep.Err())
				}
				if got := b.get(r.ID).State; got != bastion.StateRevoked {
					t.Errorf("after the next sweep: %s, want revoked", got)
				}
				b.assertGone(r)
			})
		}
	}
}

// testCrashDuringProvisioning kills the engine while it provisions; the
// sweep after the claim's lease provisions it, with the secret matching.
func testCrashDuringProvisioning(t *testing.T, b *bed) {
	for _, point := range []string{"before:secret-put", "after:secret-put", "before:provision", "after:provision"} {
		t.Run(point, func(t *testing.T) {
			b.clock.Set(t0)
			r := b.request("alice@example.com", time.Hour, time.Time{})
			ctx, cancel := context.WithCancel(context.Background())
			b.crash.Arm(point, cancel)
			if _, err := b.engine.Approve(ctx, "bob", r.ID); err == nil {
				t.Fatal("no crash")
			}
			cancel()
			b.crash.Arm("", nil)
			if got := b.get(r.ID); got.State != bastion.StateApproved || got.Provisioning.IsZero() {
				t.Fatalf("after the crash: %s, claim %v", got.State, got.Provisioning)
			}
			b.clock.Set(t0.Add(time.Minute)) // within the lease: left alone
			if rep := b.sweep(); rep.Activated != 0 {
				t.Errorf("claim taken within its lease: %+v", rep)
			}
			b.clock.Set(t0.Add(3 * time.Minute))
			if rep := b.sweep(); rep.Activated != 1 {
				t.Fatalf("sweep after the lease: %+v", rep)
			}
			if err := b.login(b.get(r.ID), 1); err != nil {
				t.Errorf("login with the secret: %v", err)
			}
			b.clock.Set(r.End())
			b.sweep()
			b.assertGone(r)
		})
	}
}

// testRevokeDuringProvisioning: a revocation that runs while the grant is
// being provisioned (its cleanup before the user exists) must not leave
// the user behind.
func testRevokeDuringProvisioning(t *testing.T, b *bed) {
	r := b.request("alice@example.com", time.Hour, time.Time{})
	var revokeErr error
	b.db.DuringProvision = func() {
		b.db.DuringProvision = nil
		_, revokeErr = b.engine.Revoke(context.Background(), "alice@example.com", r.ID, "changed my mind")
	}
	got, err := b.engine.Approve(context.Background(), "bob", r.ID)
	if revokeErr != nil {
		t.Fatalf("revoke: %v", revokeErr)
	}
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	if got.State != bastion.StateRevoked {
		t.Errorf("state %s, want revoked", got.State)
	}
	b.assertGone(r)
	if tr := strings.Join(b.trail(r.ID), " "); !strings.Contains(tr, bastion.StepLostActivation) {
		t.Errorf("audit lacks the lost activation: %s", tr)
	}
}

func testProvisionFails(t *testing.T, b *bed) {
	b.db.FailProvision = errors.New("Access denied for user 'admin'")
	r := b.request("alice@example.com", time.Hour, time.Time{})
	got, err := b.engine.Approve(context.Background(), "bob", r.ID)
	if err == nil || errors.Is(err, bastion.ErrWrongState) || errors.Is(err, bastion.ErrNotAllowed) {
		t.Errorf("approve: %v, want the provisioning error", err)
	}
	if got.State != bastion.StateFailed || !strings.Contains(got.Failure, "Access denied") {
		t.Errorf("state %s, failure %q", got.State, got.Failure)
	}
	b.assertGone(r)
}

// testConcurrentApprovals: 20 approvers click at once; one approval, one
// provisioning, and the secret holds the password that was set.
func testConcurrentApprovals(t *testing.T, b *bed) {
	r := b.request("alice@example.com", time.Hour, time.Time{})
	var wg sync.WaitGroup
	var ok atomic.Int32
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			approver := []string{"bob", "carol"}[i%2]
			_, err := b.engine.Approve(context.Background(), approver, r.ID)
			switch {
			case err == nil:
				ok.Add(1)
			case !errors.Is(err, bastion.ErrWrongState):
				t.Errorf("approve: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 {
		t.Errorf("%d approvals succeeded, want 1", ok.Load())
	}
	if b.db.Provisions() != 1 {
		t.Errorf("%d provisionings, want 1", b.db.Provisions())
	}
	if err := b.login(b.get(r.ID), 0); err != nil {
		t.Errorf("login: %v", err)
	}
}

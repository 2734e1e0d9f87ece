package hosts_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/hosts"
	"github.com/auroradoc/auroradoc/internal/dynamolocal"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// testPerRequestHost: approval launches a host for the grant alone (tags,
// IMDSv2 required, no key pair, the no-ingress group, the instance
// profile), the grant carries the port-forwarding command, and revocation
// terminates the host after the database cleanup.
func testPerRequestHost(t *testing.T, dynamo *dynamolocal.Server) {
	b := newBed(t, dynamo, hosts.ModePerRequest, fakeaws.InstanceTiming{Boot: 30 * time.Millisecond, Agent: 20 * time.Millisecond})
	r := b.approve(b.engine, b.request(b.engine, "c1").ID)
	in := b.instance(r.Connection.Host)
	if in.State != fakeaws.StateRunning || in.HTTPTokens != "required" || in.KeyName != "" ||
		!slices.Equal(in.SecurityGroups, []string{"sg-vpc-a"}) || in.InstanceProfile != "bastion-host" || in.VPC != "vpc-a" {
		t.Errorf("host = %+v; want running, IMDSv2 required, no key, sg-vpc-a, bastion-host, vpc-a", in)
	}
	if in.Tags[hosts.TagGrant] != r.ID || in.Tags[hosts.TagRequester] != "alice@example.com" ||
		in.Tags[hosts.TagExpires] != r.End().Format(time.RFC3339) || in.Tags[hosts.TagRole] != "per-request" {
		t.Errorf("host tags = %v", in.Tags)
	}
	want := "aws ssm start-session --region us-east-1 --target " + in.ID +
		" --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=c1.cluster-abc.us-east-1.rds.amazonaws.com,portNumber=3306,localPortNumber=13306"
	if r.Connection.Command != want || r.Connection.Region != "us-east-1" {
		t.Errorf("connection = %+v\nwant command %s", r.Connection, want)
	}
	if stored, _ := b.store.Get(context.Background(), r.ID); stored.Connection != r.Connection {
		t.Errorf("stored connection = %+v, want %+v", stored.Connection, r.Connection)
	}
	r2 := b.approve(b.engine, b.request(b.engine, "c1").ID)
	if r2.Connection.Host == r.Connection.Host {
		t.Errorf("two grants share per-request host %s", r.Connection.Host)
	}

	b.revoke(b.engine, r.ID)
	if st := b.instance(r.Connection.Host).State; st != fakeaws.StateTerminated && st != fakeaws.StateShuttingDown {
		t.Errorf("host of the revoked grant is %s, want terminated", st)
	}
	if st := b.instance(r2.Connection.Host).State; st != fakeaws.StateRunning {
		t.Errorf("host of the other grant is %s, want running", st)
	}
	steps := strings.Join(b.steps(r.ID), " ")
	if !strings.Contains(steps, "provision network-open activate") || !strings.Contains(steps, "secret-delete network-close finish") {
		t.Errorf("audit = %s; want network-open before activate and network-close after secret-delete", steps)
	}
	// Closing again (a sweep redoing the steps) is harmless.
	if err := b.hosts.Close(context.Background(), r); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// testWarmHostStoppedAfterLastGrant: the VPC's one warm host is launched
// by the first grant, shared by the next (also of another cluster in the
// VPC), never stopped while one is active, and stopped after the last
// ends; the next grant starts it again.
func testWarmHostStoppedAfterLastGrant(t *testing.T, dynamo *dynamolocal.Server) {
	b := newBed(t, dynamo, hosts.ModeWarm, fakeaws.InstanceTiming{Boot: 30 * time.Millisecond, Agent: 20 * time.Millisecond})
	a := b.approve(b.engine, b.request(b.engine, "c1").ID)
	c := b.approve(b.engine, b.request(b.engine, "c2").ID)
	other := b.approve(b.engine, b.request(b.engine, "c3").ID)
	if a.Connection.Host != c.Connection.Host || a.Connection.Host == other.Connection.Host {
		t.Fatalf("hosts: c1 %s, c2 %s, c3 %s; want c1 and c2 on one, c3 on another", a.Connection.Host, c.Connection.Host, other.Connection.Host)
	}
	if n := len(b.instances()); n != 2 {
		t.Errorf("%d instances, want 2 (one per VPC)", n)
	}
	host := a.Connection.Host
	b.revoke(b.engine, a.ID)
	if in := b.instance(host); in.State != fakeaws.StateRunning || in.Stops != 0 {
		t.Fatalf("after the first of two grants ended: %s, %d stops; want running, never stopped", in.State, in.Stops)
	}
	b.revoke(b.engine, c.ID)
	if in := b.instance(host); (in.State != fakeaws.StateStopping && in.State != fakeaws.StateStopped) || in.Stops != 1 {
		t.Errorf("after the last grant ended: %s, %d stops; want stopped once", in.State, in.Stops)
	}
	if st := b.instance(other.Connection.Host).State; st != fakeaws.StateRunning {
		t.Errorf("the other VPC's host is %s, want running", st)
	}
	b.waitState(host, fakeaws.StateStopped)
	d := b.approve(b.engine, b.request(b.engine, "c1").ID)
	if in := b.instance(host); d.Connection.Host != host || in.State != fakeaws.StateRunning || in.Starts != 1 {
		t.Errorf("the next grant: host %s %s, %d starts; want %s running, started once", d.Connection.Host, in.State, in.Starts, host)
	}
}

// testWarmHostRace: in each round one grant of the VPC ends while another
// begins, on two engines (two Hosts, so no shared lock: only the store
// orders them). The host must never be left stopped while a grant is
// active, and must be stopped once none is.
func testWarmHostRace(t *testing.T, dynamo *dynamolocal.Server) {
	b := newBed(t, dynamo, hosts.ModeWarm, fakeaws.InstanceTiming{Boot: 10 * time.Millisecond, Stop: 10 * time.Millisecond, Agent: 5 * time.Millisecond})
	e2 := b.newEngine(b.newHosts(hosts.ModeWarm))
	cur := b.approve(b.engine, b.request(b.engine, "c1").ID)
	host := cur.Connection.Host
	for round := range 12 {
		next := b.request(e2, "c2")
		var wg sync.WaitGroup
		wg.Add(2)
		var begun bastion.Request
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(round%4) * 3 * time.Millisecond) // vary who goes first
			r, err := e2.Approve(context.Background(), "bob", next.ID)
			if err != nil || r.State != bastion.StateActive {
				t.Errorf("round %d: approve: %s, %v", round, r.State, err)
			}
			begun = r
		}()
		go func() {
			defer wg.Done()
			if r, err := b.engine.Revoke(context.Background(), "bob", cur.ID, "done"); err != nil || r.State != bastion.StateRevoked {
				t.Errorf("round %d: revoke: %s, %v", round, r.State, err)
			}
		}()
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
		if begun.Connection.Host != host {
			t.Fatalf("round %d: the new grant got host %s, want the VPC's %s", round, begun.Connection.Host, host)
		}
		if st := b.instance(host).State; st != fakeaws.StateRunning && st != fakeaws.StatePending {
			t.Fatalf("round %d: a grant is active and the warm host is %s", round, st)
		}
		cur = begun
	}
	t.Logf("after 12 rounds: %d stops, %d starts", b.instance(host).Stops, b.instance(host).Starts)
	b.revoke(b.engine, cur.ID)
	b.waitState(host, fakeaws.StateStopped)
	if n := len(b.instances()); n != 1 {
		t.Errorf("%d instances, want the one warm host", n)
	}
}

// testCrashAfterOpenFinishesOnSweep: the engine dies right after the host
// is ready, before the grant is active; the next sweep after the claim's
// lease provisions it again with the same host (no second launch).
func testCrashAfterOpenFinishesOnSweep(t *testing.T, dynamo *dynamolocal.Server) {
	b := newBed(t, dynamo, hosts.ModePerRequest, fakeaws.InstanceTiming{})
	crashing := b.newEngine(crashAfterOpen{b.hosts})
	r := b.request(b.engine, "c1")
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := crashing.Approve(context.WithValue(ctx, cancelKey{}, cancel), "bob", r.ID); err == nil {
		t.Fatal("the crash did not happen")
	}
	if got, _ := b.store.Get(context.Background(), r.ID); got.State != bastion.StateApproved || got.Provisioning.IsZero() {
		t.Fatalf("after the crash: %s, claim %v; want approved and claimed", got.State, got.Provisioning)
	}
	b.clock.Set(b.clock.Now().Add(3 * time.Minute)) // past the provisioning lease
	rep, err := b.engine.Sweep(context.Background())
	if err != nil || rep.Activated != 1 {
		t.Fatalf("sweep: %+v, %v; want 1 activated", rep, err)
	}
	got, err := b.store.Get(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ins := b.instances(); len(ins) != 1 || got.Connection.Host != ins[0].ID {
		t.Fatalf("after the sweep: connection %+v, %d instances; want the one host", got.Connection, len(ins))
	}
}

type cancelKey struct{}

// crashAfterOpen opens the real path, then kills the engine (cancels its
// context) as a crash right after the step would.
type crashAfterOpen struct{ bastion.Network }

func (c crashAfterOpen) Open(ctx context.Context, r bastion.Request) (bastion.Connection, error) {
	conn, err := c.Network.Open(ctx, r)
	ctx.Value(cancelKey{}).(context.CancelFunc)()
	return conn, err
}

// testRevocationCloseFailsThenSweepFinishes: EC2 fails while the host is
// being terminated; the grant stays revoking with the database side
// already clean, and the next sweep terminates the host and finishes.
func testRevocationCloseFailsThenSweepFinishes(t *testing.T, dynamo *dynamolocal.Server) {
	b := newBed(t, dynamo, hosts.ModePerRequest, fakeaws.InstanceTiming{})
	r := b.approve(b.engine, b.request(b.engine, "c1").ID)
	b.aws.FailRegion("us-east-1", "Unavailable")
	got, err := b.engine.Revoke(context.Background(), "bob", r.ID, "done")
	if err == nil || got.State != bastion.StateRevoking {
		t.Fatalf("revoke with EC2 down: %s, %v; want revoking and an error", got.State, err)
	}
	if exists, _, _ := b.db.State("c1", r.User); exists {
		t.Error("the database user outlived the failed network step: Close must come after the database cleanup")
	}
	if st := b.instance(r.Connection.Host).State; st != fakeaws.StateRunning {
		t.Errorf("host is %s while EC2 was down, want running", st)
	}
	b.aws.FailRegion("us-east-1", "")
	rep, err := b.engine.Sweep(context.Background())
	if err != nil || rep.Revoked != 1 || len(rep.Errors) != 0 {
		t.Fatalf("sweep: %+v, %v; want 1 revoked", rep, err)
	}
	if st := b.instance(r.Connection.Host).State; st != fakeaws.StateTerminated {
		t.Errorf("host is %s after the sweep, want terminated", st)
	}
	if got, _ := b.store.Get(context.Background(), r.ID); got.State != bastion.StateRevoked {
		t.Errorf("grant is %s, want revoked", got.State)
	}
}

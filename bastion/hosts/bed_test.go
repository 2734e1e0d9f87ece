package hosts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/bastiontest"
	"github.com/auroradoc/auroradoc/bastion/hosts"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/dynamolocal"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

var t0 = time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)

// The clusters of the tests: c1 and c2 share vpc-a, c3 is alone in vpc-b.
func clusters(name string) (hosts.Cluster, bool) {
	vpc := map[string]string{"c1": "a", "c2": "a", "c3": "b"}[name]
	if vpc == "" {
		return hosts.Cluster{}, false
	}
	vpc, subnet := "vpc-"+vpc, "subnet-"+vpc
	return hosts.Cluster{Region: "us-east-1", VPC: vpc, Subnet: subnet, SecurityGroup: "sg-" + vpc,
		Endpoint: name + ".cluster-abc.us-east-1.rds.amazonaws.com"}, true
}

// bed is an engine with a Network of real SDK clients against fakeaws
// (EC2 with state transitions, SSM), its store on DynamoDB Local, and the
// database and secrets doubles of bastiontest.
type bed struct {
	t      *testing.T
	aws    *fakeaws.Server
	cfg    aws.Config
	store  *store.Store
	clock  *bastiontest.Clock
	db     *bastiontest.Database
	engine *bastion.Engine
	hosts  *hosts.Hosts
}

// TestHosts runs the package's tests on one DynamoDB Local (starting one
// takes seconds), each on its own table and its own fake AWS.
func TestHosts(t *testing.T) {
	dynamo := dynamolocal.Start(t)
	for _, tc := range []struct {
		name string
		run  func(*testing.T, *dynamolocal.Server)
	}{
		{"PerRequestHost", testPerRequestHost},
		{"WarmHostStoppedAfterLastGrant", testWarmHostStoppedAfterLastGrant},
		{"WarmHostRace", testWarmHostRace},
		{"CrashAfterOpenFinishesOnSweep", testCrashAfterOpenFinishesOnSweep},
		{"RevocationCloseFailsThenSweepFinishes", testRevocationCloseFailsThenSweepFinishes},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, dynamo) })
	}
}

func newBed(t *testing.T, dynamo *dynamolocal.Server, mode hosts.Mode, timing fakeaws.InstanceTiming) *bed {
	t.Helper()
	s, err := fakeaws.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	s.AddSubnet("us-east-1", "subnet-a", "vpc-a")
	s.AddSubnet("us-east-1", "subnet-b", "vpc-b")
	s.SetInstanceTiming(timing)
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")),
		config.WithBaseEndpoint(s.URL()), config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}))
	if err != nil {
		t.Fatal(err)
	}
	table := strings.NewReplacer("/", "-").Replace(t.Name())
	if err := store.CreateTable(context.Background(), dynamo.Client, table); err != nil {
		t.Fatal(err)
	}
	b := &bed{t: t, aws: s, cfg: cfg, store: store.New(dynamo.Client, table, 0), clock: bastiontest.NewClock(t0)}
	b.db = bastiontest.NewDatabase(&bastiontest.Crasher{})
	b.hosts = b.newHosts(mode)
	b.engine = b.newEngine(b.hosts)
	return b
}

// newHosts is another Hosts on the bed's AWS and store: a second engine
// process (its own locks).
func (b *bed) newHosts(mode hosts.Mode) *hosts.Hosts {
	b.t.Helper()
	h, err := hosts.New(hosts.Options{Mode: mode, Clusters: clusters, Grants: b.store, AWS: b.cfg,
		ImageID: "ami-al2023", InstanceType: "t4g.nano", InstanceProfile: "bastion-host",
		Poll: 5 * time.Millisecond, ReadyTimeout: 20 * time.Second, LocalPort: 13306})
	if err != nil {
		b.t.Fatal(err)
	}
	return h
}

func (b *bed) newEngine(n bastion.Network) *bastion.Engine {
	b.t.Helper()
	e, err := bastion.New(bastion.Options{
		Store: b.store, Database: b.db, Secrets: bastiontest.NewSecrets(&bastiontest.Crasher{}), Network: n,
		Policy: bastiontest.Policy{"c1": {"bob"}, "c2": {"bob"}, "c3": {"bob"}}, SecretPrefix: "bastion/grants/", Now: b.clock.Now,
	})
	if err != nil {
		b.t.Fatal(err)
	}
	return e
}

// grant requests a one-hour grant of alice on cluster.
func (b *bed) request(e *bastion.Engine, cluster string) bastion.Request {
	b.t.Helper()
	r, err := e.Request(context.Background(), bastion.Ask{Requester: "alice@example.com", Cluster: cluster, Level: bastion.LevelRead, Duration: time.Hour, Reason: "INC-7"})
	if err != nil {
		b.t.Fatal(err)
	}
	return r
}

func (b *bed) approve(e *bastion.Engine, id string) bastion.Request {
	b.t.Helper()
	r, err := e.Approve(context.Background(), "bob", id)
	if err != nil || r.State != bastion.StateActive {
		b.t.Fatalf("approve %s: %s, %v; want active", id, r.State, err)
	}
	return r
}

func (b *bed) revoke(e *bastion.Engine, id string) bastion.Request {
	b.t.Helper()
	r, err := e.Revoke(context.Background(), "bob", id, "done")
	if err != nil || r.State != bastion.StateRevoked {
		b.t.Fatalf("revoke %s: %s, %v; want revoked", id, r.State, err)
	}
	return r
}

// instances returns the fake's instances in us-east-1.
func (b *bed) instances() []fakeaws.EC2Instance { return b.aws.EC2Instances("us-east-1") }

// instance returns instance id as of now.
func (b *bed) instance(id string) fakeaws.EC2Instance {
	b.t.Helper()
	in, ok := b.aws.InstanceByID(id)
	if !ok {
		b.t.Fatalf("no instance %s", id)
	}
	return in
}

// steps returns the audit actions of request id.
func (b *bed) steps(id string) []string {
	b.t.Helper()
	evs, err := b.store.Audit(context.Background(), id)
	if err != nil {
		b.t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Action)
	}
	return out
}

// waitState waits until instance id is in state (5 s at most).
func (b *bed) waitState(id, state string) {
	b.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for b.instance(id).State != state {
		if time.Now().After(deadline) {
			b.t.Fatalf("instance %s is %s, want %s", id, b.instance(id).State, state)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/dynamolocal"
)

func newStore(t *testing.T) (*store.Store, *dynamodb.Client) {
	t.Helper()
	srv := dynamolocal.Start(t)
	if err := store.CreateTable(context.Background(), srv.Client, "bastion"); err != nil {
		t.Fatal(err)
	}
	return store.New(srv.Client, "bastion", 0), srv.Client
}

var t0 = time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)

func newRequest(t *testing.T, st *store.Store, requester string) bastion.Request {
	t.Helper()
	id, err := bastion.NewID()
	if err != nil {
		t.Fatal(err)
	}
	r, err := bastion.NewRequest(bastion.Ask{Requester: requester, Cluster: "c1", Level: bastion.LevelRead,
		Duration: time.Hour, Reason: "INC-1"}, id, "bastion/", bastion.Limits{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	ev := bastion.Event{RequestID: id, Version: 1, At: t0, Actor: requester, Action: string(bastion.ActionRequest), Reason: "INC-1", To: bastion.StateRequested}
	if err := st.Create(context.Background(), r, ev); err != nil {
		t.Fatal(err)
	}
	return r
}

// move makes the transition action by actor on a copy of r read at
// version r.Version.
func move(ctx context.Context, st *store.Store, r bastion.Request, to bastion.State, action bastion.Action, actor string, at time.Time) (bastion.Request, error) {
	from := r.State
	r.State, r.Version, r.ChangedBy, r.Changed = to, r.Version+1, actor, at
	return r, st.Transition(ctx, from, r, bastion.Event{RequestID: r.ID, Version: r.Version, At: at, Actor: actor, Action: string(action), From: from, To: to})
}

func TestStoreLifecycle(t *testing.T) {
	ctx := context.Background()
	st, client := newStore(t)
	r := newRequest(t, st, "alice@example.com")
	if err := st.Create(ctx, r, bastion.Event{RequestID: r.ID, At: t0, Actor: "x", Action: "request"}); err == nil {
		t.Error("a second Create of one id succeeded")
	}
	got, err := st.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != r {
		t.Errorf("Get:\n got %+v\nwant %+v", got, r)
	}
	approved, err := move(ctx, st, r, bastion.StateApproved, bastion.ActionApprove, "bob", t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	// A second approver working from the same read loses, and is told who won.
	_, err = move(ctx, st, r, bastion.StateApproved, bastion.ActionApprove, "carol", t0.Add(2*time.Minute))
	var se *bastion.StateError
	if !errors.As(err, &se) || !errors.Is(err, bastion.ErrWrongState) || se.State != bastion.StateApproved || se.By != "bob" {
		t.Fatalf("second approve: %v", err)
	}
	if !strings.Contains(err.Error(), "already approved by bob") {
		t.Errorf("second approve's message: %v", err)
	}
	// Same state, stale version: refused too.
	stale := approved
	stale.Version = 1
	if _, err := move(ctx, st, stale, bastion.StateRevoking, bastion.ActionRevoke, "alice", t0); !errors.Is(err, bastion.ErrWrongState) {
		t.Errorf("transition at a stale version: %v", err)
	}
	revoking, err := move(ctx, st, approved, bastion.StateRevoking, bastion.ActionRevoke, "alice", t0.Add(3*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Append(ctx, bastion.Event{RequestID: r.ID, Version: revoking.Version, At: t0.Add(4 * time.Minute), Actor: bastion.SystemActor, Action: bastion.StepKill, Detail: "killed 1 session"}); err != nil {
		t.Fatal(err)
	}
	if _, err := move(ctx, st, revoking, bastion.StateRevoked, bastion.ActionFinish, bastion.SystemActor, t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	events, err := st.Audit(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var trail []string
	for _, ev := range events {
		trail = append(trail, fmt.Sprintf("%s %s %s→%s", ev.Actor, ev.Action, ev.From, ev.To))
	}
	want := []string{
		"alice@example.com request →requested", "bob approve requested→approved", "alice revoke approved→revoking",
		"system:sweep kill →", "system:sweep finish revoking→revoked",
	}
	if strings.Join(trail, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(trail, "\n"), strings.Join(want, "\n"))
	}
	// TTL: on every event, and on the request once terminal.
	out, err := client.Query(ctx, &dynamodb.QueryInput{
		TableName: aws.String("bastion"), KeyConditionExpression: aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "REQ#" + r.ID}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range out.Items {
		ttl, ok := item["ttl"].(*types.AttributeValueMemberN)
		if !ok {
			t.Errorf("item %v has no ttl", item["sk"])
			continue
		}
		if ttl.Value < fmt.Sprint(t0.Unix()) {
			t.Errorf("item %v ttl %s is before the events", item["sk"], ttl.Value)
		}
	}
	ttlDesc, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("bastion")})
	if err != nil || aws.ToString(ttlDesc.TimeToLiveDescription.AttributeName) != "ttl" {
		t.Errorf("table TTL: %+v, %v", ttlDesc, err)
	}
	if _, err := st.Get(ctx, "nosuchidxxxx"); !errors.Is(err, bastion.ErrNotFound) {
		t.Errorf("Get of a missing id: %v", err)
	}
	if _, err := st.Audit(ctx, "nosuchidxxxx"); !errors.Is(err, bastion.ErrNotFound) {
		t.Errorf("Audit of a missing id: %v", err)
	}
	list, err := st.List(ctx, bastion.StateRevoked)
	if err != nil || len(list) != 1 || list[0].ID != r.ID {
		t.Errorf("List(revoked) = %v, %v", list, err)
	}
	if list, err := st.List(ctx, bastion.StateRequested); err != nil || len(list) != 0 {
		t.Errorf("List(requested) = %v, %v", list, err)
	}
	// CreateTable on an existing table is harmless.
	if err := store.CreateTable(ctx, client, "bastion"); err != nil {
		t.Errorf("CreateTable again: %v", err)
	}
}

// TestStoreConcurrentTransitions: 50 goroutines each try to approve, then
// revoke, every one of 10 requests at once. Exactly one approve and one
// revoke of each wins; every loser gets a StateError; the audit holds
// exactly the winners' events.
func TestStoreConcurrentTransitions(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	const requests, workers = 10, 50
	var reqs []bastion.Request
	for range requests {
		reqs = append(reqs, newRequest(t, st, "alice@example.com"))
	}
	type key struct {
		id     string
		action bastion.Action
	}
	var mu sync.Mutex
	wins := map[key][]string{}
	var unexpected []error
	var wg sync.WaitGroup
	for w := range workers {
		actor := fmt.Sprintf("approver%02d", w)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range reqs {
				for _, step := range []struct {
					from, to bastion.State
					action   bastion.Action
				}{{bastion.StateRequested, bastion.StateApproved, bastion.ActionApprove}, {bastion.StateApproved, bastion.StateRevoking, bastion.ActionRevoke}} {
					cur, err := st.Get(ctx, r.ID)
					if err != nil {
						mu.Lock()
						unexpected = append(unexpected, err)
						mu.Unlock()
						continue
					}
					if cur.State != step.from {
						continue
					}
					_, err = move(ctx, st, cur, step.to, step.action, actor, time.Now())
					mu.Lock()
					switch {
					case err == nil:
						wins[key{r.ID, step.action}] = append(wins[key{r.ID, step.action}], actor)
					case !errors.Is(err, bastion.ErrWrongState):
						unexpected = append(unexpected, err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range unexpected {
		t.Errorf("unexpected error: %v", err)
	}
	for _, r := range reqs {
		for _, a := range []bastion.Action{bastion.ActionApprove, bastion.ActionRevoke} {
			if w := wins[key{r.ID, a}]; len(w) != 1 {
				t.Errorf("request %s: %s won by %v, want exactly one", r.ID, a, w)
			}
		}
		got, err := st.Get(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != bastion.StateRevoking || got.Version != 3 {
			t.Errorf("request %s ends %s at version %d, want revoking at 3", r.ID, got.State, got.Version)
		}
		events, err := st.Audit(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 3 {
			t.Errorf("request %s has %d audit events, want 3 (request, approve, revoke)", r.ID, len(events))
		}
	}
}

// TestStoreKeepsConnection: the grant's Connection (how to reach the
// cluster through its bastion host) survives a round trip.
func TestStoreKeepsConnection(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t)
	r := newRequest(t, st, "alice@example.com")
	n := r
	n.State, n.Version, n.ChangedBy, n.Changed = bastion.StateApproved, r.Version+1, "bob", t0.Add(time.Minute)
	n.Connection = bastion.Connection{Host: "i-0123", Region: "eu-west-1",
		Command: "aws ssm start-session --target i-0123 --document-name AWS-StartPortForwardingSessionToRemoteHost"}
	if err := st.Transition(ctx, r.State, n, bastion.Event{RequestID: r.ID, Version: n.Version, At: n.Changed, Actor: "bob", Action: "approve", From: r.State, To: n.State}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != n {
		t.Errorf("Get:\n got %+v\nwant %+v", got, n)
	}
}

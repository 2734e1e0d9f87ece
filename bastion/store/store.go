package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/auroradoc/auroradoc/bastion"
)

// DefaultRetention is how long items are kept after a request ends (its
// terminal state) or after an event, before DynamoDB's TTL removes them.
const DefaultRetention = 400 * 24 * time.Hour

// Store is a bastion.Store on one DynamoDB table.
type Store struct {
	client    *dynamodb.Client
	table     string
	retention time.Duration
}

var _ bastion.Store = (*Store)(nil)

// New returns the store on table; retention ≤ 0 means DefaultRetention.
func New(client *dynamodb.Client, table string, retention time.Duration) *Store {
	if retention <= 0 {
		retention = DefaultRetention
	}
	return &Store{client: client, table: table, retention: retention}
}

func (st *Store) ttl(t time.Time) int64 { return t.Add(st.retention).Unix() }

// requestTTL is the TTL of r's item: set once r is in a terminal state.
func (st *Store) requestTTL(r bastion.Request) int64 {
	if r.State.Terminal() {
		return st.ttl(r.Changed)
	}
	return 0
}

func (st *Store) eventPut(ev bastion.Event) (*types.Put, error) {
	item, err := eventItem(ev, st.ttl(ev.At))
	if err != nil {
		return nil, err
	}
	return &types.Put{
		TableName:           aws.String(st.table),
		Item:                item,
		ConditionExpression: aws.String("attribute_not_exists(pk)"),
	}, nil
}

// Create stores a new request and its creation event.
func (st *Store) Create(ctx context.Context, r bastion.Request, ev bastion.Event) error {
	evPut, err := st.eventPut(ev)
	if err != nil {
		return err
	}
	_, err = st.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{
				TableName:           aws.String(st.table),
				Item:                requestItem(r, st.requestTTL(r)),
				ConditionExpression: aws.String("attribute_not_exists(pk)"),
			}},
			{Put: evPut},
		},
	})
	if err != nil {
		if code := cancelCode(err, 0); code == "ConditionalCheckFailed" {
			return fmt.Errorf("creating request %s: a request of that id exists", r.ID)
		}
		return fmt.Errorf("creating request %s: %w", r.ID, err)
	}
	return nil
}

// maxConflictRetries bounds the retries of a transaction DynamoDB
// cancelled for a conflict with another transaction on the same item.
const maxConflictRetries = 8

// Transition replaces the request, still in state from at version
// r.Version-1, by r and appends ev, atomically.
func (st *Store) Transition(ctx context.Context, from bastion.State, r bastion.Request, ev bastion.Event) error {
	evPut, err := st.eventPut(ev)
	if err != nil {
		return err
	}
	in := &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{
				TableName:                 aws.String(st.table),
				Item:                      requestItem(r, st.requestTTL(r)),
				ConditionExpression:       aws.String("#state = :from AND #version = :version"),
				ExpressionAttributeNames:  map[string]string{"#state": "state", "#version": "version"},
				ExpressionAttributeValues: map[string]types.AttributeValue{":from": s(string(from)), ":version": n(int64(r.Version - 1))},
			}},
			{Put: evPut},
		},
	}
	for attempt := 0; ; attempt++ {
		_, err = st.client.TransactWriteItems(ctx, in)
		if err == nil {
			return nil
		}
		switch cancelCode(err, 0) {
		case "ConditionalCheckFailed":
			return st.stateError(ctx, r.ID, bastion.Action(ev.Action))
		case "TransactionConflict":
			if attempt < maxConflictRetries {
				if err := sleep(ctx, time.Duration(attempt+1)*20*time.Millisecond); err != nil {
					return err
				}
				continue
			}
		}
		return fmt.Errorf("%s request %s (%s → %s): %w", ev.Action, r.ID, from, r.State, err)
	}
}

// stateError reads the request as it is now, to say why a conditional
// write failed.
func (st *Store) stateError(ctx context.Context, id string, action bastion.Action) error {
	cur, err := st.Get(ctx, id)
	if err != nil {
		return err
	}
	return bastion.NewStateError(cur, action)
}

// cancelCode returns the cancellation reason code of the i-th item of a
// cancelled transaction ("" when err is not one, or says nothing of it);
// "TransactionConflict" when any item conflicted.
func cancelCode(err error, i int) string {
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) {
		return ""
	}
	for _, r := range tce.CancellationReasons {
		if aws.ToString(r.Code) == "TransactionConflict" {
			return "TransactionConflict"
		}
	}
	if i < len(tce.CancellationReasons) {
		return aws.ToString(tce.CancellationReasons[i].Code)
	}
	return ""
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Get returns the request id.
func (st *Store) Get(ctx context.Context, id string) (bastion.Request, error) {
	out, err := st.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(st.table),
		Key:            map[string]types.AttributeValue{attrPK: s(pk(id)), attrSK: s(skRequest)},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return bastion.Request{}, fmt.Errorf("reading request %s: %w", id, err)
	}
	if out.Item == nil {
		return bastion.Request{}, fmt.Errorf("%w: %s", bastion.ErrNotFound, id)
	}
	return decodeRequest(out.Item)
}

// List returns the requests in one of states (all when none), ordered by
// creation time, then id. It scans the table: requests are few (a grant
// is hours long, items expire after the retention).
func (st *Store) List(ctx context.Context, states ...bastion.State) ([]bastion.Request, error) {
	want := map[bastion.State]bool{}
	for _, s := range states {
		want[s] = true
	}
	in := &dynamodb.ScanInput{
		TableName:                 aws.String(st.table),
		FilterExpression:          aws.String("sk = :sk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":sk": s(skRequest)},
		ConsistentRead:            aws.Bool(true),
	}
	var out []bastion.Request
	p := dynamodb.NewScanPaginator(st.client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing requests: %w", err)
		}
		for _, item := range page.Items {
			r, err := decodeRequest(item)
			if err != nil {
				return nil, err
			}
			if len(want) == 0 || want[r.State] {
				out = append(out, r)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Append adds an event that changes no state.
func (st *Store) Append(ctx context.Context, ev bastion.Event) error {
	put, err := st.eventPut(ev)
	if err != nil {
		return err
	}
	_, err = st.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: put.TableName, Item: put.Item, ConditionExpression: put.ConditionExpression,
	})
	if err != nil {
		return fmt.Errorf("appending %s event of request %s: %w", ev.Action, ev.RequestID, err)
	}
	return nil
}

// Audit returns the events of request id in time order.
func (st *Store) Audit(ctx context.Context, id string) ([]bastion.Event, error) {
	in := &dynamodb.QueryInput{
		TableName:              aws.String(st.table),
		KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :ev)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": s(pk(id)), ":ev": s(evPrefix),
		},
		ConsistentRead: aws.Bool(true),
	}
	var out []bastion.Event
	p := dynamodb.NewQueryPaginator(st.client, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the audit of request %s: %w", id, err)
		}
		for _, item := range page.Items {
			ev, err := decodeEvent(item)
			if err != nil {
				return nil, err
			}
			out = append(out, ev)
		}
	}
	if len(out) == 0 {
		if _, err := st.Get(ctx, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

package store

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/auroradoc/auroradoc/bastion"
)

// skRequest is the sort key of a request's own item.
const skRequest = "REQUEST"

// evPrefix starts the sort key of every event item.
const evPrefix = "EV#"

func pk(id string) string { return "REQ#" + id }

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

func n(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// requestItem is r as a table item; ttl (epoch seconds) is set when
// positive.
func requestItem(r bastion.Request, ttl int64) map[string]types.AttributeValue {
	item := map[string]types.AttributeValue{
		attrPK:         s(pk(r.ID)),
		attrSK:         s(skRequest),
		"id":           s(r.ID),
		"requester":    s(r.Requester),
		"cluster":      s(r.Cluster),
		"level":        s(string(r.Level)),
		"duration_ns":  n(int64(r.Duration)),
		"start":        s(ts(r.Start)),
		"reason":       s(r.Reason),
		"created":      s(ts(r.Created)),
		"state":        s(string(r.State)),
		"version":      n(int64(r.Version)),
		"changed_by":   s(r.ChangedBy),
		"changed":      s(ts(r.Changed)),
		"approved_by":  s(r.ApprovedBy),
		"db_user":      s(r.User),
		"secret_name":  s(r.SecretName),
		"failure":      s(r.Failure),
		"kept_locked":  s(r.KeptLocked),
		"warned":       s(ts(r.Warned)),
		"provisioning": s(ts(r.Provisioning)),
		// How to reach the cluster (no credential in it).
		"conn_host":    s(r.Connection.Host),
		"conn_region":  s(r.Connection.Region),
		"conn_command": s(r.Connection.Command),
	}
	if ttl > 0 {
		item[attrTTL] = n(ttl)
	}
	return item
}

// itemReader reads attributes of one item, remembering the first problem.
type itemReader struct {
	item map[string]types.AttributeValue
	err  error
}

func (r *itemReader) str(name string) string {
	switch v := r.item[name].(type) {
	case *types.AttributeValueMemberS:
		return v.Value
	case nil:
		return ""
	}
	r.fail("attribute %s is not a string", name)
	return ""
}

func (r *itemReader) num(name string) int64 {
	v, ok := r.item[name].(*types.AttributeValueMemberN)
	if !ok {
		r.fail("attribute %s is not a number", name)
		return 0
	}
	i, err := strconv.ParseInt(v.Value, 10, 64)
	if err != nil {
		r.fail("attribute %s: %v", name, err)
	}
	return i
}

func (r *itemReader) time(name string) time.Time {
	v := r.str(name)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		r.fail("attribute %s: %v", name, err)
	}
	return t
}

func (r *itemReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

// decodeRequest reads a request item.
func decodeRequest(item map[string]types.AttributeValue) (bastion.Request, error) {
	r := &itemReader{item: item}
	req := bastion.Request{
		ID: r.str("id"), Requester: r.str("requester"), Cluster: r.str("cluster"),
		Level: bastion.Level(r.str("level")), Duration: time.Duration(r.num("duration_ns")),
		Start: r.time("start"), Reason: r.str("reason"), Created: r.time("created"),
		State: bastion.State(r.str("state")), Version: int(r.num("version")),
		ChangedBy: r.str("changed_by"), Changed: r.time("changed"), ApprovedBy: r.str("approved_by"),
		User: r.str("db_user"), SecretName: r.str("secret_name"), Failure: r.str("failure"), KeptLocked: r.str("kept_locked"),
		Warned: r.time("warned"), Provisioning: r.time("provisioning"),
		Connection: bastion.Connection{Host: r.str("conn_host"), Region: r.str("conn_region"), Command: r.str("conn_command")},
	}
	if r.err != nil {
		return bastion.Request{}, fmt.Errorf("decoding request item %s: %w", req.ID, r.err)
	}
	return req, nil
}

// eventItem is ev as a table item, with a sort key that orders it by the
// request's version, then time, and a random suffix that keeps two events
// of one nanosecond apart.
func eventItem(ev bastion.Event, ttl int64) (map[string]types.AttributeValue, error) {
	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		return nil, fmt.Errorf("reading random bytes: %w", err)
	}
	item := map[string]types.AttributeValue{
		attrPK:       s(pk(ev.RequestID)),
		attrSK:       s(fmt.Sprintf("%s%08d#%020d#%s", evPrefix, ev.Version, ev.At.UnixNano(), hex.EncodeToString(suffix))),
		"version":    n(int64(ev.Version)),
		"request_id": s(ev.RequestID),
		"at":         s(ts(ev.At)),
		"actor":      s(ev.Actor),
		"action":     s(ev.Action),
		"reason":     s(ev.Reason),
		"from":       s(string(ev.From)),
		"to":         s(string(ev.To)),
		"detail":     s(ev.Detail),
	}
	if ttl > 0 {
		item[attrTTL] = n(ttl)
	}
	return item, nil
}

// decodeEvent reads an event item.
func decodeEvent(item map[string]types.AttributeValue) (bastion.Event, error) {
	r := &itemReader{item: item}
	ev := bastion.Event{
		RequestID: r.str("request_id"), Version: int(r.num("version")), At: r.time("at"), Actor: r.str("actor"), Action: r.str("action"),
		Reason: r.str("reason"), From: bastion.State(r.str("from")), To: bastion.State(r.str("to")),
		Detail: r.str("detail"),
	}
	if r.err != nil {
		return bastion.Event{}, fmt.Errorf("decoding audit item of %s: %w", ev.RequestID, r.err)
	}
	return ev, nil
}

// Package store keeps the access engine's requests and audit events in one
// DynamoDB table: every transition is a conditional write on the request's
// state and version (one of two concurrent actors wins, the other gets a
// *bastion.StateError), audit items are append-only, and old items carry a
// TTL attribute.
//
// Layout: partition key "pk" = "REQ#<id>"; sort key "sk" = "REQUEST" for
// the request item and "EV#<request version, 8 digits>#<unix nanoseconds, 20 digits>#<random>" for its
// events, so a Query of one partition returns the request's audit trail in
// order (clock skew between engines cannot reorder transitions). The TTL attribute is "ttl" (epoch seconds), set on events
// and on requests in a terminal state.
package store

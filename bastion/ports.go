package bastion

import (
	"context"
	"time"
)

// Level is an access level a request asks for; the configuration maps each
// to the privileges it grants.
type Level string

// The access levels.
const (
	LevelRead Level = "read" // SELECT (and SHOW VIEW)
	LevelDML  Level = "dml"  // read + INSERT, UPDATE, DELETE
	LevelDDL  Level = "ddl"  // dml + CREATE, ALTER, DROP, INDEX, …
)

// Privileges are what a level grants on a cluster: the MySQL privileges,
// and the schemas they apply to ("*" for every schema).
type Privileges struct {
	Privileges []string
	Schemas    []string
}

// Database is the database side of a grant, on one cluster. Every method
// is idempotent, so a crashed engine redoes a step safely.
type Database interface {
	// Provision creates user with password and the level's privileges
	// on cluster. A user of that name that exists already (a retry) gets
	// the password and privileges set again.
	Provision(ctx context.Context, cluster, user, password string, p Privileges) error
	// Lock stops new logins of user on cluster (ACCOUNT LOCK); a user
	// that does not exist is not an error.
	Lock(ctx context.Context, cluster, user string) error
	// Kill ends every session of user on every instance of cluster and
	// returns how many it killed.
	Kill(ctx context.Context, cluster, user string) (int, error)
	// Drop removes user from cluster; a user that does not exist is not
	// an error.
	Drop(ctx context.Context, cluster, user string) error
	// Verify reports what is left of user on cluster: whether the account
	// exists, and its sessions on every instance.
	Verify(ctx context.Context, cluster, user string) (exists bool, sessions int, err error)
}

// Secrets holds the one-time credentials of grants: one secret per grant,
// never anywhere else. Both methods are idempotent.
type Secrets interface {
	// Put stores value under name with tags (requester, cluster, grant
	// id, expiry) and returns the secret's ARN; an existing secret of
	// that name gets the new value.
	Put(ctx context.Context, name string, value []byte, tags map[string]string) (arn string, err error)
	// Delete removes the secret at once (no recovery window); a missing
	// secret is not an error.
	Delete(ctx context.Context, name string) error
}

// Network is the connectivity side of a grant: the host in the cluster's
// VPC through which the requester reaches it (SSM Session Manager port
// forwarding, no inbound ports). It is optional: without it a grant has a
// database user and a secret, and the requester brings their own path.
// Both methods are idempotent, so a crashed engine redoes them safely.
type Network interface {
	// Open makes the path to r's cluster ready (starts the VPC's warm host,
	// or creates a host for r alone) and says how to use it.
	Open(ctx context.Context, r Request) (Connection, error)
	// Close releases r's path: terminates r's own host, or stops the warm
	// host once no other active grant of its VPC needs it.
	Close(ctx context.Context, r Request) error
}

// Timers wake the engine at a grant's start, expiry warning and expiry
// (one-time EventBridge Scheduler schedules on AWS), so a grant moves on
// time without a frequent sweep; the periodic sweep stays the safety net.
// A timer that could not be set or cleared is audited, never fatal: a
// timer firing for a grant that has moved on does nothing.
type Timers interface {
	// Set sets r's timers: its start (when ahead), its warning
	// (warnBefore its end) and its end. Setting them again is harmless.
	Set(ctx context.Context, r Request, warnBefore time.Duration) error
	// Clear removes r's timers that have not fired; none is fine.
	Clear(ctx context.Context, r Request) error
}

// Connection is how the requester of an active grant reaches its cluster.
// It holds no credential.
type Connection struct {
	Host    string `json:"host,omitempty"`    // the SSM target (instance id)
	Region  string `json:"region,omitempty"`  // the host's region
	Command string `json:"command,omitempty"` // the port-forwarding command to run
}

// NoticeKind is what happened to a request that someone should be told.
type NoticeKind string

// The notices the engine gives.
const (
	NoticeRequested NoticeKind = "requested" // approvers: a request waits
	NoticeApproved  NoticeKind = "approved"  // requester: how to connect (never the password)
	NoticeDenied    NoticeKind = "denied"    // requester: with the reason
	NoticeWarned    NoticeKind = "warned"    // requester: expiry is near
	NoticeRevoked   NoticeKind = "revoked"   // requester: access ended
	NoticeExpired   NoticeKind = "expired"   // requester: nobody approved in time
	NoticeFailed    NoticeKind = "failed"    // requester and approvers: provisioning failed
)

// Notifier tells people about requests (the front end: Slack, a web page).
// It is called after the transition is stored; its error is audited and
// never undoes the transition.
type Notifier interface {
	Notify(ctx context.Context, kind NoticeKind, r Request) error
}

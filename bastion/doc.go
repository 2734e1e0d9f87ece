// Package bastion is the just-in-time database access engine ("instant
// bastion"): an engineer requests access to one cluster at one level for a
// bounded time, someone else who is an approver for that cluster approves,
// the engine creates a per-person MySQL user whose one-time password lives
// only in Secrets Manager, warns before expiry and revokes at expiry —
// locking the user, killing its sessions on every instance and dropping
// it. Every step is a conditional state transition and an append-only
// audit event.
//
// This package holds the domain (requests, levels, states, the state
// machine, audit events) and the engine that drives it; the ports below
// are implemented by its subpackages: the DynamoDB state and audit store,
// the database side, and the secrets side.
package bastion

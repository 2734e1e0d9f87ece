// Package guardrail checks one snapshot against detective guardrails: a
// fixed set of rules a DBRE expects every MySQL-compatible server to follow
// (TLS required, audit logging on, utf8mb4, primary keys, indexed foreign
// keys, strict SQL mode, …). Each violation becomes a drift.Finding of kind
// guardrail, so reports, history pages and the policy treat it like any
// other finding. It looks at the snapshot only; it never connects to a
// server.
package guardrail

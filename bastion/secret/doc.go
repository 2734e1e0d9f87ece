// Package secret is the access engine's secrets side (bastion.Secrets) on
// AWS Secrets Manager: one secret per grant, holding the grant's one-time
// credentials, tagged with who and until when, and deleted at once (no
// recovery window) at revocation. Both operations are idempotent, so the
// engine can redo them after a crash. Secret values never appear in an
// error, a log line or a String().
package secret

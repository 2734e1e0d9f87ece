// Package slackapp is the Slack front end of the access engine: an
// http.Handler for Slack's slash command and interactivity endpoints
// (request modal, approval message with Approve / Deny, deny-reason
// modal), the bastion.Notifier that posts the approval message and DMs
// the requester (never the password), and the bastion.Policy that checks
// approvers against Slack user groups at click time.
//
// Every request is checked before anything else: the v0 HMAC-SHA256
// signature (constant-time compare) over a timestamp at most 5 minutes
// old, the signature not seen before (a Replay memory: the bastion
// DynamoDB table across Lambda instances, memory in dev), and the team and
// app ids ours. The acting person is the payload's user.id, mapped to the
// engine actor "slack:<user id>" (Actor); the engine checks approvers and
// the requester rule on every action, and audits refusals.
//
// Slack wants an answer within 3 seconds: slow work (approving, which
// provisions the grant; denying) is a Work value handed to
// Options.Dispatch. The default runs it on a goroutine with a context
// detached from the HTTP request (bastion serve); a Lambda entrypoint
// sets Dispatch to invoke itself asynchronously with the Work as JSON and
// calls App.Run with it (a frozen Lambda runs no goroutines after the
// response).
package slackapp

// Package devpage is the local try-it page of the access engine (bastion
// serve --dev): one html/template page that walks the request/approval
// flow without Slack or AWS — a request form, the pending requests with
// Approve / Deny as another person, the active grants with Revoke, the
// notices the engine gave and any request's audit trail — plus the dev
// sides it needs: a Notifier that keeps the notices for the page, and
// Secrets kept in 0600 files (the requester reads the password from the
// file, as from Secrets Manager; the page never shows it).
//
// It has no authentication (anyone who reaches it acts as anyone), so
// bastion serve binds it to loopback only; forms carry a per-process
// token against cross-site posts, and the Content-Security-Policy allows
// no script at all.
package devpage

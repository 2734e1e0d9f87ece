// Command bastion is the just-in-time database access CLI: the contract
// operators use to request, approve, deny, cancel and revoke access, run
// the sweep, and read the audit trail; `bastion serve` runs the Slack app
// (bastion/slackapp) over HTTP, and `bastion serve --dev` the local page
// (bastion/devpage) without Slack or AWS.
//
// Exit codes:
//
//	0  success
//	1  partial failure: the action was recorded but a step after it failed
//	   (provisioning, a revocation step, some of a sweep); the next sweep retries
//	2  usage or configuration error: nothing was done
//	3  refused: not allowed, wrong state (already approved, denied, expired…), no such request
//
// --as names the person acting. The CLI trusts it: the front end that
// calls it authenticates people; approval rules are checked here, against
// the configuration, never by the caller.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdout: os.Stdout, stderr: os.Stderr})
	stop()
	os.Exit(code)
}

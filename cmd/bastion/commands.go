package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/bastion"
)

func commands() map[string]*command {
	return map[string]*command{
		"request": requestCommand(),
		"approve": decideCommand("approve"),
		"deny":    decideCommand("deny"),
		"cancel":  decideCommand("cancel"),
		"revoke":  decideCommand("revoke"),
		"list":    listCommand(),
		"sweep":   sweepCommand(),
		"audit":   auditCommand(),
		"serve":   serveCommand(),
	}
}

func requestCommand() *command {
	return &command{setup: func(fs *flag.FlagSet, c *call) func(context.Context) int {
		var as, cluster, level, forText, startText, reason string
		fs.StringVar(&as, "as", "", "the person asking (required)")
		fs.StringVar(&cluster, "cluster", "", "the cluster (required)")
		fs.StringVar(&level, "level", "", "read, dml or ddl (required)")
		fs.StringVar(&forText, "for", "", "how long, such as 2h or 30m (required)")
		fs.StringVar(&startText, "start", "", "when access starts, RFC 3339 (default now)")
		fs.StringVar(&reason, "reason", "", "why: a ticket or incident (required)")
		return func(ctx context.Context) int {
			if err := requireFlags(map[string]*string{"as": &as, "cluster": &cluster, "level": &level, "for": &forText, "reason": &reason}); err != nil {
				return c.fail(exitUsage, err)
			}
			d, err := time.ParseDuration(forText)
			if err != nil {
				return c.fail(exitUsage, fmt.Errorf("--for %q: use a duration such as 2h or 30m", forText))
			}
			var start time.Time
			if startText != "" {
				if start, err = time.Parse(time.RFC3339, startText); err != nil {
					return c.fail(exitUsage, fmt.Errorf("--start %q: use RFC 3339, such as 2026-12-05T14:00:00Z", startText))
				}
			}
			e, release, code, err := c.engine(ctx, false)
			if err != nil {
				return c.fail(code, err)
			}
			defer release()
			r, err := e.Request(ctx, bastion.Ask{Requester: as, Cluster: cluster, Level: bastion.Level(level), Duration: d, Start: start, Reason: reason})
			if err != nil {
				return c.failEngine(err)
			}
			fmt.Fprintf(c.stdout, "requested %s access to %s for %s from %s (database user %s); an approver for %s must approve it\n",
				r.Level, r.Cluster, r.Duration, r.Start.Format(time.RFC3339), r.User, r.Cluster)
			fmt.Fprintln(c.stdout, r.ID)
			return exitOK
		}
	}}
}

// decideCommand is approve, deny, cancel and revoke: a person acting on
// one request.
func decideCommand(name string) *command {
	return &command{args: 1, setup: func(fs *flag.FlagSet, c *call) func(context.Context) int {
		var as, reason string
		fs.StringVar(&as, "as", "", "the person acting (required)")
		if name == "deny" || name == "revoke" {
			fs.StringVar(&reason, "reason", "", "why (required for deny)")
		}
		return func(ctx context.Context) int {
			required := map[string]*string{"as": &as}
			if name == "deny" {
				required["reason"] = &reason
			}
			if err := requireFlags(required); err != nil {
				return c.fail(exitUsage, err)
			}
			id := c.args[0]
			e, release, code, err := c.engine(ctx, name == "approve" || name == "revoke")
			if err != nil {
				return c.fail(code, err)
			}
			defer release()
			var r bastion.Request
			switch name {
			case "approve":
				r, err = e.Approve(ctx, as, id)
			case "deny":
				r, err = e.Deny(ctx, as, id, reason)
			case "cancel":
				r, err = e.Cancel(ctx, as, id)
			case "revoke":
				r, err = e.Revoke(ctx, as, id, reason)
			}
			if err != nil {
				if r.ID != "" && r.State != "" && !isRefusal(err) {
					fmt.Fprintf(c.stdout, "%s: %s\n", r.ID, r.State)
				}
				return c.failEngine(err)
			}
			fmt.Fprintf(c.stdout, "%s: %s", r.ID, r.State)
			if r.State == bastion.StateActive {
				fmt.Fprintf(c.stdout, " until %s; database user %s, password in secret %s", r.End().Format(time.RFC3339), r.User, r.SecretName)
			}
			if r.KeptLocked != "" {
				fmt.Fprintf(c.stdout, "; the database account was kept locked, not dropped: %s", r.KeptLocked)
			}
			fmt.Fprintln(c.stdout)
			return exitOK
		}
	}}
}

func isRefusal(err error) bool {
	return errorsIsAny(err, bastion.ErrInvalid, bastion.ErrNotAllowed, bastion.ErrWrongState, bastion.ErrNotFound)
}

func listCommand() *command {
	return &command{setup: func(fs *flag.FlagSet, c *call) func(context.Context) int {
		var format, states string
		fs.StringVar(&format, "format", "text", "text or json")
		fs.StringVar(&states, "state", "", "only requests in these states (comma-separated)")
		return func(ctx context.Context) int {
			if format != "text" && format != "json" {
				return c.fail(exitUsage, fmt.Errorf("--format %q: use text or json", format))
			}
			var want []bastion.State
			for _, s := range strings.Split(states, ",") {
				if s = strings.TrimSpace(s); s == "" {
					continue
				}
				if !validState(bastion.State(s)) {
					return c.fail(exitUsage, fmt.Errorf("--state %q is not a state", s))
				}
				want = append(want, bastion.State(s))
			}
			e, release, code, err := c.engine(ctx, false)
			if err != nil {
				return c.fail(code, err)
			}
			defer release()
			list, err := e.List(ctx, want...)
			if err != nil {
				return c.failEngine(err)
			}
			if format == "json" {
				return c.writeJSON(listJSON(list))
			}
			writeList(c.stdout, list)
			return exitOK
		}
	}}
}

func validState(s bastion.State) bool {
	for _, v := range bastion.States() {
		if v == s {
			return true
		}
	}
	return false
}

func sweepCommand() *command {
	return &command{setup: func(fs *flag.FlagSet, c *call) func(context.Context) int {
		return func(ctx context.Context) int {
			e, release, code, err := c.engine(ctx, true)
			if err != nil {
				return c.fail(code, err)
			}
			defer release()
			rep, err := e.Sweep(ctx)
			if err != nil {
				return c.fail(exitPartial, err)
			}
			fmt.Fprintf(c.stdout, "sweep: %d expired, %d activated, %d warned, %d revoked, %d failed\n",
				rep.Expired, rep.Activated, rep.Warned, rep.Revoked, len(rep.Errors))
			if len(rep.Errors) > 0 {
				return c.fail(exitPartial, rep.Err())
			}
			return exitOK
		}
	}}
}

func auditCommand() *command {
	return &command{args: 1, setup: func(fs *flag.FlagSet, c *call) func(context.Context) int {
		var format string
		fs.StringVar(&format, "format", "text", "text or json")
		return func(ctx context.Context) int {
			if format != "text" && format != "json" {
				return c.fail(exitUsage, fmt.Errorf("--format %q: use text or json", format))
			}
			e, release, code, err := c.engine(ctx, false)
			if err != nil {
				return c.fail(code, err)
			}
			defer release()
			events, err := e.Audit(ctx, c.args[0])
			if err != nil {
				return c.failEngine(err)
			}
			if format == "json" {
				return c.writeJSON(events)
			}
			writeAudit(c.stdout, events)
			return exitOK
		}
	}}
}

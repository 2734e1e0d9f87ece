package slackapp

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/auroradoc/auroradoc/bastion"
)

// Policy is the engine's bastion.Policy with Slack user groups: an actor
// approves on a cluster when the configuration says so (users, groups of
// bastion.yaml), or when it is a Slack user who is, at the time of the
// click, a member of one of the cluster's Slack user groups
// (usergroups.users.list; approvers.slack_groups in bastion.yaml). A user
// removed from the group loses the right at once; a Slack API error
// counts as "not an approver" (refused, never allowed).
type Policy struct {
	Base   bastion.Policy
	Client *slack.Client
	// Groups are the Slack user group ids of each cluster.
	Groups map[string][]string
	Logger *slog.Logger
}

var _ bastion.Policy = (*Policy)(nil)

// groupTimeout bounds one usergroups.users.list call.
const groupTimeout = 5 * time.Second

// IsApprover reports whether actor approves on cluster now.
func (p *Policy) IsApprover(cluster, actor string) bool {
	if p.Base.IsApprover(cluster, actor) {
		return true
	}
	user, ok := UserID(actor)
	if !ok {
		return false
	}
	for _, g := range p.Groups[cluster] {
		ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
		members, err := p.Client.GetUserGroupMembersContext(ctx, g)
		cancel()
		if err != nil {
			if p.Logger != nil {
				p.Logger.Warn("reading a Slack approver group (counted as not an approver)", "group", g, "cluster", cluster, "err", err)
			}
			continue
		}
		if slices.Contains(members, user) {
			return true
		}
	}
	return false
}

// Privileges is the configuration's.
func (p *Policy) Privileges(cluster string, level bastion.Level) (bastion.Privileges, bool) {
	return p.Base.Privileges(cluster, level)
}

package slackapp

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/auroradoc/auroradoc/bastion"
)

// Notifier is the bastion.Notifier of the Slack app: a new request is
// posted to the approvers' channel with Approve / Deny; every other
// notice is a DM to the requester (a failure also goes to the channel).
// A requester who is not a Slack user (CLI, dev page) gets no DM: the
// notice fails, and the engine audits that.
type Notifier struct {
	Client *slack.Client
	// Channel is the approvers' channel id.
	Channel string
	// Audit reads a request's audit trail, for the reasons of denials
	// and revocations (the engine's Store.Audit).
	Audit func(ctx context.Context, id string) ([]bastion.Event, error)
}

var _ bastion.Notifier = (*Notifier)(nil)

// Notify posts the notice of kind about the stored request r.
func (n *Notifier) Notify(ctx context.Context, kind bastion.NoticeKind, r bastion.Request) error {
	if kind == bastion.NoticeRequested {
		blocks, text := approvalMessage(r)
		if _, _, err := n.Client.PostMessageContext(ctx, n.Channel, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText(text, false)); err != nil {
			return fmt.Errorf("posting the approval message of %s to %s: %w", r.ID, n.Channel, err)
		}
		return nil
	}
	by, reason, err := n.why(ctx, kind, r)
	if err != nil {
		return err
	}
	text, blocks := noticeText(kind, r, by, reason)
	if text == "" {
		return fmt.Errorf("no Slack message for notice %q", kind)
	}
	if kind == bastion.NoticeFailed {
		if _, _, err := n.Client.PostMessageContext(ctx, n.Channel, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText(text, false)); err != nil {
			return fmt.Errorf("posting the failure of %s to %s: %w", r.ID, n.Channel, err)
		}
	}
	user, ok := UserID(r.Requester)
	if !ok {
		return fmt.Errorf("requester %q is not a Slack user: no DM", r.Requester)
	}
	// A bot posting to a user id writes in its DM with that user.
	if _, _, err := n.Client.PostMessageContext(ctx, user, slack.MsgOptionBlocks(blocks...), slack.MsgOptionText(text, false)); err != nil {
		return fmt.Errorf("sending the %s DM of %s: %w", kind, r.ID, err)
	}
	return nil
}

// why finds who denied or revoked r, and why, in its audit trail.
func (n *Notifier) why(ctx context.Context, kind bastion.NoticeKind, r bastion.Request) (by, reason string, err error) {
	var want bastion.Action
	switch kind {
	case bastion.NoticeDenied:
		want = bastion.ActionDeny
	case bastion.NoticeRevoked:
		want = bastion.ActionRevoke
	default:
		return "", "", nil
	}
	if n.Audit == nil {
		return "", "", nil
	}
	events, err := n.Audit(ctx, r.ID)
	if err != nil {
		return "", "", fmt.Errorf("reading the audit of %s for its %s notice: %w", r.ID, kind, err)
	}
	for _, ev := range events {
		if bastion.Action(ev.Action) == want {
			by, reason = ev.Actor, ev.Reason
		}
	}
	return by, reason, nil
}

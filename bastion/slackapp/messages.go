package slackapp

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/auroradoc/auroradoc/bastion"
)

// Every message is built from a stored request. Text the requester shapes
// (the reason) is only ever shown in plain_text objects, which Slack shows
// literally (no mentions, no links, no formatting); everything in mrkdwn
// goes through Escape. Fallback texts (notifications) never hold the
// reason.

// stamp formats t for messages.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// summary is the mrkdwn line that says what r asks for.
func summary(r bastion.Request) string {
	return fmt.Sprintf("%s asks for *%s* access to *%s* for %s from %s (request `%s`)",
		mention(r.Requester), Escape(string(r.Level)), Escape(r.Cluster), r.Duration, stamp(r.Start), Escape(r.ID))
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// reasonBlock shows a person's free text inert, in plain_text.
func reasonBlock(label, reason string) slack.Block {
	return slack.NewSectionBlock(plain(label+": "+reason), nil, nil)
}

// approvalMessage is the message in the approvers' channel: the request
// as stored, and Approve / Deny buttons whose value is the request id.
func approvalMessage(r bastion.Request) ([]slack.Block, string) {
	approve := slack.NewButtonBlockElement(WorkApprove, r.ID, plain("Approve"))
	approve.Style = slack.StylePrimary
	deny := slack.NewButtonBlockElement(WorkDeny, r.ID, plain("Deny"))
	deny.Style = slack.StyleDanger
	return []slack.Block{
		slack.NewSectionBlock(mrkdwn(":key: "+summary(r)), nil, nil),
		reasonBlock("Reason", r.Reason),
		slack.NewActionBlock("decide", approve, deny),
	}, fmt.Sprintf("Access request %s: %s on %s, waiting for an approver", r.ID, r.Level, r.Cluster)
}

// decidedMessage is the approval message after a decision: the request,
// who decided and when (from the audit trail), and where it is now.
func decidedMessage(r bastion.Request, events []bastion.Event) ([]slack.Block, string) {
	var decision string
	var denyReason string
	for _, ev := range events {
		switch bastion.Action(ev.Action) {
		case bastion.ActionApprove:
			decision = fmt.Sprintf("Approved by %s at %s", mention(ev.Actor), stamp(ev.At))
		case bastion.ActionDeny:
			decision = fmt.Sprintf("Denied by %s at %s", mention(ev.Actor), stamp(ev.At))
			denyReason = ev.Reason
		}
	}
	if decision == "" {
		decision = "Not decided"
	}
	now := "now *" + Escape(string(r.State)) + "*"
	if r.Failure != "" {
		now += ": " + Escape(r.Failure)
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(summary(r)), nil, nil),
		reasonBlock("Reason", r.Reason),
		slack.NewContextBlock("decision", mrkdwn(decision+"; "+now)),
	}
	if denyReason != "" {
		blocks = append(blocks, reasonBlock("Why denied", denyReason))
	}
	return blocks, fmt.Sprintf("Access request %s: %s", r.ID, r.State)
}

// connectText says how to use the active grant r: never the password,
// only where it is and how to read it.
func connectText(r bastion.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, ":white_check_mark: Your *%s* access to *%s* is active until %s (request `%s`, approved by %s).\n",
		Escape(string(r.Level)), Escape(r.Cluster), stamp(r.End()), Escape(r.ID), mention(r.ApprovedBy))
	fmt.Fprintf(&b, "Database user: `%s`. The password is in the Secrets Manager secret `%s`; read it with:\n", Escape(r.User), Escape(r.SecretName))
	region := ""
	if r.Connection.Region != "" {
		region = " --region " + Escape(r.Connection.Region)
	}
	fmt.Fprintf(&b, "```aws secretsmanager get-secret-value --secret-id '%s'%s --query SecretString --output text```\n", Escape(r.SecretName), region)
	if r.Connection.Command != "" {
		fmt.Fprintf(&b, "Then open the tunnel:\n```%s```\n", Escape(r.Connection.Command))
	} else {
		b.WriteString("Then connect to the cluster's endpoint as that user.\n")
	}
	b.WriteString("The secret, the user and its sessions are removed at expiry.")
	return b.String()
}

// noticeText is the requester's DM of kind about r; reason is the denial's
// or revocation's reason from the audit trail (shown inert).
func noticeText(kind bastion.NoticeKind, r bastion.Request, by, reason string) (string, []slack.Block) {
	var text string
	switch kind {
	case bastion.NoticeApproved:
		text = connectText(r)
	case bastion.NoticeWarned:
		text = fmt.Sprintf(":hourglass: Your *%s* access to *%s* (request `%s`) ends at %s. Save your work; request again if you need more time.",
			Escape(string(r.Level)), Escape(r.Cluster), Escape(r.ID), stamp(r.End()))
	case bastion.NoticeRevoked:
		who := "it expired"
		if by != "" && by != bastion.SystemActor {
			who = "revoked by " + mention(by)
		}
		text = fmt.Sprintf(":lock: Your access to *%s* (request `%s`) has ended (%s): the database user `%s` is gone, its sessions were ended, and the secret is deleted.",
			Escape(r.Cluster), Escape(r.ID), who, Escape(r.User))
	case bastion.NoticeDenied:
		text = fmt.Sprintf(":no_entry: Your request `%s` for *%s* access to *%s* was denied by %s.", Escape(r.ID), Escape(string(r.Level)), Escape(r.Cluster), mention(r.ApprovedBy))
	case bastion.NoticeExpired:
		text = fmt.Sprintf(":zzz: Your request `%s` for *%s* expired: nobody approved it in time. Request again if you still need it.", Escape(r.ID), Escape(r.Cluster))
	case bastion.NoticeFailed:
		text = fmt.Sprintf(":x: Access request `%s` to *%s* could not be set up: %s. Nothing of it is left; an operator has the audit trail.", Escape(r.ID), Escape(r.Cluster), Escape(r.Failure))
	default:
		return "", nil
	}
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)}
	if reason != "" {
		blocks = append(blocks, reasonBlock("Reason", reason))
	}
	return text, blocks
}

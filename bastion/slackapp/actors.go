package slackapp

import (
	"fmt"
	"regexp"
	"strings"
)

// ActorPrefix starts every engine actor that is a Slack user.
const ActorPrefix = "slack:"

// userIDRE is the form of Slack user ids (U… or W… for Enterprise Grid).
var userIDRE = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)

// Actor is the engine actor of Slack user id: "slack:" + id. Ids are
// unique within a team, and only our team's requests are accepted, so the
// mapping is one-to-one; bastion.yaml lists Slack approvers in this form
// (approvers.users: [slack:U012ABC]).
func Actor(userID string) (string, error) {
	if !userIDRE.MatchString(userID) {
		return "", fmt.Errorf("%q is not a Slack user id", userID)
	}
	return ActorPrefix + userID, nil
}

// UserID returns the Slack user id of actor, false when actor is not a
// Slack user (a CLI or dev-page user).
func UserID(actor string) (string, bool) {
	id, ok := strings.CutPrefix(actor, ActorPrefix)
	if !ok || !userIDRE.MatchString(id) {
		return "", false
	}
	return id, true
}

// mention is how actor is shown in mrkdwn: a Slack mention for a Slack
// user, the escaped name otherwise.
func mention(actor string) string {
	if id, ok := UserID(actor); ok {
		return "<@" + id + ">"
	}
	return Escape(actor)
}

// Escape makes s inert in Slack mrkdwn: &, < and > become entities, so
// no <!channel>, <@U…> or <http://…|link> can be formed from it.
func Escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

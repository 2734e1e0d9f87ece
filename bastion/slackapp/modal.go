package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/auroradoc/auroradoc/bastion"
)

// The views' callback ids and the request modal's block ids (each block's
// one element has the block's id as its action id).
const (
	callbackRequest = "bastion_request"
	callbackDeny    = "bastion_deny"

	blockCluster  = "cluster"
	blockLevel    = "level"
	blockDuration = "duration"
	blockStart    = "start"
	blockReason   = "reason"
)

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func option(v string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(v, plain(v), nil)
}

// requestModal is the request form: cluster (of clusters), level,
// duration, start and reason.
func requestModal(clusters []string) slack.ModalViewRequest {
	var cl []*slack.OptionBlockObject
	for _, c := range clusters {
		cl = append(cl, option(c))
	}
	levels := []*slack.OptionBlockObject{option(string(bastion.LevelRead)), option(string(bastion.LevelDML)), option(string(bastion.LevelDDL))}
	level := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("level"), blockLevel, levels...)
	level.InitialOption = levels[0]
	duration := slack.NewPlainTextInputBlockElement(plain("such as 30m or 2h"), blockDuration)
	duration.InitialValue = "1h"
	reason := slack.NewPlainTextInputBlockElement(plain("the ticket or incident, and what you will do"), blockReason)
	reason.Multiline = true
	reason.MaxLength = 1000
	start := slack.NewInputBlock(blockStart, plain("Start (UTC, RFC 3339; empty: now)"), nil,
		slack.NewPlainTextInputBlockElement(plain("2026-12-05T14:00:00Z"), blockStart))
	start.Optional = true
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackRequest,
		Title: plain("Database access"), Submit: plain("Request"), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock(blockCluster, plain("Cluster"), nil, slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("cluster"), blockCluster, cl...)),
			slack.NewInputBlock(blockLevel, plain("Level"), nil, level),
			slack.NewInputBlock(blockDuration, plain("For how long"), nil, duration),
			start,
			slack.NewInputBlock(blockReason, plain("Reason"), nil, reason),
		}},
	}
}

// value returns the submitted value of block (a select's option or a
// text input's text).
func value(cb slack.InteractionCallback, block string) string {
	if cb.View.State == nil {
		return ""
	}
	v := cb.View.State.Values[block][block]
	if v.SelectedOption.Value != "" {
		return v.SelectedOption.Value
	}
	return strings.TrimSpace(v.Value)
}

// submitRequest records the submitted request as actor, or returns the
// modal's errors (response_action: errors) without recording anything.
func (a *App) submitRequest(ctx context.Context, actor string, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	errs := map[string]string{}
	ask := bastion.Ask{Requester: actor, Cluster: value(cb, blockCluster), Level: bastion.Level(value(cb, blockLevel)), Reason: value(cb, blockReason)}
	clusters, err := a.o.Clusters(ctx)
	if err != nil {
		a.o.Logger.Error("listing clusters for a request", "err", err)
		errs[blockCluster] = "cannot list the clusters now; try again"
	} else if !slices.Contains(clusters, ask.Cluster) {
		errs[blockCluster] = "pick a cluster from the list"
	}
	if !bastion.ValidLevel(ask.Level) {
		errs[blockLevel] = "pick read, dml or ddl"
	}
	if ask.Duration, err = time.ParseDuration(value(cb, blockDuration)); err != nil || ask.Duration <= 0 {
		errs[blockDuration] = "use a duration such as 30m or 2h"
	}
	if s := value(cb, blockStart); s != "" && s != "now" {
		if ask.Start, err = time.Parse(time.RFC3339, s); err != nil {
			errs[blockStart] = "use RFC 3339, such as 2026-12-05T14:00:00Z, or leave it empty for now"
		}
	}
	if ask.Reason == "" {
		errs[blockReason] = "say why: a ticket or incident"
	}
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	r, err := a.o.Engine.Request(ctx, ask)
	if err != nil {
		if !errors.Is(err, bastion.ErrInvalid) {
			a.o.Logger.Error("recording a request", "requester", actor, "err", err)
		}
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockFor(err): err.Error()})
	}
	return slack.NewUpdateViewSubmissionResponse(&slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Database access"), Close: plain("Close"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(plain(fmt.Sprintf(
			"Requested %s access to %s for %s (request %s). An approver will decide; you will get a DM.", r.Level, r.Cluster, r.Duration, r.ID)), nil, nil)}},
	})
}

// blockFor picks the modal block an engine refusal is about.
func blockFor(err error) string {
	msg := err.Error()
	for _, b := range []string{blockDuration, blockStart, blockReason, blockCluster, blockLevel} {
		if strings.Contains(msg, b) {
			return b
		}
	}
	return blockReason
}

// denyMeta is the deny modal's private metadata: the request and the
// approval message to update. Slack keeps it with the view; the engine
// checks the actor whatever it says.
type denyMeta struct {
	ID      string `json:"id"`
	Channel string `json:"channel"`
	TS      string `json:"ts"`
}

// denyModal asks an approver why they deny request id.
func denyModal(m denyMeta) slack.ModalViewRequest {
	meta, _ := json.Marshal(m)
	reason := slack.NewPlainTextInputBlockElement(plain("why not"), blockReason)
	reason.MaxLength = 1000
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackDeny, PrivateMetadata: string(meta),
		Title: plain("Deny access"), Submit: plain("Deny"), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock(blockReason, plain("Reason (the requester sees it)"), nil, reason),
		}},
	}
}

// submitDeny hands the denial to Dispatch.
func (a *App) submitDeny(ctx context.Context, actor string, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	var m denyMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &m); err != nil {
		a.o.Logger.Warn("slack request rejected", "err", fmt.Errorf("%w: deny modal metadata: %v", errRejected, err))
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockReason: "this form is damaged; click Deny again"})
	}
	reason := value(cb, blockReason)
	if reason == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockReason: "say why"})
	}
	w := Work{Action: WorkDeny, Actor: actor, ID: m.ID, Reason: reason, Channel: m.Channel, TS: m.TS}
	if err := a.o.Dispatch(ctx, w); err != nil {
		a.o.Logger.Error("dispatching a denial", "id", m.ID, "err", err)
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockReason: "cannot deny now; try again"})
	}
	return nil
}

package nightly

import (
	"context"
	"net/http"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/notify"
	"github.com/auroradoc/auroradoc/snapshot"
)

// slackTimeout bounds posting the summary to Slack.
const slackTimeout = 30 * time.Second

// Announce posts the summary of a night to the Slack incoming webhook
// when the night is worth a message: unexpected drift, a state finding at
// or above failOn, failed targets, or failed steps of the run (listed
// first). A quiet night posts nothing (posted is false). The post is
// bounded, so a webhook that never answers cannot hang the nightly job.
func Announce(ctx context.Context, webhook string, r *report.Report, m *snapshot.Manifest, failOn *drift.Severity, siteURL string, failed []error) (posted bool, err error) {
	if webhook == "" || (r.ExitCode(failOn) == 0 && m.Summary.Failed == 0 && len(failed) == 0) {
		return false, nil
	}
	msg := notify.Night(r, m, failOn, siteURL)
	for i := len(failed) - 1; i >= 0; i-- {
		msg.Lines = append([]string{"the run failed: " + failed[i].Error()}, msg.Lines...)
	}
	ctx, cancel := context.WithTimeout(ctx, slackTimeout)
	defer cancel()
	return true, notify.Slack(ctx, http.DefaultClient, webhook, msg)
}

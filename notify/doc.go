// Package notify tells people about a nightly run: it posts a short
// summary of the night's drift to a Slack incoming webhook.
package notify

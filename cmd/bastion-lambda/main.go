// Command bastion-lambda is the access engine on AWS Lambda (runtime
// provided.al2023; build it as a binary named bootstrap): Function URL
// requests go to the Slack app's handler, EventBridge Scheduler events to
// the engine's sweep (one grant's timer, or the periodic sweep). Its
// settings come from the environment the terraform module sets; see
// docs/access.md.
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/auroradoc/auroradoc/bastion"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	h, err := build(context.Background(), os.Getenv, frontNotWired, nil, logger)
	if err != nil {
		logger.Error("bastion lambda: cannot start", "err", err)
		os.Exit(1)
	}
	lambda.Start(h.Invoke)
}

// frontNotWired stands in for the Slack app until it is wired: every
// Function URL request is answered 503, nothing is pretended done.
func frontNotWired(*bastion.Engine) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "the Slack front end is not wired into this build", http.StatusServiceUnavailable)
	})
}

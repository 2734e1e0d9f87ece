package lambdahandler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/timers"
)

// Sweeper is the engine's part the scheduler events need.
type Sweeper interface {
	Sweep(ctx context.Context) (bastion.SweepReport, error)
	SweepRequest(ctx context.Context, id string) (bastion.SweepReport, error)
}

var _ Sweeper = (*bastion.Engine)(nil)

// Handler answers the Lambda's invocations.
type Handler struct {
	http   http.Handler
	engine Sweeper
	logger *slog.Logger
}

// New returns the Handler serving Function URL requests with h (the
// Slack app's handler) and scheduler events with engine.
func New(h http.Handler, engine Sweeper, logger *slog.Logger) *Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Handler{http: h, engine: engine, logger: logger}
}

// RevocationFailed is the log message of a sweep that left a grant
// revoking or could not move it: the terraform module's metric filter
// counts it and alarms.
const RevocationFailed = "bastion revocation failed"

// Invoke handles one invocation: a Function URL event (it has a
// requestContext.http) or a timers.Event. A sweep that left errors is
// logged as RevocationFailed and returned as an error, so the scheduler
// retries it.
func (h *Handler) Invoke(ctx context.Context, payload json.RawMessage) (any, error) {
	var probe struct {
		RequestContext struct {
			HTTP *struct{} `json:"http"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal(payload, &probe); err != nil {
		return nil, fmt.Errorf("decoding the invocation: %w", err)
	}
	if probe.RequestContext.HTTP != nil {
		var ev events.LambdaFunctionURLRequest
		if err := json.Unmarshal(payload, &ev); err != nil {
			return nil, fmt.Errorf("decoding the Function URL event: %w", err)
		}
		return Serve(ctx, h.http, ev)
	}
	var ev timers.Event
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ev); err != nil {
		return nil, fmt.Errorf("decoding the scheduler event: %w", err)
	}
	var (
		rep bastion.SweepReport
		err error
	)
	switch {
	case ev.Sweep:
		rep, err = h.engine.Sweep(ctx)
	case ev.Grant != "":
		rep, err = h.engine.SweepRequest(ctx, ev.Grant)
	default:
		return nil, errors.New("the scheduler event names no grant and is no sweep")
	}
	if err == nil {
		err = rep.Err()
	}
	if err != nil {
		h.logger.Error(RevocationFailed, "grant", ev.Grant, "step", ev.Step, "sweep", ev.Sweep, "err", err)
		return nil, err
	}
	return rep, nil
}

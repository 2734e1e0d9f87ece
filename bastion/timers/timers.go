package timers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/aws/smithy-go"

	"github.com/auroradoc/auroradoc/bastion"
)

// The steps a timer wakes the engine for.
const (
	StepStart  = "start"
	StepWarn   = "warn"
	StepExpire = "expire"
)

// Event is the input a schedule hands the Lambda: a grant's step, or
// Sweep for the periodic safety-net sweep.
type Event struct {
	Grant string `json:"grant,omitempty"`
	Step  string `json:"step,omitempty"`
	Sweep bool   `json:"sweep,omitempty"`
}

// Scheduler is the part of the EventBridge Scheduler API timers use.
type Scheduler interface {
	CreateSchedule(context.Context, *scheduler.CreateScheduleInput, ...func(*scheduler.Options)) (*scheduler.CreateScheduleOutput, error)
	DeleteSchedule(context.Context, *scheduler.DeleteScheduleInput, ...func(*scheduler.Options)) (*scheduler.DeleteScheduleOutput, error)
}

var _ Scheduler = (*scheduler.Client)(nil)

// Options configure Timers; every field but Logger and Now is required.
type Options struct {
	Client Scheduler
	// Group is the schedule group the terraform module creates.
	Group string
	// TargetARN is the Lambda function's ARN, RoleARN the role the
	// scheduler assumes to invoke it.
	TargetARN, RoleARN string
	Now                func() time.Time
	Logger             *slog.Logger
}

// Timers implements bastion.Timers.
type Timers struct{ o Options }

var _ bastion.Timers = (*Timers)(nil)

// New checks opts and returns Timers.
func New(opts Options) (*Timers, error) {
	if opts.Client == nil || opts.Group == "" || opts.TargetARN == "" || opts.RoleARN == "" {
		return nil, errors.New("bastion timers: Client, Group, TargetARN and RoleARN are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Timers{o: opts}, nil
}

// Name is the schedule name of r's step.
func Name(id, step string) string { return "grant-" + id + "-" + step }

// Expression is the one-time schedule expression of t: at(…) in UTC, to
// the second, rounded up so it never fires early.
func Expression(t time.Time) string {
	t = t.UTC()
	if t.Truncate(time.Second) != t {
		t = t.Truncate(time.Second).Add(time.Second)
	}
	return "at(" + t.Format("2006-01-02T15:04:05") + ")"
}

// Set creates r's schedules that lie ahead: start, warning (warnBefore its
// end, when after its start) and expiry. An existing schedule (a retry) is
// kept.
func (t *Timers) Set(ctx context.Context, r bastion.Request, warnBefore time.Duration) error {
	now := t.o.Now()
	steps := []struct {
		step string
		at   time.Time
	}{{StepStart, r.Start}, {StepWarn, r.End().Add(-warnBefore)}, {StepExpire, r.End()}}
	var errs []error
	for _, s := range steps {
		if !s.at.After(now) || (s.step == StepWarn && !s.at.After(r.Start)) {
			continue
		}
		input, err := json.Marshal(Event{Grant: r.ID, Step: s.step})
		if err != nil {
			return err
		}
		name := Name(r.ID, s.step)
		_, err = t.o.Client.CreateSchedule(ctx, &scheduler.CreateScheduleInput{
			Name: aws.String(name), GroupName: aws.String(t.o.Group),
			ScheduleExpression: aws.String(Expression(s.at)), ScheduleExpressionTimezone: aws.String("UTC"),
			ActionAfterCompletion: types.ActionAfterCompletionDelete,
			FlexibleTimeWindow:    &types.FlexibleTimeWindow{Mode: types.FlexibleTimeWindowModeOff},
			Description:           aws.String(fmt.Sprintf("bastion grant %s: %s", r.ID, s.step)),
			Target: &types.Target{
				Arn: aws.String(t.o.TargetARN), RoleArn: aws.String(t.o.RoleARN), Input: aws.String(string(input)),
				RetryPolicy: &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(3), MaximumEventAgeInSeconds: aws.Int32(600)},
			},
		})
		if err != nil && code(err) != "ConflictException" {
			errs = append(errs, fmt.Errorf("creating schedule %s/%s: %w", t.o.Group, name, err))
			continue
		}
		t.o.Logger.Info("bastion timer set", "grant", r.ID, "step", s.step, "at", s.at.UTC())
	}
	return errors.Join(errs...)
}

// Clear deletes r's schedules; those that fired (and were deleted by the
// service) or were never made are fine.
func (t *Timers) Clear(ctx context.Context, r bastion.Request) error {
	var errs []error
	for _, step := range []string{StepStart, StepWarn, StepExpire} {
		name := Name(r.ID, step)
		_, err := t.o.Client.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: aws.String(name), GroupName: aws.String(t.o.Group)})
		if err != nil && code(err) != "ResourceNotFoundException" {
			errs = append(errs, fmt.Errorf("deleting schedule %s/%s: %w", t.o.Group, name, err))
		}
	}
	return errors.Join(errs...)
}

func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

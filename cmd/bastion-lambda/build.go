package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/config"
	"github.com/auroradoc/auroradoc/bastion/hosts"
	"github.com/auroradoc/auroradoc/bastion/lambdahandler"
	"github.com/auroradoc/auroradoc/bastion/secret"
	"github.com/auroradoc/auroradoc/bastion/sides"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/bastion/timers"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
)

// The environment the Lambda reads.
const (
	envConfig        = "BASTION_CONFIG"             // bastion.yaml's path; "bastion.yaml" (next to bootstrap) when empty
	envHosts         = "BASTION_HOSTS"              // hosts.Config as JSON; no network side when empty
	envScheduleGroup = "BASTION_SCHEDULE_GROUP"     // the timers' schedule group; no timers when empty
	envFunctionARN   = "BASTION_FUNCTION_ARN"       // the timers' target: this function
	envSchedulerRole = "BASTION_SCHEDULER_ROLE_ARN" // the role the scheduler invokes it with
)

// build makes the Lambda's handler from the environment (getenv): the
// engine on DynamoDB with the production sides, the hosts and timers when
// configured, and front (the Slack app) for Function URL requests. now is
// the clock (time.Now when nil).
func build(ctx context.Context, getenv func(string) string, front func(*bastion.Engine) http.Handler, now func() time.Time, logger *slog.Logger) (*lambdahandler.Handler, error) {
	path := getenv(envConfig)
	if path == "" {
		path = "bastion.yaml"
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	awsCfg, err := awsconfig.Load(ctx, 0, logger)
	if err != nil {
		return nil, err
	}
	st := store.New(dynamodb.NewFromConfig(awsCfg), cfg.Table, cfg.Retention)
	opts := bastion.Options{
		Store: st, Policy: cfg, Limits: cfg.Limits, SecretPrefix: cfg.SecretPrefix, WarnBefore: cfg.WarnBefore, Logger: logger, Now: now,
		Database: sides.NewDatabases(cfg, awsCfg, nil, logger),
		Secrets:  secret.New(secretsmanager.NewFromConfig(awsCfg), secret.Options{Logger: logger}),
	}
	if js := getenv(envHosts); js != "" {
		ho, err := hosts.ParseConfig([]byte(js))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", envHosts, err)
		}
		ho.Grants, ho.AWS, ho.Logger = st, awsCfg, logger
		if opts.Network, err = hosts.New(ho); err != nil {
			return nil, fmt.Errorf("%s: %w", envHosts, err)
		}
	}
	if group := getenv(envScheduleGroup); group != "" {
		opts.Timers, err = timers.New(timers.Options{Client: scheduler.NewFromConfig(awsCfg), Group: group,
			TargetARN: getenv(envFunctionARN), RoleARN: getenv(envSchedulerRole), Logger: logger, Now: now})
		if err != nil {
			return nil, fmt.Errorf("%s, %s, %s: %w", envScheduleGroup, envFunctionARN, envSchedulerRole, err)
		}
	}
	e, err := bastion.New(opts)
	if err != nil {
		return nil, err
	}
	return lambdahandler.New(front(e), e, logger), nil
}

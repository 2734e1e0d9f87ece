package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/config"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
)

// errSidesNotWired is what buildSides returns until the database and
// secrets sides are plugged in.
var errSidesNotWired = errors.New("this build of bastion has no database and secrets sides yet " +
	"(packages bastion/dbuser and bastion/secret are plugged in at cmd/bastion/wiring.go buildSides): " +
	"approve, revoke and sweep are refused; request, deny, cancel, list and audit work")

// buildSides builds the engine's database side (MySQL users on every
// instance of the configured clusters) and secrets side (Secrets Manager)
// from cfg.
//
// SEAM (issue 11): the database side is package bastion/dbuser and the
// secrets side package bastion/secret, built by another engineer; when
// they land, build them here from cfg (clusters' instances and admin
// logins; the secrets prefix) and the AWS configuration. Until then this
// refuses, so nothing claims to provision or revoke users it cannot.
func buildSides(ctx context.Context, cfg *config.Config) (bastion.Database, bastion.Secrets, error) {
	return nil, nil, errSidesNotWired
}

// engine builds the engine from the configuration: the DynamoDB store
// through the standard AWS chain (AWS_ENDPOINT_URL_DYNAMODB, …), and,
// when withSides, the database and secrets sides.
func (c *call) engine(ctx context.Context, withSides bool) (*bastion.Engine, int, error) {
	awsCfg, err := awsconfig.Load(ctx, 0, c.logger)
	if err != nil {
		return nil, exitUsage, err
	}
	st := store.New(dynamodb.NewFromConfig(awsCfg), c.cfg.Table, c.cfg.Retention)
	opts := bastion.Options{
		Store: st, Policy: c.cfg, Limits: c.cfg.Limits, SecretPrefix: c.cfg.SecretPrefix,
		WarnBefore: c.cfg.WarnBefore, Logger: c.logger,
		OnWarn: func(ctx context.Context, r bastion.Request) error {
			// The front end's hook comes with the Slack issue; the CLI
			// says it on stdout, and the sweep audits it.
			fmt.Fprintf(c.stdout, "warning: grant %s of %s on %s expires at %s\n", r.ID, r.Requester, r.Cluster, r.End().Format("2006-01-02T15:04:05Z07:00"))
			return nil
		},
	}
	if withSides {
		if c.sides == nil {
			return nil, exitUsage, errSidesNotWired
		}
		opts.Database, opts.Secrets, err = c.sides(ctx, c.cfg)
		if err != nil {
			return nil, exitUsage, fmt.Errorf("building the database and secrets sides: %w", err)
		}
	}
	e, err := bastion.New(opts)
	if err != nil {
		return nil, exitUsage, err
	}
	return e, exitOK, nil
}

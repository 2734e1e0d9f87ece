package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/secret"
	prodsides "github.com/auroradoc/auroradoc/bastion/sides"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
)

// sides are the engine's database and secrets sides, and what releases
// them when the command is done.
type sides struct {
	db      bastion.Database
	secrets bastion.Secrets
	close   func() error
}

// buildSides builds the production sides from the configuration: the
// database side is a dbuser.Manager per configured cluster, built on the
// cluster's first use (see prodsides.Databases), and the secrets side
// Secrets Manager through the standard AWS chain (AWS_REGION,
// AWS_ENDPOINT_URL_SECRETS_MANAGER, roles…).
func buildSides(ctx context.Context, c *call, awsCfg aws.Config) (sides, error) {
	db := prodsides.NewDatabases(c.cfg, awsCfg, c.logger)
	st := secret.New(secretsmanager.NewFromConfig(awsCfg), secret.Options{Logger: c.logger})
	return sides{db: db, secrets: st, close: db.Close}, nil
}

// engine builds the engine from the configuration: the DynamoDB store
// through the standard AWS chain (AWS_ENDPOINT_URL_DYNAMODB, …), and,
// when withSides, the database and secrets sides. The caller runs the
// returned release when done.
func (c *call) engine(ctx context.Context, withSides bool) (*bastion.Engine, func(), int, error) {
	release := func() {}
	awsCfg, err := awsconfig.Load(ctx, 0, c.logger)
	if err != nil {
		return nil, release, exitUsage, err
	}
	st := store.New(dynamodb.NewFromConfig(awsCfg), c.cfg.Table, c.cfg.Retention)
	opts := bastion.Options{
		Store: st, Policy: c.cfg, Limits: c.cfg.Limits, SecretPrefix: c.cfg.SecretPrefix,
		WarnBefore: c.cfg.WarnBefore, Logger: c.logger, Now: c.now,
		OnWarn: func(ctx context.Context, r bastion.Request) error {
			// The front end's hook comes with the Slack issue; the CLI
			// says it on stdout, and the sweep audits it.
			fmt.Fprintf(c.stdout, "warning: grant %s of %s on %s expires at %s\n", r.ID, r.Requester, r.Cluster, r.End().Format(time.RFC3339))
			return nil
		},
	}
	if withSides {
		build := c.sides
		if build == nil {
			build = buildSides
		}
		s, err := build(ctx, c, awsCfg)
		if err != nil {
			return nil, release, exitUsage, fmt.Errorf("building the database and secrets sides: %w", err)
		}
		opts.Database, opts.Secrets = s.db, s.secrets
		if s.close != nil {
			release = func() {
				if err := s.close(); err != nil {
					c.logger.Warn("closing the database connections", "err", err)
				}
			}
		}
	}
	e, err := bastion.New(opts)
	if err != nil {
		release()
		return nil, func() {}, exitUsage, err
	}
	return e, release, exitOK, nil
}

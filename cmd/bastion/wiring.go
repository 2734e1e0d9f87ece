package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/discovery"
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
	db := prodsides.NewDatabases(c.cfg, awsCfg, c.clusterAWS, c.logger)
	st := secret.New(secretsmanager.NewFromConfig(awsCfg), secret.Options{Logger: c.logger})
	return sides{db: db, secrets: st, close: db.Close}, nil
}

// stdoutNotifier is the CLI's Notifier: the expiry warning, which a sweep
// gives, is printed on stdout; the other notices are what the command
// itself prints (the Slack app tells people in Slack).
type stdoutNotifier struct{ c *call }

func (n stdoutNotifier) Notify(_ context.Context, kind bastion.NoticeKind, r bastion.Request) error {
	if kind == bastion.NoticeWarned {
		fmt.Fprintf(n.c.stdout, "warning: grant %s of %s on %s expires at %s\n", r.ID, r.Requester, r.Cluster, r.End().Format(time.RFC3339))
	}
	return nil
}

// engine builds the engine from the configuration: the DynamoDB store
// through the standard AWS chain (AWS_ENDPOINT_URL_DYNAMODB, …), and,
// when withSides, the database and secrets sides. The caller runs the
// returned release when done.
func (c *call) engine(ctx context.Context, withSides bool) (*bastion.Engine, func(), int, error) {
	return c.engineWith(ctx, withSides, nil)
}

// engineWith is engine with customize, when not nil, changing the options
// (the front end's Notifier and Policy) before the engine is built.
func (c *call) engineWith(ctx context.Context, withSides bool, customize func(*bastion.Options, *store.Store)) (*bastion.Engine, func(), int, error) {
	release := func() {}
	awsCfg, err := awsconfig.Load(ctx, 0, c.logger)
	if err != nil {
		return nil, release, exitUsage, err
	}
	if c.cfg.AWS != nil && c.name != "list" && c.name != "audit" {
		if err := c.discover(ctx, awsCfg); err != nil {
			return nil, release, exitPartial, err
		}
	}
	st := store.New(dynamodb.NewFromConfig(awsCfg), c.cfg.Table, c.cfg.Retention)
	opts := bastion.Options{
		Store: st, Policy: c.cfg, Limits: c.cfg.Limits, SecretPrefix: c.cfg.SecretPrefix,
		WarnBefore: c.cfg.WarnBefore, Logger: c.logger, Now: c.now,
		Notifier: stdoutNotifier{c},
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
	if customize != nil {
		customize(&opts, st)
	}
	e, err := bastion.New(opts)
	if err != nil {
		release()
		return nil, func() {}, exitUsage, err
	}
	return e, release, exitOK, nil
}

// discover adds the clusters of the aws: section to the configuration
// (and their accounts' AWS configurations to c.clusterAWS). Regions or
// accounts that could not be searched are logged, and the command goes on
// with the clusters found: a grant on a cluster not found now is refused
// (request, approve) or stays revoking and is retried by the next sweep.
// It fails only when no cluster is known at all.
func (c *call) discover(ctx context.Context, awsCfg aws.Config) error {
	found, err := discovery.Discover(ctx, awsCfg, c.cfg.AWS, c.logger)
	c.clusterAWS = map[string]aws.Config{}
	for _, f := range found {
		c.cfg.AddDiscovered(f.Cluster)
		c.clusterAWS[f.Cluster.Name] = f.AWS
	}
	if err != nil {
		if len(c.cfg.Clusters) == 0 {
			return fmt.Errorf("no cluster: %w", err)
		}
		c.logger.Warn("some clusters could not be discovered", "err", err)
	}
	return nil
}

package sides

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/config"
	"github.com/auroradoc/auroradoc/bastion/dbuser"
	"github.com/auroradoc/auroradoc/inventory"
)

// Databases is the production database side: one dbuser.Manager
// per configured cluster, built when a step first needs that cluster, so
// that a command touches only the clusters it acts on (reads only their
// admin passwords) and one cluster whose admin login cannot be read does
// not stop the sweep on the others.
type Databases struct {
	cfg    *config.Config
	awsCfg aws.Config
	// accounts are the AWS configurations of discovered clusters by name
	// (awsCfg for the others).
	accounts map[string]aws.Config
	logger   *slog.Logger

	mu       sync.Mutex
	managers map[string]*dbuser.Manager
}

var _ bastion.Database = (*Databases)(nil)

// NewDatabases returns the database side of the clusters of cfg; admin
// passwords come from the environment or Secrets Manager: through
// accounts[cluster] for discovered clusters (their account's
// configuration), else awsCfg.
func NewDatabases(cfg *config.Config, awsCfg aws.Config, accounts map[string]aws.Config, logger *slog.Logger) *Databases {
	return &Databases{cfg: cfg, awsCfg: awsCfg, accounts: accounts, logger: logger, managers: map[string]*dbuser.Manager{}}
}

// manager returns the Manager of cluster name, building it on first use.
func (d *Databases) manager(ctx context.Context, name string) (*dbuser.Manager, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if m := d.managers[name]; m != nil {
		return m, nil
	}
	cl := d.cfg.Clusters[name]
	if cl == nil {
		return nil, fmt.Errorf("cluster %q is not in %s", name, d.cfg.Source)
	}
	awsCfg, ok := d.accounts[name]
	if !ok {
		awsCfg = d.awsCfg
	}
	password, err := adminPassword(ctx, awsCfg, cl)
	if err != nil {
		return nil, fmt.Errorf("cluster %s: %w", name, err)
	}
	m, err := dbuser.New([]dbuser.Cluster{{Name: name, Instances: cl.Instances, User: cl.Admin.User, Password: password,
		TLS: d.cfg.TLS.Mode, RootCAs: d.cfg.TLS.Roots, Roles: d.cfg.Roles}},
		dbuser.Options{Logger: d.logger})
	if err != nil {
		return nil, err
	}
	d.managers[name] = m
	return m, nil
}

// adminPassword reads the engine's admin password of cl: from the
// environment variable the config names, or from a Secrets Manager secret
// in the RDS shape {"username", "password"} (inventory.SecretLogin) whose
// username must be the configured admin user, in the cluster's region
// (discovered clusters) or the configuration's.
func adminPassword(ctx context.Context, awsCfg aws.Config, cl *config.Cluster) (string, error) {
	if cl.Admin.PasswordEnv != "" {
		pw := os.Getenv(cl.Admin.PasswordEnv)
		if pw == "" {
			return "", fmt.Errorf("the admin password's environment variable %s (admin.password_env) is unset or empty", cl.Admin.PasswordEnv)
		}
		return pw, nil
	}
	region := cl.Region
	if region == "" {
		region = awsCfg.Region
	}
	user, pw, err := inventory.SecretLogin(ctx, awsCfg, region, cl.Admin.SecretID)
	if err != nil {
		return "", fmt.Errorf("reading the admin login (admin.secret_id): %w", err)
	}
	if user != cl.Admin.User {
		return "", fmt.Errorf("the admin secret %s is the login of %q, but admin.user is %q", cl.Admin.SecretID, user, cl.Admin.User)
	}
	return pw, nil
}

// Close closes every Manager built.
func (d *Databases) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	var errs []error
	for _, m := range d.managers {
		errs = append(errs, m.Close())
	}
	return errors.Join(errs...)
}

func (d *Databases) Provision(ctx context.Context, cluster, user, password string, p bastion.Privileges) error {
	m, err := d.manager(ctx, cluster)
	if err != nil {
		return err
	}
	return m.Provision(ctx, cluster, user, password, p)
}

func (d *Databases) Lock(ctx context.Context, cluster, user string) error {
	m, err := d.manager(ctx, cluster)
	if err != nil {
		return err
	}
	return m.Lock(ctx, cluster, user)
}

func (d *Databases) Kill(ctx context.Context, cluster, user string) (int, error) {
	m, err := d.manager(ctx, cluster)
	if err != nil {
		return 0, err
	}
	return m.Kill(ctx, cluster, user)
}

func (d *Databases) Drop(ctx context.Context, cluster, user string) error {
	m, err := d.manager(ctx, cluster)
	if err != nil {
		return err
	}
	return m.Drop(ctx, cluster, user)
}

func (d *Databases) Verify(ctx context.Context, cluster, user string) (bool, int, error) {
	m, err := d.manager(ctx, cluster)
	if err != nil {
		return false, 0, err
	}
	return m.Verify(ctx, cluster, user)
}

// Package discovery finds the clusters of bastion.yaml's aws: section
// through RDS, the way auroradoc's fleet discovery does (package
// inventory, fleet's accounts and regions), and turns each into a
// configured cluster: its instance endpoints, the admin login's secret,
// the approvers.
package discovery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/auroradoc/auroradoc/bastion/config"
	"github.com/auroradoc/auroradoc/fleet"
	"github.com/auroradoc/auroradoc/inventory"
)

// Found is one discovered cluster and the AWS configuration of its
// account (its admin secret is read with it).
type Found struct {
	Cluster *config.Cluster
	AWS     aws.Config
}

// Discover finds the clusters d selects, searching from base (the
// standard chain; each of aws.accounts through its role). A cluster is
// named as in auroradoc ("<region>/<id>", "<account>/<region>/<id>"); one
// without an instance endpoint yet is left out. Accounts and regions that
// could not be searched are returned, joined, in err, together with what
// the others found: one failing region costs no other its clusters.
func Discover(ctx context.Context, base aws.Config, d *config.Discovery, logger *slog.Logger) ([]Found, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var found []Found
	var errs []error
	for _, acc := range fleet.Accounts(base, d.Select) {
		if err := fleet.CheckRole(ctx, acc); err != nil {
			errs = append(errs, err)
			continue
		}
		o := fleet.InventoryOptions(d.Select, acc, logger)
		o.SkipParameterGroups = true
		o.WakePaused = true // a grant is on a cluster, asleep or not: the login wakes it
		res, err := inventory.Discover(ctx, acc.Cfg, o)
		if err != nil {
			errs = append(errs, fmt.Errorf("discovering clusters (account %q): %w", acc.Key, err))
			continue
		}
		for _, re := range res.RegionErrors {
			errs = append(errs, fmt.Errorf("discovering clusters (account %q, region %s): %w", acc.Key, re.Region, re.Err))
		}
		for _, f := range res.Clusters {
			if len(f.Instances) == 0 {
				logger.Warn("discovered cluster without an instance endpoint left out", "cluster", f.Name())
				continue
			}
			c := f.Cluster
			found = append(found, Found{AWS: acc.Cfg, Cluster: &config.Cluster{
				Name:      f.Name(),
				Instances: slices.Clone(f.Instances),
				Admin:     config.Admin{User: d.Admin.User, SecretID: d.AdminSecretFor(c.ID, c.Region, c.Tags)},
				Approvers: d.Approvers,
				Region:    c.Region,
			}})
		}
	}
	return found, errors.Join(errs...)
}

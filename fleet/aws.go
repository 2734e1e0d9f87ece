package fleet

import (
	"context"
	"crypto/x509"
	"fmt"
	"log/slog"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/internal/dbtls"
	"github.com/auroradoc/auroradoc/inventory"
	"github.com/auroradoc/auroradoc/snapshot"
)

// accountConcurrency bounds the accounts searched at once; each searches
// its regions concurrently in turn.
const accountConcurrency = 4

// Account is one AWS account to search: its key in target names ("" =
// the standard chain's own account), its SDK configuration and the role
// assumed for it ("" = none).
type Account struct {
	Key, Role string
	Cfg       aws.Config
}

// Accounts are the accounts a's discovery searches from the base
// configuration: base's own account, or each of aws.accounts through its
// role (assumed lazily, on the first call).
func Accounts(base aws.Config, a *config.AWS) []Account {
	if len(a.Accounts) == 0 {
		return []Account{{Cfg: base}}
	}
	var out []Account
	for _, ac := range a.Accounts {
		out = append(out, Account{Key: ac.Key(), Role: ac.RoleARN, Cfg: awsconfig.AssumeRole(base, ac.RoleARN, ac.ExternalID)})
	}
	return out
}

// CheckRole fails with one clear error when acc's role cannot be assumed
// (rather than one per region); an account without a role passes.
func CheckRole(ctx context.Context, acc Account) error {
	if acc.Role == "" {
		return nil
	}
	if _, err := acc.Cfg.Credentials.Retrieve(ctx); err != nil {
		return fmt.Errorf("assuming role %s (sts:AssumeRole): %w", acc.Role, err)
	}
	return nil
}

// InventoryOptions are the inventory.Discover options of a's selection
// keys (regions, engines, tags, exclude, wake_paused) for acc.
func InventoryOptions(a *config.AWS, acc Account, logger *slog.Logger) inventory.Options {
	return inventory.Options{
		Account:     acc.Key,
		Regions:     a.Regions,
		AllRegions:  a.AllRegions,
		Engines:     a.Engines,
		IncludeTags: a.IncludeTags,
		Exclude:     a.Excluded,
		WakePaused:  a.WakePaused,
		Logger:      logger,
	}
}

// Discover finds the Aurora clusters the aws: section asks for and
// turns each into a crawl target. Clusters that cannot answer come back as
// skipped manifest entries, regions that could not be listed as failed
// ones ("region:<region>", or "region:<account>/<region>"), and with
// aws.accounts an account whose role cannot be assumed as a failed
// "account:<key>" entry that costs no other account its clusters.
func Discover(ctx context.Context, cfg *config.Config, logger *slog.Logger) ([]collector.Target, []*snapshot.Entry, error) {
	a := cfg.AWS
	base, err := awsconfig.Load(ctx, a.APIMaxAttempts, logger)
	if err != nil {
		return nil, nil, err
	}
	roots, err := CARoots(cfg.Credentials)
	if err != nil {
		return nil, nil, err
	}
	accounts := Accounts(base, a)

	var (
		mu      sync.Mutex
		targets []collector.Target
		extra   []*snapshot.Entry
		failed  []error // accounts with no region searched
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(accountConcurrency)
	for _, acc := range accounts {
		g.Go(func() error {
			ts, es, err := discoverAccount(gctx, cfg, acc, roots, logger)
			if err != nil && ctx.Err() != nil {
				return ctx.Err()
			}
			mu.Lock()
			defer mu.Unlock()
			targets, extra = append(targets, ts...), append(extra, es...)
			if err != nil {
				if acc.Key == "" {
					return err // one account: as before, no entry to hide it in
				}
				logger.Warn("account failed", "account", acc.Key, "error", err.Error())
				extra = append(extra, &snapshot.Entry{Name: "account:" + acc.Key, Status: snapshot.StatusFailed, Error: err.Error()})
				failed = append(failed, err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i].Name < targets[j].Name })
	sort.Slice(extra, func(i, j int) bool { return extra[i].Name < extra[j].Name })
	if len(targets) == 0 && len(failed) == len(accounts) {
		return nil, extra, fmt.Errorf("discovery failed in every account; first: %w", failed[0])
	}
	return targets, extra, nil
}

// discoverAccount searches one account. It fails when the account's role
// cannot be assumed or no region of it could be searched.
func discoverAccount(ctx context.Context, cfg *config.Config, acc Account, roots *x509.CertPool, logger *slog.Logger) ([]collector.Target, []*snapshot.Entry, error) {
	if err := CheckRole(ctx, acc); err != nil {
		return nil, nil, err
	}
	res, err := inventory.Discover(ctx, acc.Cfg, InventoryOptions(cfg.AWS, acc, logger))
	if err != nil {
		return nil, nil, err
	}
	prefix := "region:"
	if acc.Key != "" {
		prefix += acc.Key + "/"
	}
	var extra []*snapshot.Entry
	for _, s := range res.Skipped {
		extra = append(extra, &snapshot.Entry{Name: s.Name(), Status: snapshot.StatusSkipped, Reason: s.Reason, Filtered: s.Filtered})
	}
	for _, re := range res.RegionErrors {
		extra = append(extra, &snapshot.Entry{Name: prefix + re.Region, Status: snapshot.StatusFailed, Error: re.Err.Error()})
	}
	logger.Info("discovery done", "account", acc.Key, "regions", len(res.Regions), "clusters", len(res.Clusters),
		"skipped", len(res.Skipped), "region_errors", len(res.RegionErrors))
	targets := make([]collector.Target, 0, len(res.Clusters))
	for _, f := range res.Clusters {
		targets = append(targets, clusterTarget(cfg, acc.Cfg, f, roots))
	}
	if len(targets) == 0 && len(res.RegionErrors) == len(res.Regions) {
		return nil, extra, fmt.Errorf("discovery failed in every region; first: %w", res.RegionErrors[0].Err)
	}
	return targets, extra, nil
}

// CARoots reads credentials.ca_bundle: the CAs the clusters' TLS
// certificates are verified with; nil (the system trust store) when none
// is configured.
func CARoots(creds *config.Credentials) (*x509.CertPool, error) {
	if creds == nil || creds.CABundle == "" {
		return nil, nil
	}
	roots, err := dbtls.LoadCABundle(creds.CABundle)
	if err != nil {
		return nil, fmt.Errorf("credentials.ca_bundle: %w", err)
	}
	return roots, nil
}

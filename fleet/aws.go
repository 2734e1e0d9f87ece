package fleet

import (
	"context"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/inventory"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Discover finds the Aurora clusters the aws: section asks for and
// turns each into a crawl target. Clusters that cannot answer come back as
// skipped manifest entries, regions that could not be listed as failed ones.
func Discover(ctx context.Context, cfg *config.Config, logger *slog.Logger) ([]collector.Target, []*snapshot.Entry, error) {
	a, creds := cfg.AWS, cfg.Credentials
	awsCfg, err := awsconfig.Load(ctx, a.APIMaxAttempts, logger)
	if err != nil {
		return nil, nil, err
	}
	res, err := inventory.Discover(ctx, awsCfg, inventory.Options{
		Regions:     a.Regions,
		AllRegions:  a.AllRegions,
		Engines:     a.Engines,
		IncludeTags: a.IncludeTags,
		Exclude:     a.Excluded,
		WakePaused:  a.WakePaused,
		Logger:      logger,
	})
	if err != nil {
		return nil, nil, err
	}
	var extra []*snapshot.Entry
	for _, s := range res.Skipped {
		extra = append(extra, &snapshot.Entry{Name: s.Name(), Status: snapshot.StatusSkipped, Reason: s.Reason, Filtered: s.Filtered})
	}
	for _, re := range res.RegionErrors {
		extra = append(extra, &snapshot.Entry{Name: "region:" + re.Region, Status: snapshot.StatusFailed, Error: re.Err.Error()})
	}
	logger.Info("discovery done", "regions", len(res.Regions), "clusters", len(res.Clusters),
		"skipped", len(res.Skipped), "region_errors", len(res.RegionErrors))

	roots, err := CARoots(creds)
	if err != nil {
		return nil, nil, err
	}
	filter := cfg.Schemas
	var targets []collector.Target
	for _, f := range res.Clusters {
		c := f.Cluster
		host, role := c.Endpoint, "writer"
		if a.Endpoint != "writer" && c.ReaderEndpoint != "" && hasLiveReader(c) {
			host, role = c.ReaderEndpoint, "reader"
		}
		c.CrawledEndpoint = role
		region, id := c.Region, c.ID
		t := collector.Target{
			Name: f.Name(), Host: host, Port: c.Port, TLS: creds.TLS, RootCAs: roots,
			Kind: "aurora", Region: region, ClusterID: id, Cluster: c, Warnings: f.Warnings,
			IncludeSchema: filter.Match, ExplicitSchemas: explicitNames(filter.Include),
		}
		if creds.IAMUser != "" {
			user := creds.IAMUser
			endpoint := net.JoinHostPort(host, strconv.Itoa(c.Port))
			t.AllowCleartext = true
			t.Login = func(ctx context.Context) (string, string, error) {
				tok, err := inventory.IAMToken(ctx, awsCfg, endpoint, region, user)
				return user, tok, err
			}
		} else {
			secretID := f.SecretID
			if secretID == "" {
				secretID = creds.SecretIDFor(id, region)
			}
			t.Login = func(ctx context.Context) (string, string, error) {
				return inventory.SecretLogin(ctx, awsCfg, region, secretID)
			}
		}
		targets = append(targets, t)
	}
	if len(targets) == 0 && len(res.RegionErrors) == len(res.Regions) {
		return nil, extra, fmt.Errorf("discovery failed in every region; first: %w", res.RegionErrors[0].Err)
	}
	return targets, extra, nil
}

// hasLiveReader reports whether a reader member is available to be crawled.
func hasLiveReader(c *snapshot.Cluster) bool {
	for _, m := range c.Members {
		if m.Role == "reader" && m.Status == "available" {
			return true
		}
	}
	return false
}

// CARoots reads credentials.ca_bundle: the CAs the clusters' TLS
// certificates are verified with; nil (the system trust store) when none
// is configured.
func CARoots(creds *config.Credentials) (*x509.CertPool, error) {
	if creds == nil || creds.CABundle == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(creds.CABundle)
	if err != nil {
		return nil, fmt.Errorf("credentials.ca_bundle: %w", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("credentials.ca_bundle: %s holds no PEM certificate", creds.CABundle)
	}
	return roots, nil
}

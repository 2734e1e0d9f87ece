package fleet

import (
	"context"
	"crypto/x509"
	"net"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/inventory"
	"github.com/auroradoc/auroradoc/snapshot"
)

// clusterTarget turns a discovered cluster into a crawl target whose
// login (Secrets Manager or IAM token) uses awsCfg: the credentials of the
// account the cluster is in.
func clusterTarget(cfg *config.Config, awsCfg aws.Config, f *inventory.Found, roots *x509.CertPool) collector.Target {
	a, creds, filter := cfg.AWS, cfg.Credentials, cfg.Schemas
	c := f.Cluster
	host, role := c.Endpoint, "writer"
	if a.Endpoint != "writer" && c.ReaderEndpoint != "" && hasLiveReader(c) {
		host, role = c.ReaderEndpoint, "reader"
	}
	c.CrawledEndpoint = role
	region, id := c.Region, c.ID
	t := collector.Target{
		Name: f.Name(), Host: host, Port: c.Port, TLS: creds.TLS, RootCAs: roots,
		Kind: "aurora", Account: f.Account, Region: region, ClusterID: id, Cluster: c, Warnings: f.Warnings,
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
		return t
	}
	secretID := f.SecretID
	if secretID == "" {
		secretID = creds.SecretIDFor(id, region)
	}
	t.Login = func(ctx context.Context) (string, string, error) {
		return inventory.SecretLogin(ctx, awsCfg, region, secretID)
	}
	return t
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

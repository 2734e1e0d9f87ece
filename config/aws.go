package config

import (
	"regexp"
	"strings"
)

// AWS is the aws: section: which Aurora and RDS MySQL clusters to discover,
// in which regions, and how to crawl them. Discovery itself happens at run
// time; this is only what the file asks for.
type AWS struct {
	// Regions are the regions to search, in file order; nil when
	// AllRegions is set.
	Regions []string
	// AllRegions is set by regions: [all]: every region enabled for the
	// account, resolved at run time (ec2:DescribeRegions).
	AllRegions bool
	// Engines are the RDS engine names to keep (default ["aurora-mysql"]);
	// each is aurora-mysql, mysql or mariadb.
	Engines []string
	// IncludeTags are the tags a cluster must all carry, key to value; the
	// value "*" accepts any value. nil when the file sets none.
	IncludeTags map[string]string
	// Exclude holds the compiled exclude: patterns, matched against
	// cluster identifiers; ExcludePatterns holds them as written, in the
	// same order.
	Exclude         []*regexp.Regexp
	ExcludePatterns []string
	// Endpoint is which endpoint to crawl: "reader" (default: the reader
	// endpoint when the cluster has a reader instance, else the writer) or
	// "writer".
	Endpoint string
	// WakePaused is whether to crawl Serverless v2 clusters that are
	// auto-paused (connecting wakes them, which costs money).
	WakePaused bool
	// ConcurrencyPerRegion is how many clusters of one region are crawled
	// at once (default 4); Crawl.Concurrency stays the overall limit.
	ConcurrencyPerRegion int
	// APIMaxAttempts is the AWS SDK retryer's maximum number of attempts
	// for one API call (default 10).
	APIMaxAttempts int
	// Accounts are the AWS accounts to crawl, each through an assumed role,
	// in file order; nil = the standard credential chain's own account,
	// with cluster names "<region>/<cluster-id>".
	Accounts []Account
	// Line is the line of the aws: key in the file.
	Line int
}

// Excluded reports whether the cluster identifier clusterID matches any
// exclude pattern. Patterns are unanchored, as Go's regexp matches. A nil
// a excludes nothing.
func (a *AWS) Excluded(clusterID string) bool {
	if a == nil {
		return false
	}
	for _, re := range a.Exclude {
		if re.MatchString(clusterID) {
			return true
		}
	}
	return false
}

// TagsMatch reports whether a cluster with tags carries every IncludeTags
// tag: the key must be present and, unless the wanted value is "*", have
// exactly that value. Keys and values are case-sensitive, as in AWS. With
// no IncludeTags (or a nil a) every cluster matches.
func (a *AWS) TagsMatch(tags map[string]string) bool {
	if a == nil {
		return true
	}
	for k, want := range a.IncludeTags {
		got, ok := tags[k]
		if !ok || (want != "*" && got != want) {
			return false
		}
	}
	return true
}

// Credentials is the credentials: section: how to log in to the clusters
// discovered through aws:. Exactly one of SecretID and IAMUser is set.
type Credentials struct {
	// SecretID is the Secrets Manager secret (name or ARN) holding JSON
	// {"username", "password"}, with {cluster} and {region} placeholders;
	// "" when IAM authentication is used.
	SecretID string
	// IAMUser is the database user to log in as with an IAM authentication
	// token (rds-db:connect); "" when SecretID is used.
	IAMUser string
	// TLS is go-sql-driver's tls parameter for discovered clusters: "true"
	// (default: verify against the RDS CA bundle), "skip-verify" or
	// "false" (tests only). It is never "false" with IAMUser.
	TLS string
	// CABundle is a PEM file of CA certificates to verify the clusters'
	// TLS certificates with (the RDS global bundle, global-bundle.pem);
	// "" = the system trust store.
	CABundle string
	// Line is the line of the credentials: key in the file.
	Line int
}

// SecretIDFor returns the secret to read for a cluster: SecretID with
// {cluster} and {region} replaced. It is "" when SecretID is (IAM
// authentication) and for a nil c.
func (c *Credentials) SecretIDFor(cluster, region string) string {
	if c == nil {
		return ""
	}
	return strings.NewReplacer("{cluster}", cluster, "{region}", region).Replace(c.SecretID)
}

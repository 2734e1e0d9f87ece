package inventory

import (
	"github.com/auroradoc/auroradoc/internal/names"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Result is what discovery found.
type Result struct {
	// Clusters to crawl, sorted by region then id, with parameter groups.
	Clusters []*Found
	// Skipped clusters, with the reason, sorted by region then id.
	Skipped []Skipped
	// RegionErrors are regions that could not be listed; the other
	// regions' clusters are still in Clusters.
	RegionErrors []RegionError
	// Regions searched, sorted.
	Regions []string
}

// Found is one cluster to crawl.
type Found struct {
	// Account is Options.Account: "" or the key of the account searched.
	Account string
	Cluster *snapshot.Cluster
	// SecretID is the value of the cluster's auroradoc:secret-id tag, if
	// any; it overrides the configured secret template.
	SecretID string
	// Instances are the endpoints (host:port) of the cluster's instances,
	// the writer first, then the readers by instance id; a member whose
	// endpoint is not reported yet (being created) is left out.
	Instances []string
	// Warnings are problems that do not stop the crawl, e.g. a parameter
	// group that could not be read.
	Warnings []string
}

// Name is the target name of a discovered cluster: "<region>/<id>", or
// "<account>/<region>/<id>" with an account (names.Cluster).
func (f *Found) Name() string { return names.Cluster(f.Account, f.Cluster.Region, f.Cluster.ID) }

// Skipped is a cluster that is not crawled, and why.
type Skipped struct {
	Account, Region, ClusterID, Reason string
	// Filtered is set when the configuration excludes the cluster (engine,
	// tags, exclude pattern) rather than the cluster being unable to answer
	// (stopped, headless, may auto-pause).
	Filtered bool
}

// Name is the target name, as Found's.
func (s Skipped) Name() string { return names.Cluster(s.Account, s.Region, s.ClusterID) }

// RegionError is a region that could not be searched.
type RegionError struct {
	Region string
	Err    error
}

// SecretIDTag is the cluster tag that names the cluster's Secrets Manager
// secret, overriding the configured template.
const SecretIDTag = "auroradoc:secret-id"

package inventory

import (
	"log/slog"
)

// Options select and tune discovery.
type Options struct {
	// Account is the key of the account searched (aws.accounts: its label
	// or id), put in the names of what is found; "" = the standard
	// chain's own account, names "<region>/<id>".
	Account string
	// Regions to search; ignored when AllRegions is set.
	Regions []string
	// AllRegions searches every region enabled for the account
	// (ec2:DescribeRegions).
	AllRegions bool
	// Engines to keep (default aurora-mysql).
	Engines []string
	// IncludeTags: a cluster must carry every tag; value "*" = any value.
	IncludeTags map[string]string
	// Exclude reports clusters left out by identifier.
	Exclude func(clusterID string) bool
	// WakePaused crawls Serverless v2 clusters that can auto-pause.
	WakePaused bool
	// SkipParameterGroups leaves the parameter groups out (no
	// rds:DescribeDB*Parameters calls), for callers that need only the
	// clusters and their instances (the access engine).
	SkipParameterGroups bool
	// RegionConcurrency bounds regions searched at once (default 8).
	RegionConcurrency int
	// GroupConcurrency bounds parameter-group fetches at once per region
	// (default 4).
	GroupConcurrency int
	Logger           *slog.Logger
}

func (o Options) withDefaults() Options {
	if len(o.Engines) == 0 {
		o.Engines = []string{"aurora-mysql"}
	}
	if o.RegionConcurrency < 1 {
		o.RegionConcurrency = 8
	}
	if o.GroupConcurrency < 1 {
		o.GroupConcurrency = 4
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

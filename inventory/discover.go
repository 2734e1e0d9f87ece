package inventory

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/snapshot"
)

// Discover lists the clusters of every configured region concurrently.
// A region that fails (no access, endpoint down) is reported in
// RegionErrors and costs no other region its clusters. Parameter groups
// are fetched once per group and region, however many clusters share them.
func Discover(ctx context.Context, cfg aws.Config, o Options) (*Result, error) {
	o = o.withDefaults()
	regions := slices.Clone(o.Regions)
	if o.AllRegions {
		var err error
		if regions, err = enabledRegions(ctx, cfg); err != nil {
			return nil, err
		}
	}
	sort.Strings(regions)
	regions = slices.Compact(regions)
	if len(regions) == 0 {
		return nil, errors.New("discovering clusters: no regions to search")
	}

	res := &Result{Regions: regions}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.RegionConcurrency)
	for _, region := range regions {
		g.Go(func() error {
			found, skipped, err := discoverRegion(gctx, cfg, region, o)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				o.Logger.Warn("region failed", "account", o.Account, "region", region, "error", err.Error())
				res.RegionErrors = append(res.RegionErrors, RegionError{Region: region, Err: err})
				return nil
			}
			res.Clusters = append(res.Clusters, found...)
			res.Skipped = append(res.Skipped, skipped...)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sort.Slice(res.Clusters, func(i, j int) bool { return res.Clusters[i].Name() < res.Clusters[j].Name() })
	sort.Slice(res.Skipped, func(i, j int) bool { return res.Skipped[i].Name() < res.Skipped[j].Name() })
	sort.Slice(res.RegionErrors, func(i, j int) bool { return res.RegionErrors[i].Region < res.RegionErrors[j].Region })
	return res, nil
}

// enabledRegions asks EC2 which regions the account can use.
func enabledRegions(ctx context.Context, cfg aws.Config) ([]string, error) {
	out, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		return nil, fmt.Errorf("listing enabled regions (ec2:DescribeRegions): %w", err)
	}
	var regions []string
	for _, r := range out.Regions {
		if r.OptInStatus != nil && *r.OptInStatus == "not-opted-in" {
			continue
		}
		regions = append(regions, aws.ToString(r.RegionName))
	}
	return regions, nil
}

func discoverRegion(ctx context.Context, cfg aws.Config, region string, o Options) ([]*Found, []Skipped, error) {
	client := rds.NewFromConfig(cfg, func(ro *rds.Options) { ro.Region = region })

	var clusters []rdstypes.DBCluster
	p := rds.NewDescribeDBClustersPaginator(client, &rds.DescribeDBClustersInput{
		Filters: []rdstypes.Filter{{Name: aws.String("engine"), Values: o.Engines}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("region %s: listing clusters (rds:DescribeDBClusters): %w", region, err)
		}
		clusters = append(clusters, page.DBClusters...)
	}
	if len(clusters) == 0 {
		return nil, nil, nil
	}
	instances := map[string]rdstypes.DBInstance{}
	ip := rds.NewDescribeDBInstancesPaginator(client, &rds.DescribeDBInstancesInput{
		Filters: []rdstypes.Filter{{Name: aws.String("engine"), Values: o.Engines}},
	})
	for ip.HasMorePages() {
		page, err := ip.NextPage(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("region %s: listing instances (rds:DescribeDBInstances): %w", region, err)
		}
		for _, in := range page.DBInstances {
			instances[aws.ToString(in.DBInstanceIdentifier)] = in
		}
	}

	var found []*Found
	var skipped []Skipped
	for _, dc := range clusters {
		c := convertCluster(region, dc, instances)
		if reason, filtered := skipReason(c, o); reason != "" {
			skipped = append(skipped, Skipped{Account: o.Account, Region: region, ClusterID: c.ID, Reason: reason, Filtered: filtered})
			continue
		}
		found = append(found, &Found{Account: o.Account, Cluster: c, SecretID: c.Tags[SecretIDTag], Instances: instanceEndpoints(c, instances)})
	}
	if o.SkipParameterGroups {
		return found, skipped, nil
	}
	if err := attachParameterGroups(ctx, client, region, found, o); err != nil {
		return nil, nil, err
	}
	return found, skipped, nil
}

// instanceEndpoints are the host:port endpoints of c's members, the
// writer first, then the readers by instance id; a member whose
// endpoint is not reported yet (being created) is left out.
func instanceEndpoints(c *snapshot.Cluster, instances map[string]rdstypes.DBInstance) []string {
	var writer, readers []string
	for _, m := range c.Members { // sorted by id
		in, ok := instances[m.ID]
		if !ok || in.Endpoint == nil || aws.ToString(in.Endpoint.Address) == "" {
			continue
		}
		ep := net.JoinHostPort(aws.ToString(in.Endpoint.Address), strconv.Itoa(int(aws.ToInt32(in.Endpoint.Port))))
		if m.Role == "writer" {
			writer = append(writer, ep)
		} else {
			readers = append(readers, ep)
		}
	}
	return append(writer, readers...)
}

// skipReason says why a cluster is not crawled, or "" to crawl it;
// filtered is true when the configuration excludes the cluster.
func skipReason(c *snapshot.Cluster, o Options) (reason string, filtered bool) {
	switch {
	case !slices.Contains(o.Engines, c.Engine):
		return fmt.Sprintf("engine %s not in aws.engines", c.Engine), true
	case o.Exclude != nil && o.Exclude(c.ID):
		return "excluded by aws.exclude", true
	case !tagsMatch(c.Tags, o.IncludeTags):
		return "tags do not match aws.include_tags", true
	}
	return availability(c, o), false
}

// availability says why a cluster that the configuration selects cannot
// be crawled now, or "".
func availability(c *snapshot.Cluster, o Options) string {
	switch {
	case c.Status != "available":
		return fmt.Sprintf("status is %s, not available", c.Status)
	case len(c.Members) == 0:
		return "no instances (headless cluster, e.g. a global database secondary)"
	case !o.WakePaused && mayAutoPause(c):
		return "Serverless v2 with auto-pause (minimum capacity 0): a crawl would resume it and bill it; set aws.wake_paused: true to crawl it"
	}
	var live bool
	for _, m := range c.Members {
		live = live || m.Status == "available"
	}
	if !live {
		return "no member instance is available"
	}
	return ""
}

// mayAutoPause reports a Serverless v2 cluster whose minimum capacity is 0
// and whose instances are all serverless: the RDS API does not say whether
// such an instance is paused right now (it stays "available"), so it is
// treated as pausable.
func mayAutoPause(c *snapshot.Cluster) bool {
	if c.ServerlessV2 == nil || c.ServerlessV2.MinCapacity > 0 {
		return false
	}
	for _, m := range c.Members {
		if m.Class != "db.serverless" {
			return false
		}
	}
	return true
}

func tagsMatch(tags, want map[string]string) bool {
	for k, v := range want {
		got, ok := tags[k]
		if !ok || (v != "*" && got != v) {
			return false
		}
	}
	return true
}

func convertCluster(region string, dc rdstypes.DBCluster, instances map[string]rdstypes.DBInstance) *snapshot.Cluster {
	c := &snapshot.Cluster{
		ID:              aws.ToString(dc.DBClusterIdentifier),
		ARN:             aws.ToString(dc.DBClusterArn),
		Region:          region,
		Engine:          aws.ToString(dc.Engine),
		EngineVersion:   aws.ToString(dc.EngineVersion),
		EngineMode:      aws.ToString(dc.EngineMode),
		Status:          aws.ToString(dc.Status),
		Endpoint:        aws.ToString(dc.Endpoint),
		ReaderEndpoint:  aws.ToString(dc.ReaderEndpoint),
		Port:            int(aws.ToInt32(dc.Port)),
		GlobalClusterID: aws.ToString(dc.GlobalClusterIdentifier),
	}
	if pg := aws.ToString(dc.DBClusterParameterGroup); pg != "" {
		c.ParameterGroup = &snapshot.ParameterGroup{Name: pg}
	}
	if len(dc.TagList) > 0 {
		c.Tags = map[string]string{}
		for _, t := range dc.TagList {
			c.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	if s := dc.ServerlessV2ScalingConfiguration; s != nil {
		c.ServerlessV2 = &snapshot.ServerlessV2{
			MinCapacity:           aws.ToFloat64(s.MinCapacity),
			MaxCapacity:           aws.ToFloat64(s.MaxCapacity),
			SecondsUntilAutoPause: int(aws.ToInt32(s.SecondsUntilAutoPause)),
		}
	}
	for _, m := range dc.DBClusterMembers {
		id := aws.ToString(m.DBInstanceIdentifier)
		mem := &snapshot.Member{
			ID:                          id,
			Role:                        "reader",
			PromotionTier:               int(aws.ToInt32(m.PromotionTier)),
			ClusterParameterGroupStatus: aws.ToString(m.DBClusterParameterGroupStatus),
		}
		if aws.ToBool(m.IsClusterWriter) {
			mem.Role = "writer"
		}
		if in, ok := instances[id]; ok {
			mem.Class = aws.ToString(in.DBInstanceClass)
			mem.Status = aws.ToString(in.DBInstanceStatus)
			mem.AvailabilityZone = aws.ToString(in.AvailabilityZone)
			if len(in.DBParameterGroups) > 0 {
				mem.ParameterGroup = aws.ToString(in.DBParameterGroups[0].DBParameterGroupName)
				mem.ParameterApplyStatus = aws.ToString(in.DBParameterGroups[0].ParameterApplyStatus)
			}
		}
		mem.PendingReboot = strings.Contains(mem.ParameterApplyStatus, "pending-reboot") ||
			strings.Contains(mem.ClusterParameterGroupStatus, "pending-reboot")
		c.Members = append(c.Members, mem)
	}
	sort.Slice(c.Members, func(i, j int) bool { return c.Members[i].ID < c.Members[j].ID })
	return c
}

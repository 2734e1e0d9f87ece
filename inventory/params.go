package inventory

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/snapshot"
)

// groupKey names a parameter group of one kind within a region.
type groupKey struct {
	cluster bool
	name    string
}

// attachParameterGroups fetches every cluster and instance parameter group
// the found clusters use — each exactly once — and attaches them. A group
// that cannot be read becomes a warning on the clusters that use it.
func attachParameterGroups(ctx context.Context, client *rds.Client, region string, found []*Found, o Options) error {
	want := map[groupKey]bool{}
	for _, f := range found {
		if f.Cluster.ParameterGroup != nil {
			want[groupKey{true, f.Cluster.ParameterGroup.Name}] = true
		}
		for _, m := range f.Cluster.Members {
			if m.ParameterGroup != "" {
				want[groupKey{false, m.ParameterGroup}] = true
			}
		}
	}
	groups := map[groupKey]*snapshot.ParameterGroup{}
	errs := map[groupKey]error{}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.GroupConcurrency)
	for k := range want {
		g.Go(func() error {
			pg, err := fetchGroup(gctx, client, k)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs[k] = fmt.Errorf("region %s: %w", region, err)
				return nil
			}
			groups[k] = pg
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for _, f := range found {
		c := f.Cluster
		if c.ParameterGroup != nil {
			k := groupKey{true, c.ParameterGroup.Name}
			if pg, ok := groups[k]; ok {
				c.ParameterGroup = pg
			} else {
				f.Warnings = append(f.Warnings, errs[k].Error())
			}
		}
		seen := map[string]bool{}
		for _, m := range c.Members {
			if m.ParameterGroup == "" || seen[m.ParameterGroup] {
				continue
			}
			seen[m.ParameterGroup] = true
			k := groupKey{false, m.ParameterGroup}
			if pg, ok := groups[k]; ok {
				c.InstanceParameterGroups = append(c.InstanceParameterGroups, pg)
			} else {
				f.Warnings = append(f.Warnings, errs[k].Error())
			}
		}
		sort.Slice(c.InstanceParameterGroups, func(i, j int) bool {
			return c.InstanceParameterGroups[i].Name < c.InstanceParameterGroups[j].Name
		})
		sort.Strings(f.Warnings)
	}
	return nil
}

// fetchGroup reads all parameters of one group, every page.
func fetchGroup(ctx context.Context, client *rds.Client, k groupKey) (*snapshot.ParameterGroup, error) {
	pg := &snapshot.ParameterGroup{Name: k.name}
	var params []rdstypes.Parameter
	if k.cluster {
		p := rds.NewDescribeDBClusterParametersPaginator(client, &rds.DescribeDBClusterParametersInput{DBClusterParameterGroupName: aws.String(k.name)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("reading cluster parameter group %s (rds:DescribeDBClusterParameters): %w", k.name, err)
			}
			params = append(params, page.Parameters...)
		}
	} else {
		p := rds.NewDescribeDBParametersPaginator(client, &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String(k.name)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("reading instance parameter group %s (rds:DescribeDBParameters): %w", k.name, err)
			}
			params = append(params, page.Parameters...)
		}
	}
	for _, p := range params {
		pg.Parameters = append(pg.Parameters, &snapshot.Parameter{
			Name:          aws.ToString(p.ParameterName),
			Value:         aws.ToString(p.ParameterValue),
			HasValue:      p.ParameterValue != nil,
			Source:        aws.ToString(p.Source),
			ApplyType:     aws.ToString(p.ApplyType),
			ApplyMethod:   string(p.ApplyMethod),
			DataType:      aws.ToString(p.DataType),
			AllowedValues: aws.ToString(p.AllowedValues),
			IsModifiable:  aws.ToBool(p.IsModifiable),
		})
	}
	sort.Slice(pg.Parameters, func(i, j int) bool { return pg.Parameters[i].Name < pg.Parameters[j].Name })
	return pg, nil
}

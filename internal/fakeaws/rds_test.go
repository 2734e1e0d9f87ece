package fakeaws_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// clusterIDs lists the clusters' identifiers.
func clusterIDs(cs []types.DBCluster) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, aws.ToString(c.DBClusterIdentifier))
	}
	return ids
}

func TestDescribeDBClustersAnswersEachRegionWithItsOwnClusters(t *testing.T) {
	s := start(t)
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "orders"})
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "billing"})
	s.AddCluster("eu-west-1", fakeaws.Cluster{ID: "users"})
	ctx := testContext(t)

	for region, want := range map[string][]string{
		"us-east-1":      {"billing", "orders"},
		"eu-west-1":      {"users"},
		"ap-southeast-2": nil,
	} {
		out, err := rdsClient(t, s, region).DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{})
		if err != nil {
			t.Fatalf("%s: DescribeDBClusters: %v", region, err)
		}
		if got := clusterIDs(out.DBClusters); !slices.Equal(got, want) {
			t.Errorf("%s: clusters %q, want %q", region, got, want)
		}
		if out.Marker != nil {
			t.Errorf("%s: Marker %q on the only page", region, *out.Marker)
		}
		if n := s.Count("rds", "DescribeDBClusters", region); n != 1 {
			t.Errorf("Count(rds, DescribeDBClusters, %s) = %d, want 1", region, n)
		}
	}
	if n := s.Count("", "", ""); n != 3 {
		t.Errorf("Count of all calls = %d, want 3", n)
	}
}

func TestDescribeDBClustersCarriesEveryFieldThroughTheSDK(t *testing.T) {
	s := start(t)
	const hostile = `<a href="x">&amp; 'q' ]]> é`
	s.AddCluster("us-east-1", fakeaws.Cluster{
		ID:                      "orders",
		Engine:                  "aurora-mysql",
		EngineVersion:           "8.0.mysql_aurora.3.05.2",
		Status:                  "stopped",
		Endpoint:                "127.0.0.1",
		ReaderEndpoint:          "127.0.0.2",
		Port:                    33061,
		ParameterGroup:          "orders-cluster-pg",
		Tags:                    map[string]string{"team": "payments", "note": hostile},
		VpcSecurityGroups:       []string{"sg-0123"},
		GlobalClusterIdentifier: "global-orders",
		ServerlessV2:            &fakeaws.ServerlessV2{MinCapacity: 0.5, MaxCapacity: 64, SecondsUntilAutoPause: 300},
		Members: []fakeaws.Instance{
			{ID: "orders-1", Class: "db.serverless", Writer: true, PromotionTier: 1},
			{ID: "orders-2", ClusterParameterGroupStatus: "pending-reboot", PromotionTier: 15},
		},
	})
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "headless"})

	out, err := rdsClient(t, s, "us-east-1").DescribeDBClusters(testContext(t), &rds.DescribeDBClustersInput{})
	if err != nil {
		t.Fatalf("DescribeDBClusters: %v", err)
	}
	if len(out.DBClusters) != 2 {
		t.Fatalf("got %d clusters, want 2", len(out.DBClusters))
	}

	h := out.DBClusters[0]
	for field, got := range map[string]string{
		"DBClusterIdentifier":     aws.ToString(h.DBClusterIdentifier),
		"Engine":                  aws.ToString(h.Engine),
		"EngineVersion":           aws.ToString(h.EngineVersion),
		"Status":                  aws.ToString(h.Status),
		"Endpoint":                aws.ToString(h.Endpoint),
		"ReaderEndpoint":          aws.ToString(h.ReaderEndpoint),
		"DBClusterParameterGroup": aws.ToString(h.DBClusterParameterGroup),
		"Port":                    fmt.Sprint(aws.ToInt32(h.Port)),
	} {
		want := map[string]string{
			"DBClusterIdentifier":     "headless",
			"Engine":                  fakeaws.DefaultEngine,
			"EngineVersion":           fakeaws.DefaultEngineVersion,
			"Status":                  "available",
			"Endpoint":                "headless.cluster-c0ffee123456.us-east-1.rds.amazonaws.com",
			"ReaderEndpoint":          "headless.cluster-ro-c0ffee123456.us-east-1.rds.amazonaws.com",
			"DBClusterParameterGroup": "default.aurora-mysql8.0",
			"Port":                    "3306",
		}[field]
		if got != want {
			t.Errorf("headless %s = %q, want default %q", field, got, want)
		}
	}
	if h.DBClusterMembers == nil || len(h.DBClusterMembers) != 0 {
		t.Errorf("headless DBClusterMembers = %#v, want an empty list", h.DBClusterMembers)
	}
	if h.GlobalClusterIdentifier != nil || h.ServerlessV2ScalingConfiguration != nil {
		t.Errorf("headless has GlobalClusterIdentifier %v, ServerlessV2ScalingConfiguration %v; want neither",
			h.GlobalClusterIdentifier, h.ServerlessV2ScalingConfiguration)
	}

	c := out.DBClusters[1]
	for field, pair := range map[string][2]string{
		"DBClusterIdentifier":     {aws.ToString(c.DBClusterIdentifier), "orders"},
		"DBClusterArn":            {aws.ToString(c.DBClusterArn), "arn:aws:rds:us-east-1:123456789012:cluster:orders"},
		"Engine":                  {aws.ToString(c.Engine), "aurora-mysql"},
		"EngineVersion":           {aws.ToString(c.EngineVersion), "8.0.mysql_aurora.3.05.2"},
		"EngineMode":              {aws.ToString(c.EngineMode), "provisioned"},
		"Status":                  {aws.ToString(c.Status), "stopped"},
		"Endpoint":                {aws.ToString(c.Endpoint), "127.0.0.1"},
		"ReaderEndpoint":          {aws.ToString(c.ReaderEndpoint), "127.0.0.2"},
		"Port":                    {fmt.Sprint(aws.ToInt32(c.Port)), "33061"},
		"DBClusterParameterGroup": {aws.ToString(c.DBClusterParameterGroup), "orders-cluster-pg"},
		"GlobalClusterIdentifier": {aws.ToString(c.GlobalClusterIdentifier), "global-orders"},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s = %q, want %q", field, pair[0], pair[1])
		}
	}

	wantMembers := []types.DBClusterMember{
		{DBInstanceIdentifier: aws.String("orders-1"), IsClusterWriter: aws.Bool(true), DBClusterParameterGroupStatus: aws.String("in-sync"), PromotionTier: aws.Int32(1)},
		{DBInstanceIdentifier: aws.String("orders-2"), IsClusterWriter: aws.Bool(false), DBClusterParameterGroupStatus: aws.String("pending-reboot"), PromotionTier: aws.Int32(15)},
	}
	if len(c.DBClusterMembers) != len(wantMembers) {
		t.Fatalf("DBClusterMembers: %d, want %d", len(c.DBClusterMembers), len(wantMembers))
	}
	for i, w := range wantMembers {
		g := c.DBClusterMembers[i]
		if aws.ToString(g.DBInstanceIdentifier) != aws.ToString(w.DBInstanceIdentifier) ||
			aws.ToBool(g.IsClusterWriter) != aws.ToBool(w.IsClusterWriter) || g.IsClusterWriter == nil ||
			aws.ToString(g.DBClusterParameterGroupStatus) != aws.ToString(w.DBClusterParameterGroupStatus) ||
			aws.ToInt32(g.PromotionTier) != aws.ToInt32(w.PromotionTier) {
			t.Errorf("member %d = {%v %v %v %v}, want {%v %v %v %v}", i,
				aws.ToString(g.DBInstanceIdentifier), aws.ToBool(g.IsClusterWriter), aws.ToString(g.DBClusterParameterGroupStatus), aws.ToInt32(g.PromotionTier),
				aws.ToString(w.DBInstanceIdentifier), aws.ToBool(w.IsClusterWriter), aws.ToString(w.DBClusterParameterGroupStatus), aws.ToInt32(w.PromotionTier))
		}
	}

	tags := map[string]string{}
	for _, tag := range c.TagList {
		tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	if len(tags) != 2 || tags["team"] != "payments" || tags["note"] != hostile {
		t.Errorf("TagList = %q, want team=payments and note=%q (XML-escaped on the wire)", tags, hostile)
	}

	if len(c.VpcSecurityGroups) != 1 || aws.ToString(c.VpcSecurityGroups[0].VpcSecurityGroupId) != "sg-0123" ||
		aws.ToString(c.VpcSecurityGroups[0].Status) != "active" {
		t.Errorf("VpcSecurityGroups = %+v, want sg-0123 active", c.VpcSecurityGroups)
	}

	sv2 := c.ServerlessV2ScalingConfiguration
	if sv2 == nil || aws.ToFloat64(sv2.MinCapacity) != 0.5 || aws.ToFloat64(sv2.MaxCapacity) != 64 ||
		aws.ToInt32(sv2.SecondsUntilAutoPause) != 300 {
		t.Errorf("ServerlessV2ScalingConfiguration = %+v, want 0.5..64 ACU, auto-pause 300 s", sv2)
	}
}

func TestDescribeDBClustersPaginatesWithTheSDKPaginator(t *testing.T) {
	s := start(t)
	var want []string
	for i := range 250 {
		id := fmt.Sprintf("cluster-%03d", i)
		want = append(want, id)
		s.AddCluster("us-west-2", fakeaws.Cluster{ID: id})
	}
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "elsewhere"})
	client := rdsClient(t, s, "us-west-2")
	ctx := testContext(t)

	var got []string
	var sizes []int
	p := rds.NewDescribeDBClustersPaginator(client, &rds.DescribeDBClustersInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("page %d: %v", len(sizes)+1, err)
		}
		sizes = append(sizes, len(out.DBClusters))
		got = append(got, clusterIDs(out.DBClusters)...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %d clusters %q..., want the 250 in order", len(got), got[:min(3, len(got))])
	}
	if !slices.Equal(sizes, []int{100, 100, 50}) {
		t.Errorf("page sizes %v, want [100 100 50]", sizes)
	}
	if n := s.Count("rds", "DescribeDBClusters", "us-west-2"); n != 3 {
		t.Errorf("Count = %d, want 3 pages", n)
	}

	// MaxRecords is honoured and bounded like in RDS.
	out, err := client.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{MaxRecords: aws.Int32(20)})
	if err != nil {
		t.Fatalf("MaxRecords 20: %v", err)
	}
	if len(out.DBClusters) != 20 || out.Marker == nil {
		t.Errorf("MaxRecords 20: %d clusters, Marker %v; want 20 and a marker", len(out.DBClusters), out.Marker)
	}
	for _, bad := range []int32{19, 101} {
		_, err := client.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{MaxRecords: aws.Int32(bad)})
		if code := errorCode(err); code != "InvalidParameterValue" {
			t.Errorf("MaxRecords %d: error %v (code %q), want InvalidParameterValue", bad, err, code)
		}
	}
	_, err = client.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{Marker: aws.String("not-a-marker")})
	if code := errorCode(err); code != "InvalidParameterValue" {
		t.Errorf("bad Marker: error %v (code %q), want InvalidParameterValue", err, code)
	}
}

func TestDescribeDBClustersFiltersByEngineAndIdentifier(t *testing.T) {
	s := start(t)
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "mysql-a"})
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "pg-a", Engine: "aurora-postgresql", EngineVersion: "15.4"})
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "mysql-b"})
	client := rdsClient(t, s, "us-east-1")
	ctx := testContext(t)

	out, err := client.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{
		Filters: []types.Filter{{Name: aws.String("engine"), Values: []string{"aurora-mysql"}}},
	})
	if err != nil {
		t.Fatalf("engine filter: %v", err)
	}
	if got := clusterIDs(out.DBClusters); !slices.Equal(got, []string{"mysql-a", "mysql-b"}) {
		t.Errorf("engine=aurora-mysql: %q, want mysql-a, mysql-b", got)
	}
	calls := s.Calls()
	if p := calls[len(calls)-1].Params; p.Get("Filters.Filter.1.Name") != "engine" ||
		p.Get("Filters.Filter.1.Values.Value.1") != "aurora-mysql" {
		t.Errorf("recorded params %v, want Filters.Filter.1.Name=engine, Filters.Filter.1.Values.Value.1=aurora-mysql", p)
	}

	for _, id := range []string{"pg-a", "PG-A", "arn:aws:rds:us-east-1:123456789012:cluster:pg-a"} {
		out, err = client.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String(id)})
		if err != nil {
			t.Fatalf("DBClusterIdentifier %s: %v", id, err)
		}
		if got := clusterIDs(out.DBClusters); !slices.Equal(got, []string{"pg-a"}) {
			t.Errorf("DBClusterIdentifier %s: %q, want pg-a", id, got)
		}
	}

	out, err = client.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{
		Filters: []types.Filter{{Name: aws.String("db-cluster-id"), Values: []string{"mysql-b", "pg-a"}}},
	})
	if err != nil {
		t.Fatalf("db-cluster-id filter: %v", err)
	}
	if got := clusterIDs(out.DBClusters); !slices.Equal(got, []string{"mysql-b", "pg-a"}) {
		t.Errorf("db-cluster-id filter: %q, want mysql-b, pg-a", got)
	}

	_, err = client.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String("nope")})
	var notFound *types.DBClusterNotFoundFault
	if !errors.As(err, &notFound) {
		t.Errorf("unknown cluster: error %v, want DBClusterNotFoundFault", err)
	}

	_, err = client.DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{
		Filters: []types.Filter{{Name: aws.String("domain"), Values: []string{"x"}}},
	})
	if code := errorCode(err); code != "InvalidParameterValue" {
		t.Errorf("unimplemented filter: error %v (code %q), want InvalidParameterValue", err, code)
	}
}

func TestDescribeDBInstancesFiltersByCluster(t *testing.T) {
	s := start(t)
	s.AddCluster("us-east-1", fakeaws.Cluster{
		ID: "orders", Endpoint: "127.0.0.1", Port: 4000,
		Members: []fakeaws.Instance{
			{ID: "orders-writer", Writer: true, Class: "db.r6g.xlarge", ParameterGroup: "orders-pg", ParameterApplyStatus: "pending-reboot", AvailabilityZone: "us-east-1c", Endpoint: "127.0.0.1", PromotionTier: 1},
			{ID: "orders-reader", Status: "stopped"},
		},
	})
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "users", Members: []fakeaws.Instance{{ID: "users-1", Writer: true}}})
	client := rdsClient(t, s, "us-east-1")
	ctx := testContext(t)

	out, err := client.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{
		Filters: []types.Filter{{Name: aws.String("db-cluster-id"), Values: []string{"orders"}}},
	})
	if err != nil {
		t.Fatalf("DescribeDBInstances: %v", err)
	}
	if len(out.DBInstances) != 2 {
		t.Fatalf("got %d instances, want 2", len(out.DBInstances))
	}
	r, w := out.DBInstances[0], out.DBInstances[1] // sorted by identifier
	type fields struct {
		ID, ARN, Class, Engine, Version, Status, Cluster, AZ, Address string
		Port, Tier                                                    int32
		Group, Apply                                                  string
	}
	get := func(i types.DBInstance) fields {
		f := fields{
			ID: aws.ToString(i.DBInstanceIdentifier), ARN: aws.ToString(i.DBInstanceArn),
			Class: aws.ToString(i.DBInstanceClass), Engine: aws.ToString(i.Engine),
			Version: aws.ToString(i.EngineVersion), Status: aws.ToString(i.DBInstanceStatus),
			Cluster: aws.ToString(i.DBClusterIdentifier), AZ: aws.ToString(i.AvailabilityZone),
			Tier: aws.ToInt32(i.PromotionTier),
		}
		if i.Endpoint != nil {
			f.Address, f.Port = aws.ToString(i.Endpoint.Address), aws.ToInt32(i.Endpoint.Port)
		}
		if len(i.DBParameterGroups) == 1 {
			f.Group, f.Apply = aws.ToString(i.DBParameterGroups[0].DBParameterGroupName), aws.ToString(i.DBParameterGroups[0].ParameterApplyStatus)
		}
		return f
	}
	for _, c := range []struct{ got, want fields }{
		{get(w), fields{"orders-writer", "arn:aws:rds:us-east-1:123456789012:db:orders-writer", "db.r6g.xlarge", "aurora-mysql",
			fakeaws.DefaultEngineVersion, "available", "orders", "us-east-1c", "127.0.0.1", 4000, 1, "orders-pg", "pending-reboot"}},
		{get(r), fields{"orders-reader", "arn:aws:rds:us-east-1:123456789012:db:orders-reader", fakeaws.DefaultInstanceClass, "aurora-mysql",
			fakeaws.DefaultEngineVersion, "stopped", "orders", "us-east-1a", "orders-reader.c0ffee123456.us-east-1.rds.amazonaws.com", 4000, 0,
			"default.aurora-mysql8.0", "in-sync"}},
	} {
		if c.got != c.want {
			t.Errorf("instance\n got %+v\nwant %+v", c.got, c.want)
		}
	}

	all, err := client.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
	if err != nil {
		t.Fatalf("DescribeDBInstances, unfiltered: %v", err)
	}
	if len(all.DBInstances) != 3 {
		t.Errorf("unfiltered: %d instances, want 3", len(all.DBInstances))
	}

	_, err = client.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String("nope")})
	var notFound *types.DBInstanceNotFoundFault
	if !errors.As(err, &notFound) {
		t.Errorf("unknown instance: error %v, want DBInstanceNotFoundFault", err)
	}
}

func TestDescribeDBInstancesPaginates(t *testing.T) {
	s := start(t)
	for i := range 9 {
		var members []fakeaws.Instance
		for j := range 5 {
			members = append(members, fakeaws.Instance{ID: fmt.Sprintf("c%d-i%d", i, j), Writer: j == 0})
		}
		s.AddCluster("us-east-1", fakeaws.Cluster{ID: fmt.Sprintf("c%d", i), Members: members})
	}
	p := rds.NewDescribeDBInstancesPaginator(rdsClient(t, s, "us-east-1"), &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(20)})
	seen := map[string]bool{}
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(testContext(t))
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
		for _, i := range out.DBInstances {
			seen[aws.ToString(i.DBInstanceIdentifier)] = true
		}
	}
	if len(seen) != 45 || pages != 3 {
		t.Errorf("%d distinct instances in %d pages, want 45 in 3", len(seen), pages)
	}
}

func TestUnknownRDSActionIsInvalidAction(t *testing.T) {
	s := start(t)
	_, err := rdsClient(t, s, "us-east-1").DeleteDBCluster(testContext(t), &rds.DeleteDBClusterInput{DBClusterIdentifier: aws.String("x")})
	if code := errorCode(err); code != "InvalidAction" {
		t.Errorf("DeleteDBCluster: error %v (code %q), want InvalidAction", err, code)
	}
	if n := s.Count("rds", "DeleteDBCluster", "us-east-1"); n != 1 {
		t.Errorf("Count(DeleteDBCluster) = %d, want 1", n)
	}
}

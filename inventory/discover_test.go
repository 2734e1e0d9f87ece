package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/inventory"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Test accounts' static keys. The secret key must never appear in a token,
// an error or a log line.
const (
	testAccessKey = "AKIDINVENTORYTEST"
	testSecretKey = "inventory-test-secret-access-key-never-shown"
)

// startFake starts a fakeaws.Server that is closed when the test ends.
func startFake(t *testing.T) *fakeaws.Server {
	t.Helper()
	f, err := fakeaws.New()
	if err != nil {
		t.Fatalf("fakeaws.New: %v", err)
	}
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Errorf("fakeaws Close: %v", err)
		}
	})
	return f
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// awsConfig builds the aws.Config the way production does — environment
// and awsconfig.Load — pointed at the fake with static keys, and
// keeps the developer's own AWS files and settings out of the test. The
// HTTP client is wrapped so that call counts are exact.
func awsConfig(t *testing.T, f *fakeaws.Server, maxAttempts int) aws.Config {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":                    f.URL(),
		"AWS_ACCESS_KEY_ID":                   testAccessKey,
		"AWS_SECRET_ACCESS_KEY":               testSecretKey,
		"AWS_SESSION_TOKEN":                   "",
		"AWS_REGION":                          "us-east-1",
		"AWS_DEFAULT_REGION":                  "",
		"AWS_PROFILE":                         "",
		"AWS_CONFIG_FILE":                     filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE":         filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":           "true",
		"AWS_ENDPOINT_URL_RDS":                "",
		"AWS_ENDPOINT_URL_EC2":                "",
		"AWS_ENDPOINT_URL_SECRETS_MANAGER":    "",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "",
		"AWS_USE_FIPS_ENDPOINT":               "",
		"AWS_USE_DUALSTACK_ENDPOINT":          "",
		"AWS_CA_BUNDLE":                       "",
	} {
		t.Setenv(k, v)
	}
	cfg, err := awsconfig.Load(testContext(t), maxAttempts, nil)
	if err != nil {
		t.Fatalf("awsconfig.Load: %v", err)
	}
	// Without AWS_CA_BUNDLE (cleared above) the SDK leaves HTTPClient nil
	// and each client builds its default; fakeaws.WrapHTTPClient needs the
	// client it wraps, so give it that default.
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = awshttp.NewBuildableClient()
	}
	cfg.HTTPClient = fakeaws.WrapHTTPClient(cfg.HTTPClient)
	return cfg
}

// addCluster adds c to region with every endpoint on loopback: nothing in
// these tests may ever name a real RDS host.
func addCluster(f *fakeaws.Server, region string, c fakeaws.Cluster) {
	c.Endpoint = or(c.Endpoint, "127.0.0.1")
	c.ReaderEndpoint = or(c.ReaderEndpoint, "127.0.0.1")
	c.Members = slices.Clone(c.Members)
	for i := range c.Members {
		c.Members[i].Endpoint = or(c.Members[i].Endpoint, "127.0.0.1")
	}
	f.AddCluster(region, c)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// param is a parameter with every field set, so that what discovery
// reports can be derived from it field by field (no fake defaults).
func param(name, value string) fakeaws.Parameter {
	return fakeaws.Parameter{Name: name, Value: value, Source: "engine-default", ApplyType: "dynamic",
		ApplyMethod: "immediate", DataType: "integer", AllowedValues: "0-65535", IsModifiable: true,
		Description: "parameter " + name}
}

// manyParams is n fully specified parameters prefix_000, prefix_001, ...
func manyParams(prefix string, n int) []fakeaws.Parameter {
	var out []fakeaws.Parameter
	for i := range n {
		out = append(out, param(fmt.Sprintf("%s_%03d", prefix, i), fmt.Sprint(i*7)))
	}
	return out
}

// wantParams is what discovery must report for ps: every parameter, sorted
// by name, each field as the fake was given it.
func wantParams(ps []fakeaws.Parameter) []*snapshot.Parameter {
	var out []*snapshot.Parameter
	for _, p := range ps {
		out = append(out, &snapshot.Parameter{Name: p.Name, Value: p.Value, HasValue: p.Value != "",
			Source: p.Source, ApplyType: p.ApplyType, ApplyMethod: p.ApplyMethod, DataType: p.DataType,
			AllowedValues: p.AllowedValues, IsModifiable: p.IsModifiable})
	}
	slices.SortFunc(out, func(a, b *snapshot.Parameter) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// addDefaultGroups adds the default.aurora-mysql8.0 cluster and instance
// groups, which clusters without a named group use.
func addDefaultGroups(f *fakeaws.Server, region string) {
	f.AddClusterParameterGroup(region, "default.aurora-mysql8.0", "aurora-mysql8.0", defaultClusterParams)
	f.AddInstanceParameterGroup(region, "default.aurora-mysql8.0", "aurora-mysql8.0", defaultInstanceParams)
}

var (
	defaultClusterParams  = []fakeaws.Parameter{param("binlog_cache_size", "32768"), param("server_audit_logging", "0")}
	defaultInstanceParams = []fakeaws.Parameter{param("max_connections", "{DBInstanceClassMemory/12582880}")}
)

// calls are the fake's calls of action in region.
func calls(f *fakeaws.Server, action, region string) []fakeaws.Call {
	var out []fakeaws.Call
	for _, c := range f.Calls() {
		if c.Action == action && c.Region == region {
			out = append(out, c)
		}
	}
	return out
}

// groupReads counts the separate reads of a parameter group (not pages,
// not retries): the distinct SDK invocations of action's first page
// (no Marker) for group in region.
func groupReads(f *fakeaws.Server, action, region, group string) int {
	nameParam := "DBParameterGroupName"
	if action == "DescribeDBClusterParameters" {
		nameParam = "DBClusterParameterGroupName"
	}
	ids := map[string]bool{}
	for _, c := range calls(f, action, region) {
		if c.Params.Get(nameParam) == group && c.Params.Get("Marker") == "" {
			ids[c.InvocationID] = true
		}
	}
	return len(ids)
}

func clusterNames(res *inventory.Result) []string {
	var out []string
	for _, f := range res.Clusters {
		out = append(out, f.Name())
	}
	return out
}

func discover(t *testing.T, cfg aws.Config, o inventory.Options) *inventory.Result {
	t.Helper()
	res, err := inventory.Discover(testContext(t), cfg, o)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	return res
}

func noRegionErrors(t *testing.T, res *inventory.Result) {
	t.Helper()
	for _, re := range res.RegionErrors {
		t.Errorf("region %s failed: %v", re.Region, re.Err)
	}
}

func TestDiscoverThreeRegions(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 3)

	ordersCPG := []fakeaws.Parameter{param("binlog_format", "ROW"), param("aurora_parallel_query", "1")}
	ordersIPG := []fakeaws.Parameter{param("long_query_time", "2")}
	readersIPG := []fakeaws.Parameter{param("long_query_time", "10"), param("max_connections", "4000")}
	catalogCPG := []fakeaws.Parameter{param("time_zone", "UTC")}
	catalogIPG := []fakeaws.Parameter{param("wait_timeout", "600")}

	fake.AddClusterParameterGroup("us-east-1", "orders-cpg", "aurora-mysql8.0", ordersCPG)
	fake.AddInstanceParameterGroup("us-east-1", "orders-ipg", "aurora-mysql8.0", ordersIPG)
	fake.AddInstanceParameterGroup("us-east-1", "orders-ipg-readers", "aurora-mysql8.0", readersIPG)
	addDefaultGroups(fake, "us-east-1")
	fake.AddClusterParameterGroup("eu-west-1", "catalog-cpg", "aurora-mysql8.0", catalogCPG)
	fake.AddInstanceParameterGroup("eu-west-1", "catalog-ipg", "aurora-mysql8.0", catalogIPG)
	addDefaultGroups(fake, "ap-northeast-1")

	// Writer and reader endpoints differ (both loopback) so that a swap
	// shows.
	addCluster(fake, "us-east-1", fakeaws.Cluster{
		ID: "orders", EngineVersion: "8.0.mysql_aurora.3.08.0", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.2", Port: 3307,
		ParameterGroup: "orders-cpg",
		Tags:           map[string]string{"env": "prd", "team": "payments", inventory.SecretIDTag: "custom/orders"},
		Members: []fakeaws.Instance{
			{ID: "orders-b", Writer: true, Class: "db.r6g.2xlarge", AvailabilityZone: "us-east-1b", ParameterGroup: "orders-ipg"},
			{ID: "orders-c", Class: "db.r6g.xlarge", AvailabilityZone: "us-east-1c", PromotionTier: 2, ParameterGroup: "orders-ipg",
				ClusterParameterGroupStatus: "pending-reboot"},
			{ID: "orders-a", Class: "db.r6g.large", AvailabilityZone: "us-east-1a", PromotionTier: 1, ParameterGroup: "orders-ipg-readers",
				ParameterApplyStatus: "pending-reboot"},
		},
	})
	addCluster(fake, "us-east-1", fakeaws.Cluster{
		ID: "billing", GlobalClusterIdentifier: "billing-global",
		Members: []fakeaws.Instance{{ID: "billing-1", Writer: true, PromotionTier: 1}},
	})
	addCluster(fake, "eu-west-1", fakeaws.Cluster{
		ID: "catalog", ParameterGroup: "catalog-cpg", Tags: map[string]string{"env": "prd"},
		ServerlessV2: &fakeaws.ServerlessV2{MinCapacity: 0.5, MaxCapacity: 16},
		Members: []fakeaws.Instance{
			{ID: "catalog-2", Class: "db.serverless", AvailabilityZone: "eu-west-1b", PromotionTier: 1, ParameterGroup: "catalog-ipg"},
			{ID: "catalog-1", Writer: true, Class: "db.serverless", ParameterGroup: "catalog-ipg"},
		},
	})
	// Minimum capacity 0, but a provisioned writer: it never pauses.
	addCluster(fake, "ap-northeast-1", fakeaws.Cluster{
		ID:           "analytics",
		ServerlessV2: &fakeaws.ServerlessV2{MinCapacity: 0, MaxCapacity: 8, SecondsUntilAutoPause: 600},
		Members: []fakeaws.Instance{
			{ID: "analytics-w", Writer: true, Class: "db.r7g.large", AvailabilityZone: "ap-northeast-1c"},
			{ID: "analytics-r", Class: "db.serverless", AvailabilityZone: "ap-northeast-1d", PromotionTier: 15},
		},
	})
	addCluster(fake, "ap-northeast-1", fakeaws.Cluster{
		ID: "aardvark", Members: []fakeaws.Instance{{ID: "aardvark-1", Writer: true}},
	})
	// A region not asked for.
	addCluster(fake, "us-west-2", fakeaws.Cluster{ID: "elsewhere", Members: []fakeaws.Instance{{ID: "elsewhere-1", Writer: true}}})

	res := discover(t, cfg, inventory.Options{Regions: []string{"us-east-1", "eu-west-1", "ap-northeast-1", "us-east-1"}})
	noRegionErrors(t, res)

	defaultCPG := &snapshot.ParameterGroup{Name: "default.aurora-mysql8.0", Parameters: wantParams(defaultClusterParams)}
	defaultIPG := &snapshot.ParameterGroup{Name: "default.aurora-mysql8.0", Parameters: wantParams(defaultInstanceParams)}
	want := []*inventory.Found{
		{Cluster: &snapshot.Cluster{
			ID: "aardvark", ARN: "arn:aws:rds:ap-northeast-1:123456789012:cluster:aardvark", Region: "ap-northeast-1",
			Engine: "aurora-mysql", EngineVersion: "8.0.mysql_aurora.3.05.2", EngineMode: "provisioned", Status: "available",
			Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: 3306,
			Members: []*snapshot.Member{
				{ID: "aardvark-1", Role: "writer", Class: "db.r6g.large", Status: "available", AvailabilityZone: "ap-northeast-1a",
					ParameterGroup: "default.aurora-mysql8.0", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
			},
			ParameterGroup:          defaultCPG,
			InstanceParameterGroups: []*snapshot.ParameterGroup{defaultIPG},
		}},
		{Cluster: &snapshot.Cluster{
			ID: "analytics", ARN: "arn:aws:rds:ap-northeast-1:123456789012:cluster:analytics", Region: "ap-northeast-1",
			Engine: "aurora-mysql", EngineVersion: "8.0.mysql_aurora.3.05.2", EngineMode: "provisioned", Status: "available",
			Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: 3306,
			ServerlessV2: &snapshot.ServerlessV2{MinCapacity: 0, MaxCapacity: 8, SecondsUntilAutoPause: 600},
			Members: []*snapshot.Member{
				{ID: "analytics-r", Role: "reader", Class: "db.serverless", Status: "available", AvailabilityZone: "ap-northeast-1d",
					PromotionTier: 15, ParameterGroup: "default.aurora-mysql8.0", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
				{ID: "analytics-w", Role: "writer", Class: "db.r7g.large", Status: "available", AvailabilityZone: "ap-northeast-1c",
					ParameterGroup: "default.aurora-mysql8.0", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
			},
			ParameterGroup:          defaultCPG,
			InstanceParameterGroups: []*snapshot.ParameterGroup{defaultIPG},
		}},
		{Cluster: &snapshot.Cluster{
			ID: "catalog", ARN: "arn:aws:rds:eu-west-1:123456789012:cluster:catalog", Region: "eu-west-1",
			Engine: "aurora-mysql", EngineVersion: "8.0.mysql_aurora.3.05.2", EngineMode: "provisioned", Status: "available",
			Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: 3306,
			Tags:         map[string]string{"env": "prd"},
			ServerlessV2: &snapshot.ServerlessV2{MinCapacity: 0.5, MaxCapacity: 16},
			Members: []*snapshot.Member{
				{ID: "catalog-1", Role: "writer", Class: "db.serverless", Status: "available", AvailabilityZone: "eu-west-1a",
					ParameterGroup: "catalog-ipg", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
				{ID: "catalog-2", Role: "reader", Class: "db.serverless", Status: "available", AvailabilityZone: "eu-west-1b",
					PromotionTier: 1, ParameterGroup: "catalog-ipg", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
			},
			ParameterGroup:          &snapshot.ParameterGroup{Name: "catalog-cpg", Parameters: wantParams(catalogCPG)},
			InstanceParameterGroups: []*snapshot.ParameterGroup{{Name: "catalog-ipg", Parameters: wantParams(catalogIPG)}},
		}},
		{Cluster: &snapshot.Cluster{
			ID: "billing", ARN: "arn:aws:rds:us-east-1:123456789012:cluster:billing", Region: "us-east-1",
			Engine: "aurora-mysql", EngineVersion: "8.0.mysql_aurora.3.05.2", EngineMode: "provisioned", Status: "available",
			Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: 3306,
			GlobalClusterID: "billing-global",
			Members: []*snapshot.Member{
				{ID: "billing-1", Role: "writer", Class: "db.r6g.large", Status: "available", AvailabilityZone: "us-east-1a",
					PromotionTier: 1, ParameterGroup: "default.aurora-mysql8.0", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
			},
			ParameterGroup:          defaultCPG,
			InstanceParameterGroups: []*snapshot.ParameterGroup{defaultIPG},
		}},
		{SecretID: "custom/orders", Cluster: &snapshot.Cluster{
			ID: "orders", ARN: "arn:aws:rds:us-east-1:123456789012:cluster:orders", Region: "us-east-1",
			Engine: "aurora-mysql", EngineVersion: "8.0.mysql_aurora.3.08.0", EngineMode: "provisioned", Status: "available",
			Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.2", Port: 3307,
			Tags: map[string]string{"env": "prd", "team": "payments", "auroradoc:secret-id": "custom/orders"},
			Members: []*snapshot.Member{
				{ID: "orders-a", Role: "reader", Class: "db.r6g.large", Status: "available", AvailabilityZone: "us-east-1a",
					PromotionTier: 1, ParameterGroup: "orders-ipg-readers", ParameterApplyStatus: "pending-reboot",
					ClusterParameterGroupStatus: "in-sync", PendingReboot: true},
				{ID: "orders-b", Role: "writer", Class: "db.r6g.2xlarge", Status: "available", AvailabilityZone: "us-east-1b",
					ParameterGroup: "orders-ipg", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
				{ID: "orders-c", Role: "reader", Class: "db.r6g.xlarge", Status: "available", AvailabilityZone: "us-east-1c",
					PromotionTier: 2, ParameterGroup: "orders-ipg", ParameterApplyStatus: "in-sync",
					ClusterParameterGroupStatus: "pending-reboot", PendingReboot: true},
			},
			ParameterGroup: &snapshot.ParameterGroup{Name: "orders-cpg", Parameters: wantParams(ordersCPG)},
			InstanceParameterGroups: []*snapshot.ParameterGroup{
				{Name: "orders-ipg", Parameters: wantParams(ordersIPG)},
				{Name: "orders-ipg-readers", Parameters: wantParams(readersIPG)},
			},
		}},
	}
	// Instances: TestInstanceEndpoints.
	if diff := cmp.Diff(want, res.Clusters, cmpopts.IgnoreFields(inventory.Found{}, "Instances")); diff != "" {
		t.Errorf("Clusters (-want +got):\n%s", diff)
	}
	if len(res.Skipped) != 0 {
		t.Errorf("Skipped = %+v, want none", res.Skipped)
	}
	if want := []string{"ap-northeast-1", "eu-west-1", "us-east-1"}; !slices.Equal(res.Regions, want) {
		t.Errorf("Regions = %q, want %q", res.Regions, want)
	}
	// Each asked region listed exactly once, the others not at all.
	for _, r := range []string{"ap-northeast-1", "eu-west-1", "us-east-1"} {
		if n := fake.Count("rds", "DescribeDBClusters", r); n != 1 {
			t.Errorf("DescribeDBClusters in %s: %d calls, want 1", r, n)
		}
	}
	if n := fake.Count("", "", "us-west-2"); n != 0 {
		t.Errorf("%d calls to us-west-2, which was not asked for", n)
	}
	if n := fake.Count("ec2", "", ""); n != 0 {
		t.Errorf("%d EC2 calls without AllRegions", n)
	}
}

func TestDiscoverParameters(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 3)

	// 230 cluster parameters: 3 pages of at most 100. The special ones
	// carry every kind of value AWS reports.
	special := []fakeaws.Parameter{
		{Name: "innodb_buffer_pool_size", Value: "{DBInstanceClassMemory*3/4}", Source: "system", ApplyType: "static",
			ApplyMethod: "pending-reboot", DataType: "integer", AllowedValues: "0-18446744073709551615", IsModifiable: true},
		{Name: "init_connect", Source: "engine-default", ApplyType: "dynamic", ApplyMethod: "immediate",
			DataType: "string", IsModifiable: true},
		{Name: "binlog_format", Value: "ROW", Source: "user", ApplyType: "static", ApplyMethod: "pending-reboot",
			DataType: "string", AllowedValues: "ROW,STATEMENT,MIXED,OFF", IsModifiable: true},
		{Name: "innodb_file_per_table", Value: "1", Source: "system", ApplyType: "static", ApplyMethod: "pending-reboot",
			DataType: "boolean", AllowedValues: "0,1", IsModifiable: false},
		{Name: "sql_mode", Value: "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION", Source: "user", ApplyType: "dynamic",
			ApplyMethod: "immediate", DataType: "list", AllowedValues: "ALLOW_INVALID_DATES,ANSI_QUOTES,STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION",
			IsModifiable: true},
	}
	clusterParams := append(manyParams("zz_cluster", 230-len(special)), special...)
	// Given out of order; discovery reports them by name.
	slices.Reverse(clusterParams)
	instanceParams := append(manyParams("instance", 129),
		fakeaws.Parameter{Name: "max_connections", Value: "{DBInstanceClassMemory/12582880}", Source: "system",
			ApplyType: "dynamic", ApplyMethod: "immediate", DataType: "integer", AllowedValues: "1-100000", IsModifiable: true})

	for _, r := range []string{"us-east-1", "eu-west-1"} {
		fake.AddClusterParameterGroup(r, "big-cpg", "aurora-mysql8.0", clusterParams)
		fake.AddInstanceParameterGroup(r, "big-ipg", "aurora-mysql8.0", instanceParams)
	}
	for _, id := range []string{"shop-a", "shop-b"} {
		addCluster(fake, "us-east-1", fakeaws.Cluster{ID: id, ParameterGroup: "big-cpg", Members: []fakeaws.Instance{
			{ID: id + "-1", Writer: true, ParameterGroup: "big-ipg"},
			{ID: id + "-2", ParameterGroup: "big-ipg"},
		}})
	}
	addCluster(fake, "eu-west-1", fakeaws.Cluster{ID: "shop-eu", ParameterGroup: "big-cpg", Members: []fakeaws.Instance{
		{ID: "shop-eu-1", Writer: true, ParameterGroup: "big-ipg"},
	}})
	// Groups that do not exist (deleted, or no rds:DescribeDB*Parameters
	// on them): warnings, not a lost cluster.
	addCluster(fake, "us-east-1", fakeaws.Cluster{ID: "broken", ParameterGroup: "missing-cpg", Members: []fakeaws.Instance{
		{ID: "broken-1", Writer: true, ParameterGroup: "big-ipg"},
		{ID: "broken-2", ParameterGroup: "missing-ipg"},
	}})

	res := discover(t, cfg, inventory.Options{Regions: []string{"us-east-1", "eu-west-1"}})
	noRegionErrors(t, res)
	if got, want := clusterNames(res), []string{"eu-west-1/shop-eu", "us-east-1/broken", "us-east-1/shop-a", "us-east-1/shop-b"}; !slices.Equal(got, want) {
		t.Fatalf("clusters = %q, want %q", got, want)
	}
	byName := map[string]*inventory.Found{}
	for _, f := range res.Clusters {
		byName[f.Name()] = f
	}

	wantCluster := &snapshot.ParameterGroup{Name: "big-cpg", Parameters: wantParams(clusterParams)}
	wantInstance := &snapshot.ParameterGroup{Name: "big-ipg", Parameters: wantParams(instanceParams)}
	if n := len(wantCluster.Parameters); n != 230 {
		t.Fatalf("test setup: %d cluster parameters, want 230", n)
	}
	for _, name := range []string{"us-east-1/shop-a", "us-east-1/shop-b", "eu-west-1/shop-eu"} {
		f := byName[name]
		if diff := cmp.Diff(wantCluster, f.Cluster.ParameterGroup); diff != "" {
			t.Errorf("%s: cluster parameter group (-want +got):\n%s", name, diff)
		}
		if diff := cmp.Diff([]*snapshot.ParameterGroup{wantInstance}, f.Cluster.InstanceParameterGroups); diff != "" {
			t.Errorf("%s: instance parameter groups (-want +got):\n%s", name, diff)
		}
		if len(f.Warnings) != 0 {
			t.Errorf("%s: warnings %q, want none", name, f.Warnings)
		}
	}

	// The special values, literally, independent of wantParams.
	got := map[string]snapshot.Parameter{}
	for _, p := range byName["us-east-1/shop-a"].Cluster.ParameterGroup.Parameters {
		got[p.Name] = *p
	}
	for _, want := range []snapshot.Parameter{
		{Name: "innodb_buffer_pool_size", Value: "{DBInstanceClassMemory*3/4}", HasValue: true, Source: "system", ApplyType: "static",
			ApplyMethod: "pending-reboot", DataType: "integer", AllowedValues: "0-18446744073709551615", IsModifiable: true},
		{Name: "init_connect", HasValue: false, Source: "engine-default", ApplyType: "dynamic", ApplyMethod: "immediate",
			DataType: "string", IsModifiable: true},
		{Name: "binlog_format", Value: "ROW", HasValue: true, Source: "user", ApplyType: "static", ApplyMethod: "pending-reboot",
			DataType: "string", AllowedValues: "ROW,STATEMENT,MIXED,OFF", IsModifiable: true},
		{Name: "innodb_file_per_table", Value: "1", HasValue: true, Source: "system", ApplyType: "static", ApplyMethod: "pending-reboot",
			DataType: "boolean", AllowedValues: "0,1", IsModifiable: false},
		{Name: "sql_mode", Value: "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION", HasValue: true, Source: "user", ApplyType: "dynamic",
			ApplyMethod: "immediate", DataType: "list", AllowedValues: "ALLOW_INVALID_DATES,ANSI_QUOTES,STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION",
			IsModifiable: true},
	} {
		if diff := cmp.Diff(want, got[want.Name]); diff != "" {
			t.Errorf("parameter %s (-want +got):\n%s", want.Name, diff)
		}
	}
	names := func(pg *snapshot.ParameterGroup) []string {
		var out []string
		for _, p := range pg.Parameters {
			out = append(out, p.Name)
		}
		return out
	}
	if n := names(byName["us-east-1/shop-a"].Cluster.ParameterGroup); !slices.IsSorted(n) || n[0] != "binlog_format" || n[len(n)-1] != "zz_cluster_224" {
		t.Errorf("cluster parameters not sorted by name: first %q, last %q", n[0], n[len(n)-1])
	}

	// Each group read once per region, however many clusters use it; the
	// 230 parameters took 3 pages, the 130 two.
	for _, r := range []string{"us-east-1", "eu-west-1"} {
		if n := groupReads(fake, "DescribeDBClusterParameters", r, "big-cpg"); n != 1 {
			t.Errorf("%s: big-cpg read %d times, want once", r, n)
		}
		if n := groupReads(fake, "DescribeDBParameters", r, "big-ipg"); n != 1 {
			t.Errorf("%s: big-ipg read %d times, want once", r, n)
		}
	}
	// Pages: 3 + 1 (missing-cpg) cluster, 2 + 1 (missing-ipg) instance
	// group calls in us-east-1; nothing retried.
	for _, c := range []struct {
		action, region string
		want           int
	}{
		{"DescribeDBClusterParameters", "us-east-1", 4},
		{"DescribeDBParameters", "us-east-1", 3},
		{"DescribeDBClusterParameters", "eu-west-1", 3},
		{"DescribeDBParameters", "eu-west-1", 2},
	} {
		if n := fake.Count("rds", c.action, c.region); n != c.want {
			t.Errorf("%s in %s: %d calls, want %d", c.action, c.region, n, c.want)
		}
	}

	// The cluster with missing groups is still found, with one warning per
	// missing group naming it, and keeps what could be read.
	broken := byName["us-east-1/broken"]
	if len(broken.Warnings) != 2 {
		t.Fatalf("broken: warnings %q, want 2", broken.Warnings)
	}
	for i, want := range [][]string{
		{"us-east-1", "cluster parameter group missing-cpg", "rds:DescribeDBClusterParameters", "DBParameterGroupNotFound"},
		{"us-east-1", "instance parameter group missing-ipg", "rds:DescribeDBParameters", "DBParameterGroupNotFound"},
	} {
		for _, s := range want {
			if !strings.Contains(broken.Warnings[i], s) {
				t.Errorf("broken: warning %d %q does not contain %q", i, broken.Warnings[i], s)
			}
		}
	}
	if pg := broken.Cluster.ParameterGroup; pg == nil || pg.Name != "missing-cpg" || len(pg.Parameters) != 0 {
		t.Errorf("broken: cluster parameter group = %+v, want the name missing-cpg without parameters", pg)
	}
	if diff := cmp.Diff([]*snapshot.ParameterGroup{wantInstance}, broken.Cluster.InstanceParameterGroups); diff != "" {
		t.Errorf("broken: instance parameter groups (-want +got):\n%s", diff)
	}
	if got := []string{broken.Cluster.Members[0].ParameterGroup, broken.Cluster.Members[1].ParameterGroup}; !slices.Equal(got, []string{"big-ipg", "missing-ipg"}) {
		t.Errorf("broken: member parameter groups = %q", got)
	}
}

func TestDiscoverFilters(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 3)
	const region = "us-east-1"
	addDefaultGroups(fake, region)
	fake.AddClusterParameterGroup(region, "default.aurora-postgresql", "aurora-postgresql16", []fakeaws.Parameter{param("rds.force_ssl", "1")})
	fake.AddInstanceParameterGroup(region, "default.aurora-postgresql", "aurora-postgresql16", []fakeaws.Parameter{param("work_mem", "4096")})

	prd := map[string]string{"env": "prd"}
	one := func(id string) []fakeaws.Instance { return []fakeaws.Instance{{ID: id + "-1", Writer: true}} }
	serverless := func(id string) []fakeaws.Instance {
		return []fakeaws.Instance{{ID: id + "-1", Writer: true, Class: "db.serverless"}, {ID: id + "-2", Class: "db.serverless"}}
	}
	for _, c := range []fakeaws.Cluster{
		{ID: "keep", Tags: prd, Members: one("keep")},
		{ID: "pg", Engine: "aurora-postgresql", EngineVersion: "16.4", Port: 5432, Tags: prd, Members: one("pg")},
		{ID: "tmp-scratch", Tags: prd, Members: one("tmp-scratch")},
		{ID: "dev-app", Tags: map[string]string{"env": "dev"}, Members: one("dev-app")},
		{ID: "untagged", Members: one("untagged")},
		{ID: "stopped", Status: "stopped", Tags: prd, Members: []fakeaws.Instance{{ID: "stopped-1", Writer: true, Status: "stopped"}}},
		{ID: "headless", Tags: prd, GlobalClusterIdentifier: "g1"},
		{ID: "paused", Tags: prd, ServerlessV2: &fakeaws.ServerlessV2{MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 300}, Members: serverless("paused")},
		{ID: "min-half", Tags: prd, ServerlessV2: &fakeaws.ServerlessV2{MinCapacity: 0.5, MaxCapacity: 4}, Members: serverless("min-half")},
		{ID: "mixed", Tags: prd, ServerlessV2: &fakeaws.ServerlessV2{MinCapacity: 0, MaxCapacity: 4},
			Members: []fakeaws.Instance{{ID: "mixed-1", Writer: true}, {ID: "mixed-2", Class: "db.serverless"}}},
		{ID: "rebooting", Tags: prd, Members: []fakeaws.Instance{{ID: "rebooting-1", Writer: true, Status: "rebooting"}}},
	} {
		addCluster(fake, region, c)
	}
	base := inventory.Options{
		Regions:     []string{region},
		IncludeTags: map[string]string{"env": "prd"},
		Exclude:     func(id string) bool { return strings.HasPrefix(id, "tmp-") },
	}
	// Configuration filters mark the cluster Filtered (never carried
	// forward); a cluster that cannot answer does not.
	skipped := func(id, reason string) inventory.Skipped {
		filtered := strings.Contains(reason, "aws.include_tags") || strings.Contains(reason, "aws.exclude") || strings.Contains(reason, "aws.engines")
		return inventory.Skipped{Region: region, ClusterID: id, Reason: reason, Filtered: filtered}
	}
	pausedReason := "Serverless v2 with auto-pause (minimum capacity 0): a crawl would resume it and bill it; set aws.wake_paused: true to crawl it"
	wantSkipped := []inventory.Skipped{
		skipped("dev-app", "tags do not match aws.include_tags"),
		skipped("headless", "no instances (headless cluster, e.g. a global database secondary)"),
		skipped("paused", pausedReason),
		skipped("rebooting", "no member instance is available"),
		skipped("stopped", "status is stopped, not available"),
		skipped("tmp-scratch", "excluded by aws.exclude"),
		skipped("untagged", "tags do not match aws.include_tags"),
	}

	t.Run("defaults", func(t *testing.T) {
		before := len(calls(fake, "DescribeDBClusters", region))
		res := discover(t, cfg, base)
		noRegionErrors(t, res)
		if got, want := clusterNames(res), []string{"us-east-1/keep", "us-east-1/min-half", "us-east-1/mixed"}; !slices.Equal(got, want) {
			t.Errorf("clusters = %q, want %q", got, want)
		}
		if diff := cmp.Diff(wantSkipped, res.Skipped); diff != "" {
			t.Errorf("Skipped (-want +got):\n%s", diff)
		}
		// The PostgreSQL cluster is neither found nor skipped: RDS itself
		// left it out, on the engine filter discovery sent.
		cs := calls(fake, "DescribeDBClusters", region)[before:]
		if len(cs) != 1 {
			t.Fatalf("%d DescribeDBClusters calls, want 1", len(cs))
		}
		for k, want := range map[string]string{
			"Filters.Filter.1.Name":           "engine",
			"Filters.Filter.1.Values.Value.1": "aurora-mysql",
			"Filters.Filter.1.Values.Value.2": "",
			"Filters.Filter.2.Name":           "",
		} {
			if got := cs[0].Params.Get(k); got != want {
				t.Errorf("DescribeDBClusters %s = %q, want %q", k, got, want)
			}
		}
		for _, in := range calls(fake, "DescribeDBInstances", region) {
			if got := in.Params.Get("Filters.Filter.1.Values.Value.1"); got != "aurora-mysql" {
				t.Errorf("DescribeDBInstances engine filter = %q, want aurora-mysql", got)
			}
		}
	})

	t.Run("wake paused", func(t *testing.T) {
		o := base
		o.WakePaused = true
		res := discover(t, cfg, o)
		noRegionErrors(t, res)
		if got, want := clusterNames(res), []string{"us-east-1/keep", "us-east-1/min-half", "us-east-1/mixed", "us-east-1/paused"}; !slices.Equal(got, want) {
			t.Errorf("clusters = %q, want %q", got, want)
		}
		want := slices.DeleteFunc(slices.Clone(wantSkipped), func(s inventory.Skipped) bool { return s.ClusterID == "paused" })
		if diff := cmp.Diff(want, res.Skipped); diff != "" {
			t.Errorf("Skipped (-want +got):\n%s", diff)
		}
		for _, f := range res.Clusters {
			if f.Cluster.ID == "paused" {
				if diff := cmp.Diff(&snapshot.ServerlessV2{MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 300}, f.Cluster.ServerlessV2); diff != "" {
					t.Errorf("paused ServerlessV2 (-want +got):\n%s", diff)
				}
			}
		}
	})

	t.Run("postgresql asked for", func(t *testing.T) {
		o := base
		o.Engines = []string{"aurora-mysql", "aurora-postgresql"}
		res := discover(t, cfg, o)
		noRegionErrors(t, res)
		if got, want := clusterNames(res), []string{"us-east-1/keep", "us-east-1/min-half", "us-east-1/mixed", "us-east-1/pg"}; !slices.Equal(got, want) {
			t.Errorf("clusters = %q, want %q", got, want)
		}
		for _, f := range res.Clusters {
			if f.Cluster.ID == "pg" && (f.Cluster.Engine != "aurora-postgresql" || f.Cluster.Port != 5432 || f.Cluster.EngineVersion != "16.4") {
				t.Errorf("pg = %s %s port %d", f.Cluster.Engine, f.Cluster.EngineVersion, f.Cluster.Port)
			}
		}
	})
}

func TestDiscoverPaginates(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 3)
	const region = "eu-west-1"
	addDefaultGroups(fake, region)
	const n = 230
	for i := range n {
		id := fmt.Sprintf("c-%03d", i)
		addCluster(fake, region, fakeaws.Cluster{ID: id, Members: []fakeaws.Instance{
			{ID: id + "-w", Writer: true, Class: "db.r6g.large", AvailabilityZone: "eu-west-1a"},
			{ID: id + "-r", Class: "db.r6g.xlarge", AvailabilityZone: "eu-west-1b", PromotionTier: 1},
		}})
	}

	res := discover(t, cfg, inventory.Options{Regions: []string{region}})
	noRegionErrors(t, res)
	if len(res.Clusters) != n || len(res.Skipped) != 0 {
		t.Fatalf("%d clusters found, %d skipped, want %d found", len(res.Clusters), len(res.Skipped), n)
	}
	for i, f := range res.Clusters {
		id := fmt.Sprintf("c-%03d", i)
		if f.Cluster.ID != id {
			t.Fatalf("cluster %d is %s, want %s", i, f.Cluster.ID, id)
		}
		// Class, status and zone come only from DescribeDBInstances: every
		// page of it was read and joined.
		want := []*snapshot.Member{
			{ID: id + "-r", Role: "reader", Class: "db.r6g.xlarge", Status: "available", AvailabilityZone: "eu-west-1b", PromotionTier: 1,
				ParameterGroup: "default.aurora-mysql8.0", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
			{ID: id + "-w", Role: "writer", Class: "db.r6g.large", Status: "available", AvailabilityZone: "eu-west-1a",
				ParameterGroup: "default.aurora-mysql8.0", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
		}
		if diff := cmp.Diff(want, f.Cluster.Members); diff != "" {
			t.Fatalf("%s members (-want +got):\n%s", id, diff)
		}
		if f.Cluster.ParameterGroup == nil || len(f.Cluster.ParameterGroup.Parameters) != len(defaultClusterParams) || len(f.Cluster.InstanceParameterGroups) != 1 {
			t.Fatalf("%s: parameter groups not attached: %+v %+v", id, f.Cluster.ParameterGroup, f.Cluster.InstanceParameterGroups)
		}
	}
	// 230 clusters: 3 pages of at most 100; 460 instances: 5 pages. One
	// shared group of each kind, read once.
	for _, c := range []struct {
		action string
		want   int
	}{
		{"DescribeDBClusters", 3},
		{"DescribeDBInstances", 5},
		{"DescribeDBClusterParameters", 1},
		{"DescribeDBParameters", 1},
	} {
		if got := fake.Count("rds", c.action, region); got != c.want {
			t.Errorf("%s: %d calls, want %d", c.action, got, c.want)
		}
	}
	for _, action := range []string{"DescribeDBClusters", "DescribeDBInstances"} {
		cs := calls(fake, action, region)
		for i, c := range cs {
			if hasMarker := c.Params.Get("Marker") != ""; hasMarker != (i > 0) {
				t.Errorf("%s call %d: Marker %q", action, i, c.Params.Get("Marker"))
			}
		}
	}
}

func TestDiscoverAllRegions(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 3)
	fake.SetRegions("ap-northeast-1", "eu-west-1")
	for _, r := range []string{"ap-northeast-1", "eu-west-1", "us-east-1"} {
		addDefaultGroups(fake, r)
		addCluster(fake, r, fakeaws.Cluster{ID: "db-" + r, Members: []fakeaws.Instance{{ID: "db-" + r + "-1", Writer: true}}})
	}

	res := discover(t, cfg, inventory.Options{AllRegions: true, Regions: []string{"us-east-1"}})
	noRegionErrors(t, res)
	if want := []string{"ap-northeast-1", "eu-west-1"}; !slices.Equal(res.Regions, want) {
		t.Errorf("Regions = %q, want %q", res.Regions, want)
	}
	if got, want := clusterNames(res), []string{"ap-northeast-1/db-ap-northeast-1", "eu-west-1/db-eu-west-1"}; !slices.Equal(got, want) {
		t.Errorf("clusters = %q, want %q", got, want)
	}
	if n := fake.Count("ec2", "DescribeRegions", ""); n != 1 {
		t.Errorf("DescribeRegions: %d calls, want 1", n)
	}
	if n := fake.Count("", "", ""); n != fake.Count("ec2", "DescribeRegions", "us-east-1")+fake.Count("rds", "", "ap-northeast-1")+fake.Count("rds", "", "eu-west-1") {
		t.Errorf("calls outside DescribeRegions (us-east-1) and RDS in the enabled regions: %+v", fake.Calls())
	}
	if n := fake.Count("rds", "", "us-east-1"); n != 0 {
		t.Errorf("%d RDS calls in us-east-1, which is not enabled", n)
	}
}

func TestDiscoverRegionFails(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 3)
	regions := []string{"ap-northeast-1", "eu-west-1", "us-east-1"}
	for _, r := range regions {
		addDefaultGroups(fake, r)
		for _, id := range []string{"a", "b"} {
			addCluster(fake, r, fakeaws.Cluster{ID: id, Members: []fakeaws.Instance{{ID: id + "-1", Writer: true}}})
		}
	}
	fake.FailRegion("eu-west-1", "AuthFailure")

	res, err := inventory.Discover(testContext(t), cfg, inventory.Options{Regions: regions})
	if err != nil {
		t.Fatalf("Discover: %v, want the failure in RegionErrors", err)
	}
	if got, want := clusterNames(res), []string{"ap-northeast-1/a", "ap-northeast-1/b", "us-east-1/a", "us-east-1/b"}; !slices.Equal(got, want) {
		t.Errorf("clusters = %q, want %q", got, want)
	}
	if !slices.Equal(res.Regions, regions) {
		t.Errorf("Regions = %q, want %q", res.Regions, regions)
	}
	if len(res.RegionErrors) != 1 || res.RegionErrors[0].Region != "eu-west-1" {
		t.Fatalf("RegionErrors = %+v, want eu-west-1 only", res.RegionErrors)
	}
	rerr := res.RegionErrors[0].Err
	for _, s := range []string{"region eu-west-1", "rds:DescribeDBClusters", "AuthFailure"} {
		if !strings.Contains(rerr.Error(), s) {
			t.Errorf("region error %q does not contain %q", rerr, s)
		}
	}
	var apiErr smithy.APIError
	if !errors.As(rerr, &apiErr) || apiErr.ErrorCode() != "AuthFailure" {
		t.Errorf("region error %v does not unwrap to the API error AuthFailure", rerr)
	}
	// An authentication failure is not retried, and nothing else is asked
	// of the failed region.
	if n := fake.Count("", "", "eu-west-1"); n != 1 {
		t.Errorf("%d calls to eu-west-1, want 1", n)
	}
}

func TestDiscoverThrottled(t *testing.T) {
	fake := startFake(t)
	regions := []string{"ap-northeast-1", "eu-west-1", "us-east-1"}
	for _, r := range regions {
		addDefaultGroups(fake, r)
		addCluster(fake, r, fakeaws.Cluster{ID: "db", Members: []fakeaws.Instance{{ID: "db-1", Writer: true}}})
	}

	t.Run("retried", func(t *testing.T) {
		cfg := awsConfig(t, fake, 10)
		before := len(fake.Calls())
		fake.Throttle("DescribeDBClusters", 3)
		start := time.Now()
		res := discover(t, cfg, inventory.Options{Regions: regions})
		t.Logf("Discover with 3 throttled DescribeDBClusters calls took %v", time.Since(start))
		noRegionErrors(t, res)
		if got, want := clusterNames(res), []string{"ap-northeast-1/db", "eu-west-1/db", "us-east-1/db"}; !slices.Equal(got, want) {
			t.Errorf("clusters = %q, want %q", got, want)
		}
		var throttled, ok int
		invocations := map[string]bool{}
		for _, c := range fake.Calls()[before:] {
			if c.Action != "DescribeDBClusters" {
				continue
			}
			invocations[c.InvocationID] = true
			switch c.Status {
			case 400:
				throttled++
			case 200:
				ok++
			default:
				t.Errorf("DescribeDBClusters answered %d", c.Status)
			}
		}
		// 3 regions, one page each; the 3 throttled attempts retried.
		if throttled != 3 || ok != 3 || len(invocations) != 3 {
			t.Errorf("DescribeDBClusters: %d throttled, %d answered, %d operations; want 3, 3, 3", throttled, ok, len(invocations))
		}
		if n := fake.Count("rds", "DescribeDBClusters", ""); n != 6 {
			t.Errorf("DescribeDBClusters: %d calls, want 6", n)
		}
	})

	// maxAttempts reaches the retryer: with 1, a throttled call is an error.
	t.Run("one attempt", func(t *testing.T) {
		cfg := awsConfig(t, fake, 1)
		fake.Throttle("DescribeDBClusters", 1)
		before := fake.Count("rds", "DescribeDBClusters", "us-east-1")
		res := discover(t, cfg, inventory.Options{Regions: []string{"us-east-1"}})
		if len(res.RegionErrors) != 1 || !strings.Contains(res.RegionErrors[0].Err.Error(), "Throttling") {
			t.Fatalf("RegionErrors = %+v, want us-east-1 throttled", res.RegionErrors)
		}
		if n := fake.Count("rds", "DescribeDBClusters", "us-east-1") - before; n != 1 {
			t.Errorf("DescribeDBClusters: %d calls, want 1 (no retry)", n)
		}
	})
}

func TestDiscoverNoRegions(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 3)
	if _, err := inventory.Discover(testContext(t), cfg, inventory.Options{}); err == nil || !strings.Contains(err.Error(), "no regions") {
		t.Errorf("Discover without regions: err = %v, want no regions", err)
	}
	if n := fake.Count("", "", ""); n != 0 {
		t.Errorf("%d calls without regions", n)
	}
}

package main

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/internal/wireproxy"
	"github.com/auroradoc/auroradoc/snapshot"
)

// useFakeAWS points the standard AWS SDK chain at the fake, with static
// keys, and keeps the developer's own AWS files out of the test.
func useFakeAWS(t *testing.T, f *fakeaws.Server) {
	t.Helper()
	fakeaws.UseAsStandardChain(t, f)
}

func params(prefix string, n int) []fakeaws.Parameter {
	var out []fakeaws.Parameter
	for i := 0; i < n; i++ {
		out = append(out, fakeaws.Parameter{Name: fmt.Sprintf("%s_param_%03d", prefix, i), Value: strconv.Itoa(i), Source: "engine-default", IsModifiable: true})
	}
	out = append(out, fakeaws.Parameter{Name: "innodb_buffer_pool_size", Value: "{DBInstanceClassMemory*3/4}", Source: "system", ApplyType: "static"})
	return out
}

// TestFleetCrawlEndToEnd: three regions, 13 live clusters on real MariaDB,
// shared parameter groups, a stopped, a headless and an auto-pausing
// cluster, a wrong and a missing secret, a server killed mid-crawl, a
// query stalled past the deadline, API throttling and a region with more
// than 100 clusters (paginated).
func TestFleetCrawlEndToEnd(t *testing.T) {
	ctx := context.Background()
	fake, err := fakeaws.New()
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	useFakeAWS(t, fake)

	regions := []string{"ap-northeast-1", "eu-west-1", "us-east-1"}
	servers := map[string]*testbed.MariaDB{}
	for _, r := range regions {
		m := testbed.StartMariaDB(t)
		for _, s := range fixtures.MariaDB() {
			m.Exec(t, s.SQL)
		}
		servers[r] = m
	}
	doomed := testbed.StartMariaDB(t)
	doomed.Exec(t, fixtures.Synthetic("doomed", 15, 9).SQL)
	var killOnce sync.Once
	killer, err := wireproxy.Start(ctx, wireproxy.Options{Upstream: doomed.Addr(), OnCommand: func(n int64, _ byte) {
		if n == 6 {
			killOnce.Do(doomed.Kill)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close()
	release := make(chan struct{})
	staller, err := wireproxy.Start(ctx, wireproxy.Options{Upstream: servers["eu-west-1"].Addr(), OnCommand: func(n int64, _ byte) {
		if n == 5 {
			<-release
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer staller.Close()
	defer close(release)
	portOf := func(addr string) int { _, p, _ := net.SplitHostPort(addr); n, _ := strconv.Atoi(p); return n }

	members := func(id, pg, class string) []fakeaws.Instance {
		return []fakeaws.Instance{
			{ID: id + "-1", Writer: true, ParameterGroup: pg, Class: class},
			{ID: id + "-2", ParameterGroup: pg, Class: class, PromotionTier: 1},
		}
	}
	secrets := map[string]string{}
	addLive := func(region, id, cpg, ipg string) {
		m := servers[region]
		fake.AddCluster(region, fakeaws.Cluster{ID: id, Endpoint: "127.0.0.1", ReaderEndpoint: "localhost", Port: m.Port,
			ParameterGroup: cpg, Members: members(id, ipg, ""), Tags: map[string]string{"env": "prd", "team": "dbre"}})
		fake.PutSecret(region, "auroradoc/"+id, fmt.Sprintf(`{"username":"root","password":%q}`, m.RootPassword))
		secrets[id] = m.RootPassword
	}
	for _, r := range regions {
		fake.AddClusterParameterGroup(r, "shared-cluster-pg", "aurora-mysql8.0", params("cluster", 150))
		fake.AddInstanceParameterGroup(r, "shared-instance-pg", "aurora-mysql8.0", params("instance", 40))
		fake.AddClusterParameterGroup(r, "own-cluster-pg", "aurora-mysql8.0", params("own", 10))
	}
	for i := 1; i <= 5; i++ {
		addLive("ap-northeast-1", fmt.Sprintf("apne-live-%d", i), "shared-cluster-pg", "shared-instance-pg")
	}
	addLive("ap-northeast-1", "apne-own", "own-cluster-pg", "shared-instance-pg")
	for i := 1; i <= 4; i++ {
		addLive("us-east-1", fmt.Sprintf("use-live-%d", i), "shared-cluster-pg", "shared-instance-pg")
	}
	for i := 1; i <= 3; i++ {
		addLive("eu-west-1", fmt.Sprintf("euw-live-%d", i), "shared-cluster-pg", "shared-instance-pg")
	}
	// One live cluster's instance waits for a reboot to apply its group.
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "use-pending", Endpoint: "127.0.0.1", ReaderEndpoint: "localhost",
		Port: servers["us-east-1"].Port, ParameterGroup: "shared-cluster-pg",
		Members: []fakeaws.Instance{{ID: "use-pending-1", Writer: true, ParameterGroup: "shared-instance-pg", ParameterApplyStatus: "pending-reboot"}}})
	fake.PutSecret("us-east-1", "custom/pending", fmt.Sprintf(`{"username":"root","password":%q}`, servers["us-east-1"].RootPassword))
	// …and names its secret with the auroradoc:secret-id tag.
	c := fakeaws.Cluster{ID: "use-pending", Endpoint: "127.0.0.1", ReaderEndpoint: "localhost", Port: servers["us-east-1"].Port,
		ParameterGroup: "shared-cluster-pg", Tags: map[string]string{"auroradoc:secret-id": "custom/pending"},
		Members: []fakeaws.Instance{{ID: "use-pending-1", Writer: true, ParameterGroup: "shared-instance-pg", ParameterApplyStatus: "pending-reboot"}}}
	fake.AddCluster("us-east-1", c)

	// Clusters that must be skipped, not attempted.
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "use-stopped", Status: "stopped", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Members: members("use-stopped", "", "")})
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "use-headless", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", GlobalClusterIdentifier: "global-billing"})
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "use-paused", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Members: members("use-paused", "", "db.serverless"),
		ServerlessV2: &fakeaws.ServerlessV2{MinCapacity: 0, MaxCapacity: 8, SecondsUntilAutoPause: 300}})
	for i := 0; i < 105; i++ { // > 100: the inventory is paginated
		fake.AddCluster("eu-west-1", fakeaws.Cluster{ID: fmt.Sprintf("euw-archive-%03d", i), Status: "stopped", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1"})
	}
	// Clusters that fail.
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "use-wrong-secret", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: servers["us-east-1"].Port,
		Members: members("use-wrong-secret", "", "")})
	fake.PutSecret("us-east-1", "auroradoc/use-wrong-secret", `{"username":"root","password":"not-the-password-42"}`)
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "use-no-secret", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: servers["us-east-1"].Port,
		Members: members("use-no-secret", "", "")})
	fake.AddCluster("eu-west-1", fakeaws.Cluster{ID: "euw-killed", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: portOf(killer.Addr()), Members: members("euw-killed", "", "")})
	fake.PutSecret("eu-west-1", "auroradoc/euw-killed", fmt.Sprintf(`{"username":"root","password":%q}`, doomed.RootPassword))
	fake.AddCluster("eu-west-1", fakeaws.Cluster{ID: "euw-stalled", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: portOf(staller.Addr()), Members: members("euw-stalled", "", "")})
	fake.PutSecret("eu-west-1", "auroradoc/euw-stalled", fmt.Sprintf(`{"username":"root","password":%q}`, servers["eu-west-1"].RootPassword))

	fake.Throttle("DescribeDBClusters", 2)

	dir := t.TempDir()
	cfg := writeFile(t, dir, "auroradoc.yaml", fmt.Sprintf(`
crawl:
  concurrency: 6
  timeout: 5s
  connect_timeout: 2s
targets:   # a static target keeps working beside aws:
  - {name: static-one, host: 127.0.0.1, port: %d, user: root, password_env: STATIC_PW}
aws:
  regions: [ap-northeast-1, us-east-1, eu-west-1]
  concurrency_per_region: 3
  api_max_attempts: 6
credentials:
  secret_id: "auroradoc/{cluster}"
  tls: false
`, servers["us-east-1"].Port))
	store := filepath.Join(dir, "store")
	code, out, errOut := runCLI(t, map[string]string{"STATIC_PW": servers["us-east-1"].RootPassword}, "crawl", "--config", cfg, "--store", store, "--log-format", "json")
	if code != exitPartial {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitPartial, out, errOut)
	}

	st, id, m := latestSet(t, store)
	byName := map[string]*snapshot.Entry{}
	for _, e := range m.Targets {
		byName[e.Name] = e
	}
	wantFailed := map[string]string{
		"us-east-1/use-wrong-secret": "Access denied",
		"us-east-1/use-no-secret":    "ResourceNotFoundException",
		"eu-west-1/euw-killed":       "information_schema",
		"eu-west-1/euw-stalled":      "per-target timeout of 5s exceeded",
	}
	wantSkipped := map[string]string{
		"us-east-1/use-stopped":     "status is stopped",
		"us-east-1/use-headless":    "no instances",
		"us-east-1/use-paused":      "auto-pause",
		"eu-west-1/euw-archive-104": "status is stopped",
		"eu-west-1/euw-archive-000": "status is stopped",
	}
	for name, want := range wantFailed {
		e := byName[name]
		if e == nil || e.Status != snapshot.StatusFailed || !strings.Contains(e.Error, want) || !strings.Contains(e.Error, name) {
			t.Errorf("%s: want failed mentioning %q and the target, got %+v", name, want, e)
		}
	}
	for name, want := range wantSkipped {
		e := byName[name]
		if e == nil || e.Status != snapshot.StatusSkipped || !strings.Contains(e.Reason, want) {
			t.Errorf("%s: want skipped with %q, got %+v", name, want, e)
		}
	}
	if m.Summary.OK != 15 || m.Summary.Failed != 4 || m.Summary.Skipped != 108 {
		t.Errorf("summary %+v, want 15 ok (14 clusters + 1 static), 4 failed, 108 skipped", m.Summary)
	}
	if e := byName["static-one"]; e == nil || e.Status != snapshot.StatusOK {
		t.Errorf("static target beside aws: %+v", e)
	}

	// Every live cluster: schema, variables, cluster and instance parameters.
	for _, e := range m.Targets {
		if e.Status != snapshot.StatusOK || e.Name == "static-one" {
			continue
		}
		s, err := st.Snapshot(ctx, id, e.Name)
		if err != nil {
			t.Fatal(err)
		}
		c := s.Cluster
		switch {
		case c == nil:
			t.Errorf("%s: no cluster facts", e.Name)
			continue
		case len(s.Schemas) < 3 || s.Variables["version"] == "":
			t.Errorf("%s: schemas %d, version %q", e.Name, len(s.Schemas), s.Variables["version"])
		case c.ParameterGroup == nil || len(c.ParameterGroup.Parameters) < 10:
			t.Errorf("%s: cluster parameter group not read: %+v", e.Name, c.ParameterGroup)
		case len(c.InstanceParameterGroups) != 1 || len(c.InstanceParameterGroups[0].Parameters) != 41:
			t.Errorf("%s: instance parameter groups: %+v", e.Name, c.InstanceParameterGroups)
		case s.Target.Kind != "aurora" || s.Target.Region != c.Region || c.ARN == "":
			t.Errorf("%s: identity %+v / %s", e.Name, s.Target, c.ARN)
		}
		if e.Name == "us-east-1/use-pending" {
			if !c.Members[0].PendingReboot || c.CrawledEndpoint != "writer" {
				t.Errorf("use-pending: member %+v, crawled %s", c.Members[0], c.CrawledEndpoint)
			}
		} else if c.CrawledEndpoint != "reader" || s.Target.Host != "localhost" {
			t.Errorf("%s: crawled the %s endpoint (%s), want the reader", e.Name, c.CrawledEndpoint, s.Target.Host)
		}
		for _, p := range c.ParameterGroup.Parameters {
			if p.Name == "innodb_buffer_pool_size" && p.Value != "{DBInstanceClassMemory*3/4}" {
				t.Errorf("%s: formula not kept as written: %q", e.Name, p.Value)
			}
		}
	}

	// Shared parameter groups: one paginated read per group and region.
	// Attempts of one operation share an SDK invocation id; SDK retries of
	// a page are not separate reads.
	groupReads := map[string]int{}
	seen := map[string]bool{}
	for _, call := range fake.Calls() {
		if call.Params.Get("Marker") != "" || seen[call.InvocationID] {
			continue
		}
		seen[call.InvocationID] = true
		switch call.Action {
		case "DescribeDBClusterParameters":
			groupReads[call.Region+" cluster "+call.Params.Get("DBClusterParameterGroupName")]++
		case "DescribeDBParameters":
			groupReads[call.Region+" instance "+call.Params.Get("DBParameterGroupName")]++
		}
	}
	for k, n := range groupReads {
		if n != 1 {
			t.Errorf("parameter group %s read %d times, want once", k, n)
		}
	}
	if groupReads["ap-northeast-1 cluster shared-cluster-pg"] != 1 || groupReads["ap-northeast-1 cluster own-cluster-pg"] != 1 {
		t.Errorf("group reads: %v", groupReads)
	}
	// Throttled twice, then retried by the SDK.
	if n := fake.Count("rds", "DescribeDBClusters", ""); n < 3+2 {
		t.Errorf("DescribeDBClusters called %d times; throttling was not retried", n)
	}
	// Nothing secret anywhere.
	assertNoSecrets(t, store, out+errOut, append([]string{"fake-secret-access-key-do-not-log", "not-the-password-42", doomed.RootPassword}, valuesOf(secrets)...)...)
}

func valuesOf(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

package inventory_test

import (
	"slices"
	"testing"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/inventory"
)

// TestInstanceEndpoints: every found cluster lists its instances'
// endpoints, the writer first and the readers by instance id, each with
// its own port; SkipParameterGroups makes no parameter-group call.
func TestInstanceEndpoints(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 1)
	addCluster(fake, "us-east-1", fakeaws.Cluster{
		ID: "orders", Port: 3307,
		Members: []fakeaws.Instance{
			{ID: "orders-c", Endpoint: "127.0.0.3"},
			{ID: "orders-b", Writer: true, Endpoint: "127.0.0.2", Port: 3310},
			{ID: "orders-a", Endpoint: "127.0.0.1"},
		},
	})
	res := discover(t, cfg, inventory.Options{Regions: []string{"us-east-1"}, SkipParameterGroups: true})
	if len(res.Clusters) != 1 {
		t.Fatalf("found %d clusters, want 1", len(res.Clusters))
	}
	want := []string{"127.0.0.2:3310", "127.0.0.1:3307", "127.0.0.3:3307"}
	if got := res.Clusters[0].Instances; !slices.Equal(got, want) {
		t.Errorf("Instances = %v, want %v", got, want)
	}
	for _, action := range []string{"DescribeDBClusterParameters", "DescribeDBParameters"} {
		if n := fake.Count("rds", action, "us-east-1"); n != 0 {
			t.Errorf("%d %s calls with SkipParameterGroups", n, action)
		}
	}
}

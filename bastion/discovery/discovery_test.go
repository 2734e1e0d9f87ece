package discovery_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/bastion/config"
	"github.com/auroradoc/auroradoc/bastion/discovery"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// TestDiscover on fakeaws through the real SDK: clusters of the selected
// regions (in the standard chain's account and in one assumed through
// aws.accounts) become configured clusters with their instance endpoints
// (writer first), the admin secret from the template or the cluster's
// tag, and the section's approvers; a cluster without the include tag and
// one without instances are left out; a failing region is reported
// without costing the others their clusters.
func TestDiscover(t *testing.T) {
	fake, err := fakeaws.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": fake.URL(), "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDDISCOVERY", "AWS_SECRET_ACCESS_KEY": "discovery-secret",
		"AWS_SESSION_TOKEN": "", "AWS_PROFILE": "", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	base, err := awsconfig.Load(t.Context(), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	on := map[string]string{"bastion": "enabled"}
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "orders", Tags: on, Port: 3307, Members: []fakeaws.Instance{
		{ID: "orders-b", Endpoint: "127.0.0.2"}, {ID: "orders-a", Writer: true, Endpoint: "127.0.0.1"},
	}})
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "billing", Members: []fakeaws.Instance{{ID: "billing-1", Writer: true}}})
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "headless", Tags: on})
	fake.AddCluster("eu-west-1", fakeaws.Cluster{ID: "catalog", Tags: map[string]string{"bastion": "enabled", config.AdminSecretTag: "custom/catalog"},
		Members: []fakeaws.Instance{{ID: "catalog-1", Writer: true, Endpoint: "127.0.0.3"}}})
	fake.FailRegion("ap-south-1", "AccessDenied")

	cfg, err := config.Parse([]byte(`
dynamodb: {table: bastion}
groups: {dbre: [bob]}
aws:
  regions: [us-east-1, eu-west-1, ap-south-1]
  include_tags: {bastion: enabled}
  admin: {user: bastion_admin, secret_id: "bastion/{region}/{cluster}"}
  approvers: {groups: [dbre]}
`), "bastion.yaml")
	if err != nil {
		t.Fatal(err)
	}
	found, err := discovery.Discover(t.Context(), base, cfg.AWS, nil)
	if err == nil || !strings.Contains(err.Error(), "ap-south-1") {
		t.Errorf("the failing region is not reported: %v", err)
	}
	got := map[string]*config.Cluster{}
	for _, f := range found {
		got[f.Cluster.Name] = f.Cluster
	}
	if len(got) != 2 {
		t.Fatalf("found %d clusters, want us-east-1/orders and eu-west-1/catalog: %v", len(got), got)
	}
	o := got["us-east-1/orders"]
	if o == nil || !slices.Equal(o.Instances, []string{"127.0.0.1:3307", "127.0.0.2:3307"}) || o.Admin.SecretID != "bastion/us-east-1/orders" ||
		o.Admin.User != "bastion_admin" || o.Region != "us-east-1" || !slices.Equal(o.Approvers.Groups, []string{"dbre"}) {
		t.Errorf("orders: %+v", o)
	}
	if c := got["eu-west-1/catalog"]; c == nil || c.Admin.SecretID != "custom/catalog" || c.Region != "eu-west-1" {
		t.Errorf("catalog: %+v", c)
	}

	// aws.accounts: the cluster of another account, through its role.
	if err := fake.AddRole("arn:aws:iam::444455556666:role/bastion", ""); err != nil {
		t.Fatal(err)
	}
	fake.AddClusterIn("444455556666", "us-east-1", fakeaws.Cluster{ID: "ledger", Tags: on, Members: []fakeaws.Instance{{ID: "ledger-1", Writer: true, Endpoint: "127.0.0.4"}}})
	cfg, err = config.Parse([]byte(`
dynamodb: {table: bastion}
aws:
  regions: [us-east-1]
  include_tags: {bastion: enabled}
  accounts: [{id: "444455556666", role_arn: "arn:aws:iam::444455556666:role/bastion", name: fin}]
  admin: {user: bastion_admin, secret_id: "bastion/{cluster}"}
  approvers: {users: [bob]}
`), "bastion.yaml")
	if err != nil {
		t.Fatal(err)
	}
	found, err = discovery.Discover(t.Context(), base, cfg.AWS, nil)
	if err != nil || len(found) != 1 || found[0].Cluster.Name != "fin/us-east-1/ledger" || !slices.Equal(found[0].Cluster.Instances, []string{"127.0.0.4:3306"}) {
		t.Fatalf("in account fin: %v, %+v", err, found)
	}
}

package fakeaws_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// The standard SDK endpoint variables route a default configuration to the
// fake: AWS_ENDPOINT_URL for every service, AWS_ENDPOINT_URL_<SERVICE> for
// one.
func TestEndpointURLEnvironmentVariablesRouteTheSDKHere(t *testing.T) {
	s := start(t)
	secrets := start(t)
	s.AddCluster("ap-northeast-1", fakeaws.Cluster{ID: "tokyo"})
	secrets.PutSecret("ap-northeast-1", "db", "from the secrets server")

	t.Setenv("AWS_ENDPOINT_URL", s.URL())
	t.Setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.URL())
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	t.Setenv("AWS_REGION", "ap-northeast-1")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	ctx := testContext(t)

	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}
	cfg.HTTPClient = fakeaws.WrapHTTPClient(cfg.HTTPClient)

	clusters, err := rds.NewFromConfig(cfg).DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{})
	if err != nil || len(clusters.DBClusters) != 1 || aws.ToString(clusters.DBClusters[0].DBClusterIdentifier) != "tokyo" {
		t.Errorf("DescribeDBClusters: %v, %+v; want the tokyo cluster", err, clusters)
	}
	if _, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{}); err != nil {
		t.Errorf("DescribeRegions: %v", err)
	}
	secret, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("db")})
	if err != nil || aws.ToString(secret.SecretString) != "from the secrets server" {
		t.Errorf("GetSecretValue: %v, %+v", err, secret)
	}

	for _, c := range []struct {
		srv                     *fakeaws.Server
		service, action, region string
		want                    int
	}{
		{s, "rds", "DescribeDBClusters", "ap-northeast-1", 1},
		{s, "ec2", "DescribeRegions", "ap-northeast-1", 1},
		{s, "secretsmanager", "", "", 0},
		{secrets, "secretsmanager", "GetSecretValue", "ap-northeast-1", 1},
	} {
		if n := c.srv.Count(c.service, c.action, c.region); n != c.want {
			t.Errorf("Count(%q, %q, %q) = %d, want %d", c.service, c.action, c.region, n, c.want)
		}
	}
}

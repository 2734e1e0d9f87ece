package fakeaws_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

const (
	prodRole = "arn:aws:iam::111122223333:role/auroradoc-crawler"
	devRole  = "arn:aws:iam::444455556666:role/ops/auroradoc-crawler"
)

// assumed is an SDK configuration whose credentials come from assuming
// roleARN through the fake's STS, as stscreds does in production.
func assumed(t *testing.T, s *fakeaws.Server, roleARN, externalID string) aws.Config {
	t.Helper()
	base := sdkConfig(t, s, "us-east-1")
	cfg := base.Copy()
	cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(base), roleARN,
		func(o *stscreds.AssumeRoleOptions) {
			if externalID != "" {
				o.ExternalID = aws.String(externalID)
			}
		}))
	return cfg
}

func clustersAs(t *testing.T, cfg aws.Config, region string) ([]string, error) {
	t.Helper()
	out, err := rds.NewFromConfig(cfg, func(o *rds.Options) { o.Region = region }).
		DescribeDBClusters(testContext(t), &rds.DescribeDBClustersInput{})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, c := range out.DBClusters {
		ids = append(ids, aws.ToString(c.DBClusterIdentifier)+" "+aws.ToString(c.DBClusterArn)+" "+aws.ToString(c.Endpoint))
	}
	return ids, nil
}

func TestAssumeRoleSeparatesAccounts(t *testing.T) {
	s := start(t)
	if err := s.AddRole(prodRole, "ext-prod"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRole(devRole, ""); err != nil {
		t.Fatal(err)
	}
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "orders", Endpoint: "default.example"})
	s.AddClusterIn("111122223333", "us-east-1", fakeaws.Cluster{ID: "orders", Endpoint: "prod.example"})
	s.AddClusterIn("444455556666", "us-east-1", fakeaws.Cluster{ID: "orders", Endpoint: "dev.example"})

	for _, c := range []struct {
		name string
		cfg  aws.Config
		want string
	}{
		{"standard chain", sdkConfig(t, s, "us-east-1"), "orders arn:aws:rds:us-east-1:123456789012:cluster:orders default.example"},
		{"prod role", assumed(t, s, prodRole, "ext-prod"), "orders arn:aws:rds:us-east-1:111122223333:cluster:orders prod.example"},
		{"dev role", assumed(t, s, devRole, ""), "orders arn:aws:rds:us-east-1:444455556666:cluster:orders dev.example"},
	} {
		got, err := clustersAs(t, c.cfg, "us-east-1")
		if err != nil {
			t.Fatalf("%s: DescribeDBClusters: %v", c.name, err)
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s: clusters = %q, want [%q]", c.name, got, c.want)
		}
	}

	var accounts []string
	for _, call := range s.Calls() {
		if call.Action == "AssumeRole" {
			accounts = append(accounts, call.Params.Get("RoleArn")+" ext="+call.Params.Get("ExternalId"))
		}
		if call.Action == "DescribeDBClusters" {
			accounts = append(accounts, "rds account="+call.Account)
		}
	}
	want := []string{"rds account=", prodRole + " ext=ext-prod", "rds account=111122223333", devRole + " ext=", "rds account=444455556666"}
	if strings.Join(accounts, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(accounts, "\n"), strings.Join(want, "\n"))
	}
}

func TestAssumeRoleRefusals(t *testing.T) {
	s := start(t)
	if err := s.AddRole(prodRole, "ext-prod"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRole(devRole, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRole("arn:aws:iam::111122223333:user/bob", ""); err == nil {
		t.Error("AddRole of a user ARN: no error")
	}
	for _, c := range []struct{ name, role, ext string }{
		{"unknown role", "arn:aws:iam::111122223333:role/other", "ext-prod"},
		{"wrong external id", prodRole, "ext-dev"},
		{"missing external id", prodRole, ""},
	} {
		_, err := clustersAs(t, assumed(t, s, c.role, c.ext), "us-east-1")
		if err == nil || !strings.Contains(err.Error(), "AccessDenied") || !strings.Contains(err.Error(), "sts:AssumeRole") {
			t.Errorf("%s: error %v, want AccessDenied from sts:AssumeRole", c.name, err)
		}
	}
	if n := s.Count("rds", "", ""); n != 0 {
		t.Errorf("%d RDS calls after refused assumptions, want 0", n)
	}
	// A role whose trust policy has no external id condition ignores one.
	if _, err := clustersAs(t, assumed(t, s, devRole, "anything"), "us-east-1"); err != nil {
		t.Errorf("external id sent to a role that asks for none: %v", err)
	}
}

func TestAssumeRoleSecretsPerAccount(t *testing.T) {
	s := start(t)
	if err := s.AddRole(prodRole, ""); err != nil {
		t.Fatal(err)
	}
	s.PutSecret("us-east-1", "auroradoc/orders", `{"username":"default"}`)
	s.PutSecretIn("111122223333", "us-east-1", "auroradoc/orders", `{"username":"prod"}`)
	for _, c := range []struct {
		cfg           aws.Config
		value, arnHas string
	}{
		{sdkConfig(t, s, "us-east-1"), "default", ":123456789012:secret:auroradoc/orders-"},
		{assumed(t, s, prodRole, ""), "prod", ":111122223333:secret:auroradoc/orders-"},
	} {
		out, err := secretsmanager.NewFromConfig(c.cfg).GetSecretValue(testContext(t),
			&secretsmanager.GetSecretValueInput{SecretId: aws.String("auroradoc/orders")})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(aws.ToString(out.SecretString), c.value) || !strings.Contains(aws.ToString(out.ARN), c.arnHas) {
			t.Errorf("secret %q (ARN %s), want %s's (ARN with %s)", aws.ToString(out.SecretString), aws.ToString(out.ARN), c.value, c.arnHas)
		}
	}
}

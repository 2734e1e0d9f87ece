package fakeaws_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// fastRetries is the SDK's standard retryer — default attempts (3),
// retryable and throttle codes — with its backoff capped at 10 ms so that
// the test does not sleep for seconds.
func fastRetries() func(*config.LoadOptions) error {
	return config.WithRetryer(func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxBackoff = 10 * time.Millisecond })
	})
}

func statuses(s *fakeaws.Server) []int {
	var out []int
	for _, c := range s.Calls() {
		out = append(out, c.Status)
	}
	return out
}

func TestThrottledCallsAreRetriedByTheStandardRetryer(t *testing.T) {
	for _, tc := range []struct {
		action string
		call   func(cfg aws.Config) error
	}{
		{"DescribeDBClusters", func(cfg aws.Config) error {
			_, err := rds.NewFromConfig(cfg).DescribeDBClusters(testContext(t), &rds.DescribeDBClustersInput{})
			return err
		}},
		{"DescribeRegions", func(cfg aws.Config) error {
			_, err := ec2.NewFromConfig(cfg).DescribeRegions(testContext(t), &ec2.DescribeRegionsInput{})
			return err
		}},
		{"GetSecretValue", func(cfg aws.Config) error {
			_, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(testContext(t), &secretsmanager.GetSecretValueInput{SecretId: aws.String("db")})
			return err
		}},
	} {
		t.Run(tc.action, func(t *testing.T) {
			s := start(t)
			s.PutSecret("us-west-2", "db", "{}")
			cfg := sdkConfig(t, s, "us-west-2", fastRetries())

			s.Throttle(tc.action, 2)
			if err := tc.call(cfg); err != nil {
				t.Fatalf("after 2 throttled attempts: %v", err)
			}
			if got := statuses(s); !slices.Equal(got, []int{400, 400, 200}) {
				t.Errorf("statuses %v, want [400 400 200]", got)
			}
			if n := s.Count("", tc.action, "us-west-2"); n != 3 {
				t.Errorf("Count = %d, want 3", n)
			}

			s.Throttle(tc.action, 5)
			err := tc.call(cfg)
			if code := errorCode(err); code != map[string]string{
				"DescribeDBClusters": "Throttling",
				"DescribeRegions":    "RequestLimitExceeded",
				"GetSecretValue":     "ThrottlingException",
			}[tc.action] {
				t.Errorf("throttled 5 times: error %v (code %q), want the service's throttling code", err, code)
			}
			if n := s.Count("", tc.action, ""); n != 6 {
				t.Errorf("Count = %d, want 3 + 3 attempts", n)
			}

			s.Throttle(tc.action, 0) // 2 throttles were left; cancel them
			if err := tc.call(cfg); err != nil {
				t.Errorf("after Throttle(%s, 0): %v", tc.action, err)
			}
		})
	}
}

func TestFailRegionFailsEveryCallInThatRegion(t *testing.T) {
	s := start(t)
	s.AddCluster("eu-west-1", fakeaws.Cluster{ID: "eu"})
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "us"})
	s.PutSecret("eu-west-1", "db", "{}")
	s.FailRegion("eu-west-1", "AuthFailure")
	ctx := testContext(t)

	_, err := rdsClient(t, s, "eu-west-1").DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{})
	if code := errorCode(err); code != "AuthFailure" {
		t.Errorf("rds in failing region: error %v (code %q), want AuthFailure", err, code)
	}
	_, err = ec2Client(t, s, "eu-west-1").DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if code := errorCode(err); code != "AuthFailure" {
		t.Errorf("ec2 in failing region: error %v (code %q), want AuthFailure", err, code)
	}
	if got := statuses(s); !slices.Equal(got, []int{http.StatusUnauthorized, http.StatusUnauthorized}) {
		t.Errorf("statuses %v, want one 401 each (not retried)", got)
	}

	out, err := rdsClient(t, s, "us-east-1").DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{})
	if err != nil || len(out.DBClusters) != 1 {
		t.Errorf("healthy region: %v, %v", err, out)
	}

	s.FailRegion("eu-west-1", "UnrecognizedClientException")
	_, err = secretsClient(t, s, "eu-west-1").GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("db")})
	if code := errorCode(err); code != "UnrecognizedClientException" {
		t.Errorf("secretsmanager in failing region: error %v (code %q), want UnrecognizedClientException", err, code)
	}

	s.FailRegion("eu-west-1", "")
	if _, err := rdsClient(t, s, "eu-west-1").DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{}); err != nil {
		t.Errorf("after healing the region: %v", err)
	}
}

package fakeaws_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// start starts a Server that is closed when the test ends.
func start(t *testing.T) *fakeaws.Server {
	t.Helper()
	s, err := fakeaws.New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// sdkConfig is a real SDK configuration for region, pointed at s with
// static credentials and no shared config files, its HTTP client wrapped
// with fakeaws.WrapHTTPClient so that call counts are exact.
func sdkConfig(t *testing.T, s *fakeaws.Server, region string, opts ...func(*config.LoadOptions) error) aws.Config {
	t.Helper()
	opts = append([]func(*config.LoadOptions) error{
		config.WithRegion(region),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")),
		config.WithBaseEndpoint(s.URL()),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	}, opts...)
	cfg, err := config.LoadDefaultConfig(testContext(t), opts...)
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}
	cfg.HTTPClient = fakeaws.WrapHTTPClient(cfg.HTTPClient)
	return cfg
}

func rdsClient(t *testing.T, s *fakeaws.Server, region string) *rds.Client {
	t.Helper()
	return rds.NewFromConfig(sdkConfig(t, s, region))
}

func ec2Client(t *testing.T, s *fakeaws.Server, region string) *ec2.Client {
	t.Helper()
	return ec2.NewFromConfig(sdkConfig(t, s, region))
}

func secretsClient(t *testing.T, s *fakeaws.Server, region string) *secretsmanager.Client {
	t.Helper()
	return secretsmanager.NewFromConfig(sdkConfig(t, s, region))
}

// errorCode is the AWS error code of err, or "" if err is no API error.
// (smithy.APIError, without importing smithy-go, which go.mod has as an
// indirect requirement.)
func errorCode(err error) string {
	var apiErr interface{ ErrorCode() string }
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

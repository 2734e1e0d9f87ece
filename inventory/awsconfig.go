package inventory

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
)

// LoadAWSConfig loads the standard AWS configuration chain (AWS_PROFILE,
// AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, shared files,
// instance roles…) with the SDK's adaptive retry mode, so RDS API
// throttling is retried with backoff and client-side rate limiting.
func LoadAWSConfig(ctx context.Context, maxAttempts int) (aws.Config, error) {
	if maxAttempts < 1 {
		maxAttempts = 10
	}
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRetryer(func() aws.Retryer {
			return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
				o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
					so.MaxAttempts = maxAttempts
				})
			})
		}),
	)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		// Discovery sets the region per client; the SDK still wants one
		// for clients created without (ec2:DescribeRegions).
		cfg.Region = "us-east-1"
	}
	return cfg, nil
}

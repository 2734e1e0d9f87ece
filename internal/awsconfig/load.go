// Package awsconfig loads the AWS SDK configuration every auroradoc part
// that calls AWS uses (discovery, Secrets Manager and IAM logins, the S3
// store, publishing): the standard credential chain with adaptive retries,
// roles of other accounts assumed through STS (AssumeRole)
// and the SDK's log lines routed to slog.
package awsconfig

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
)

// Load loads the standard AWS configuration chain (AWS_PROFILE,
// AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, shared files,
// instance roles…) with the SDK's adaptive retry mode, so RDS API
// throttling is retried with backoff and client-side rate limiting.
//
// The SDK's own log lines (it warns on stderr by default) go to logger.
func Load(ctx context.Context, maxAttempts int, logger *slog.Logger) (aws.Config, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if maxAttempts < 1 {
		maxAttempts = 10
	}
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithLogger(logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
			level := slog.LevelDebug
			if c == logging.Warn {
				level = slog.LevelWarn
			}
			logger.Log(ctx, level, "aws sdk: "+fmt.Sprintf(format, v...))
		})),
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

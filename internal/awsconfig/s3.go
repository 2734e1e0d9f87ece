package awsconfig

import (
	"context"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// S3Client is an S3 client from the standard configuration chain (Load
// with the default retries); pathStyle selects path-style addressing, for
// S3-compatible servers without virtual-host buckets.
func S3Client(ctx context.Context, logger *slog.Logger, pathStyle bool) (*s3.Client, error) {
	cfg, err := Load(ctx, 10, logger)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = pathStyle }), nil
}

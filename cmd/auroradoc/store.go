package main

import (
	"context"
	"log/slog"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/auroradoc/auroradoc/inventory"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/s3store"
)

// openStore opens the snapshot store at location: a local directory or
// s3://bucket/prefix (same layout in both).
func openStore(ctx context.Context, location string, logger *slog.Logger) (*snapshot.Store, error) {
	return openStoreWith(ctx, location, logger, false)
}

// openStoreWith is openStore with path-style S3 addressing optional
// (S3-compatible servers that have no virtual-host buckets).
func openStoreWith(ctx context.Context, location string, logger *slog.Logger, pathStyle bool) (*snapshot.Store, error) {
	if !strings.HasPrefix(location, "s3://") {
		return snapshot.OpenDir(location)
	}
	cfg, err := inventory.LoadAWSConfig(ctx, 10, logger)
	if err != nil {
		return nil, err
	}
	return s3store.Open(s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = pathStyle }), location)
}

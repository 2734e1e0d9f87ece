package main

import (
	"context"
	"log/slog"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/s3store"
)

// openStore opens the snapshot store at location to read it: a local
// directory, which must exist, or s3://bucket/prefix (same layout in
// both); pathStyle selects path-style S3 addressing (S3-compatible servers
// without virtual-host buckets).
func openStore(ctx context.Context, location string, logger *slog.Logger, pathStyle bool) (*snapshot.Store, error) {
	if !strings.HasPrefix(location, "s3://") {
		return snapshot.OpenDir(location)
	}
	return openS3Store(ctx, location, logger, pathStyle)
}

// openStoreForWriting is openStore for a crawl: a local directory that
// does not exist yet is created by the crawl's new set.
func openStoreForWriting(ctx context.Context, location string, logger *slog.Logger, pathStyle bool) (*snapshot.Store, error) {
	if !strings.HasPrefix(location, "s3://") {
		return snapshot.OpenDirForWriting(location)
	}
	return openS3Store(ctx, location, logger, pathStyle)
}

func openS3Store(ctx context.Context, location string, logger *slog.Logger, pathStyle bool) (*snapshot.Store, error) {
	client, err := s3Client(ctx, logger, pathStyle)
	if err != nil {
		return nil, err
	}
	return s3store.Open(client, location)
}

// s3Client is an S3 client from the standard AWS configuration chain.
func s3Client(ctx context.Context, logger *slog.Logger, pathStyle bool) (*s3.Client, error) {
	cfg, err := awsconfig.Load(ctx, 10, logger)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = pathStyle }), nil
}

// Package location opens the snapshot store a location names: a local
// directory or s3://bucket/prefix (the same layout in both), so every
// command and module that reads or writes snapshots accepts the same
// locations.
package location

import (
	"context"
	"log/slog"
	"strings"

	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/s3store"
)

// Options tune Open.
type Options struct {
	// ForWriting opens a local directory that does not exist yet (the
	// crawl's new set creates it); otherwise it must exist
	// (snapshot.ErrNoStore), so a read-only command creates nothing.
	ForWriting bool
	// PathStyle selects path-style S3 addressing.
	PathStyle bool
	// Logger receives the AWS SDK's log lines; nil discards them.
	Logger *slog.Logger
}

// IsS3 reports whether loc names a store on S3.
func IsS3(loc string) bool { return strings.HasPrefix(loc, "s3://") }

// Open opens the store at loc.
func Open(ctx context.Context, loc string, o Options) (*snapshot.Store, error) {
	if !IsS3(loc) {
		if o.ForWriting {
			return snapshot.OpenDirForWriting(loc)
		}
		return snapshot.OpenDir(loc)
	}
	client, err := awsconfig.S3Client(ctx, o.Logger, o.PathStyle)
	if err != nil {
		return nil, err
	}
	return s3store.Open(client, loc)
}

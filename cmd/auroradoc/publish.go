package main

import (
	"context"
	"errors"
	"flag"

	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/site/publish"
)

func publishCommand() *command {
	return &command{
		name:    "publish",
		summary: "Upload a rendered site to S3, only what changed, entry pages last",
		usage:   "--site SITE --to s3://bucket/prefix [--dry-run] [--bucket-root] [--force-incomplete] [flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			dir := fs.String("site", "site-out", "rendered site `directory`")
			to := fs.String("to", "", "destination `s3://bucket/prefix`")
			dry := fs.Bool("dry-run", false, "print the plan, change nothing")
			pathStyle := fs.Bool("path-style", false, "path-style S3 addressing (S3-compatible servers)")
			bucketRoot := fs.Bool("bucket-root", false, "allow --to s3://bucket without a prefix: every other object in the bucket is deleted")
			forceIncomplete := fs.Bool("force-incomplete", false, "publish a site whose render did not finish (or whose .auroradoc-site marker is missing or damaged)")
			return func(ctx context.Context, c *call) int {
				if *to == "" {
					return c.fail(exitUsage, errors.New("--to s3://bucket/prefix is required (see --help)"))
				}
				if _, _, err := publish.ParseTarget(*to); err != nil {
					return c.fail(exitUsage, err)
				}
				client, err := awsconfig.S3Client(ctx, c.logger, *pathStyle)
				if err != nil {
					return c.fail(exitFailed, err)
				}
				plan, err := publish.Publish(ctx, client, publish.Options{Dir: *dir, Target: *to, DryRun: *dry, Logger: c.logger,
					AllowBucketRoot: *bucketRoot, AllowIncomplete: *forceIncomplete})
				if plan != nil {
					if werr := plan.Write(c.stdout); werr != nil && err == nil {
						err = werr
					}
				}
				if err != nil {
					return c.fail(exitFailed, err)
				}
				return exitOK
			}
		},
	}
}

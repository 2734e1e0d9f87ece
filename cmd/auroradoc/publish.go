package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/auroradoc/auroradoc/inventory"
	"github.com/auroradoc/auroradoc/site/publish"
)

func publishCommand() *command {
	return &command{
		name:    "publish",
		summary: "Upload a rendered site to S3, only what changed, entry pages last",
		usage:   "--site SITE --to s3://bucket/prefix [--dry-run] [flags]",
		setup: func(fs *flag.FlagSet) func(context.Context, env, []string) int {
			dir := fs.String("site", "site-out", "rendered site `directory`")
			to := fs.String("to", "", "destination `s3://bucket/prefix`")
			dry := fs.Bool("dry-run", false, "print the plan, change nothing")
			pathStyle := fs.Bool("path-style", false, "path-style S3 addressing (S3-compatible servers)")
			lf := addLogFlags(fs)
			return func(ctx context.Context, e env, args []string) int {
				if len(args) > 0 || *to == "" {
					fmt.Fprintln(e.stderr, "auroradoc publish: --to s3://bucket/prefix is required (see --help)")
					return exitUsage
				}
				if _, _, err := publish.ParseTarget(*to); err != nil {
					fmt.Fprintf(e.stderr, "auroradoc publish: %v\n", err)
					return exitUsage
				}
				logger, err := lf.logger(e.stderr)
				if err != nil {
					fmt.Fprintf(e.stderr, "auroradoc publish: %v\n", err)
					return exitUsage
				}
				cfg, err := inventory.LoadAWSConfig(ctx, 10, logger)
				if err != nil {
					fmt.Fprintf(e.stderr, "auroradoc publish: %v\n", err)
					return exitFailed
				}
				client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = *pathStyle })
				plan, err := publish.Publish(ctx, client, publish.Options{Dir: *dir, Target: *to, DryRun: *dry, Logger: logger})
				if plan != nil {
					if werr := plan.Write(e.stdout); werr != nil && err == nil {
						err = werr
					}
				}
				if err != nil {
					fmt.Fprintf(e.stderr, "auroradoc publish: %v\n", err)
					return exitFailed
				}
				return exitOK
			}
		},
	}
}

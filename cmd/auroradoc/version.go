package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"runtime/debug"

	"github.com/auroradoc/auroradoc/internal/preflight"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); version == "" && ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return cmp.Or(version, "dev")
}

func versionCommand() *command {
	return &command{
		name:       "version",
		summary:    "Print the auroradoc version",
		usage:      "[--check [--config FILE]]",
		noLogFlags: true,
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			check := fs.Bool("check", false, "also check what the binary needs from the machine or image it runs in (CA certificates, time zones, /proc for the Graphviz workers, writable temp and working directories); exit 3 when something is missing")
			configPath := fs.String("config", "", "with --check: also read this configuration `file`'s credentials.ca_bundle")
			return func(_ context.Context, c *call) int {
				if *configPath != "" && !*check {
					return c.fail(exitUsage, errors.New("--config needs --check"))
				}
				fmt.Fprintf(c.stdout, "auroradoc %s\n", toolVersion())
				if *check && !preflight.Run(c.stdout, *configPath) {
					return exitFailed
				}
				return exitOK
			}
		},
	}
}

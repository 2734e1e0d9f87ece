package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func versionCommand() *command {
	return &command{
		name:       "version",
		summary:    "Print the auroradoc version",
		usage:      "",
		noLogFlags: true,
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			return func(_ context.Context, c *call) int {
				fmt.Fprintf(c.stdout, "auroradoc %s\n", toolVersion())
				return exitOK
			}
		},
	}
}

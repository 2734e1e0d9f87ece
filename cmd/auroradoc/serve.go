package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"

	"github.com/auroradoc/auroradoc/site"
)

func serveCommand() *command {
	return &command{
		name:       "serve",
		summary:    "Preview a rendered site on 127.0.0.1",
		usage:      "--site SITE [--addr 127.0.0.1:8080]",
		noLogFlags: true,
		setup: func(fs *flag.FlagSet) func(context.Context, *call) int {
			dir := fs.String("site", "site-out", "rendered site `directory`")
			addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (loopback by default)")
			return func(ctx context.Context, c *call) int {
				if fi, err := os.Stat(*dir); err != nil || !fi.IsDir() {
					return c.fail(exitUsage, fmt.Errorf("%s is not a rendered site directory", *dir))
				}
				l, err := net.Listen("tcp", *addr)
				if err != nil {
					return c.fail(exitUsage, err)
				}
				fmt.Fprintf(c.stdout, "serving %s on http://%s/ (Ctrl-C to stop)\n", *dir, l.Addr())
				if err := site.Serve(ctx, l, *dir); err != nil {
					return c.fail(exitFailed, err)
				}
				return exitOK
			}
		},
	}
}

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
		name:    "serve",
		summary: "Preview a rendered site on 127.0.0.1",
		usage:   "--site SITE [--addr 127.0.0.1:8080]",
		setup: func(fs *flag.FlagSet) func(context.Context, env, []string) int {
			dir := fs.String("site", "site-out", "rendered site `directory`")
			addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (loopback by default)")
			return func(ctx context.Context, e env, args []string) int {
				if fi, err := os.Stat(*dir); err != nil || !fi.IsDir() {
					fmt.Fprintf(e.stderr, "auroradoc serve: %s is not a rendered site directory\n", *dir)
					return exitUsage
				}
				l, err := net.Listen("tcp", *addr)
				if err != nil {
					fmt.Fprintf(e.stderr, "auroradoc serve: %v\n", err)
					return exitUsage
				}
				fmt.Fprintf(e.stdout, "serving %s on http://%s/ (Ctrl-C to stop)\n", *dir, l.Addr())
				if err := site.Serve(ctx, l, *dir); err != nil {
					fmt.Fprintf(e.stderr, "auroradoc serve: %v\n", err)
					return exitFailed
				}
				return exitOK
			}
		},
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
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
				if err := serveSite(ctx, l, *dir); err != nil {
					fmt.Fprintf(e.stderr, "auroradoc serve: %v\n", err)
					return exitFailed
				}
				return exitOK
			}
		},
	}
}

// serveSite serves dir on l until ctx ends.
func serveSite(ctx context.Context, l net.Listener, dir string) error {
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

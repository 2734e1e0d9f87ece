// Command demo runs auroradoc end to end with nothing installed: it starts
// an in-process fleet of MySQL-8-compatible servers (go-mysql-server) with
// realistic schemas, crawls them concurrently into a snapshot store (two
// nights, with a few schema changes in between), prints the drift report,
// renders the documentation site and serves it on 127.0.0.1.
//
//	go run ./cmd/demo [--store DIR] [--out SITE] [--addr 127.0.0.1:8080] [--no-serve]
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/auroradoc/auroradoc/internal/demo"
	"github.com/auroradoc/auroradoc/render/er"
)

func main() {
	er.ServeWorkerIfRequested() // in a Graphviz worker process: serve layouts and exit
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := demo.Run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v\n", err)
		os.Exit(1)
	}
}

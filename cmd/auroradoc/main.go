// Command auroradoc crawls MySQL-compatible servers (Aurora MySQL, MySQL,
// MariaDB) into versioned snapshots of their schemas, variables and sizes.
//
// Exit codes:
//
//	0  success
//	1  partial failure: some targets failed (the others' snapshots are written)
//	2  usage or configuration error: nothing was done
//	3  the run itself failed (store not writable, interrupted)
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/auroradoc/auroradoc/render/er"
)

func main() {
	er.ServeWorkerIfRequested() // in a Graphviz worker process: serve layouts and exit
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{lookup: os.LookupEnv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, isTerminal: isTerminal(os.Stderr)})
	stop()
	os.Exit(code)
}

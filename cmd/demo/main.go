// Command demo runs auroradoc end to end with nothing installed: it starts
// an in-process fleet of MySQL-8-compatible servers (go-mysql-server) with
// realistic schemas, crawls them concurrently into a snapshot store,
// renders the documentation site and serves it on 127.0.0.1.
//
//	go run ./cmd/demo [--store DIR] [--out SITE] [--addr 127.0.0.1:8080] [--no-serve]
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/gmsserver"
	"github.com/auroradoc/auroradoc/site"
	"github.com/auroradoc/auroradoc/snapshot"
)

// demoPassword is the root password of the throwaway in-memory servers.
const demoPassword = "demo-only-password"

// cluster is one demo server and what it is loaded with.
type cluster struct {
	name    string
	scripts []fixtures.Script
}

func fleet() []cluster {
	var realistic, hostile []fixtures.Script
	for _, s := range fixtures.MySQL8() {
		if strings.HasPrefix(s.Name, "hostile") {
			hostile = append(hostile, s)
		} else {
			realistic = append(realistic, s)
		}
	}
	return []cluster{
		{name: "commerce-prd", scripts: realistic},
		{name: "rides-stg", scripts: []fixtures.Script{fixtures.Synthetic("rides", 60, 42), fixtures.Synthetic("telemetry", 25, 7)}},
		{name: "playground-dev", scripts: hostile},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "demo: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	store := fs.String("store", "demo-snapshots", "snapshot store `directory` to write")
	out := fs.String("out", "demo-site", "`directory` to render the site into")
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` of the preview server")
	noServe := fs.Bool("no-serve", false, "render the site and exit instead of serving it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))

	var targets []collector.Target
	for _, c := range fleet() {
		srv, err := gmsserver.Start(ctx, gmsserver.Options{RootPassword: demoPassword})
		if err != nil {
			return fmt.Errorf("starting demo server %s: %w", c.name, err)
		}
		defer srv.Close()
		if err := load(ctx, srv, c.scripts); err != nil {
			return fmt.Errorf("loading demo server %s: %w", c.name, err)
		}
		host, port, _ := net.SplitHostPort(srv.Addr())
		p, _ := strconv.Atoi(port)
		targets = append(targets, collector.Target{Name: c.name, Host: host, Port: p, User: "root", Password: demoPassword})
		fmt.Fprintf(stdout, "started %-15s on %s (go-mysql-server, in memory)\n", c.name, srv.Addr())
	}

	st, err := snapshot.OpenDir(*store)
	if err != nil {
		return err
	}
	start := time.Now()
	m, err := collector.CrawlToStore(ctx, targets, collector.FleetOptions{Concurrency: 3, Logger: logger}, st, "auroradoc demo")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\ncrawled %d servers in %s:\n", len(targets), time.Since(start).Round(time.Millisecond))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tSTATUS\tSCHEMAS\tTABLES\tERROR")
	for _, e := range m.Targets {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", e.Name, e.Status, e.Schemas, e.Tables, e.Error)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\nsnapshot set %s written to %s/%s/\n", m.Set, *store, m.Set)
	if m.Summary.Failed > 0 {
		return fmt.Errorf("%d demo servers failed", m.Summary.Failed)
	}

	in := site.FromStore(st, m)
	opts, closeRenderers, err := site.WithRenderers(ctx, "")
	if err != nil {
		return err
	}
	defer closeRenderers()
	if err := site.Build(ctx, in, *out, opts); err != nil {
		return fmt.Errorf("rendering the site: %w", err)
	}
	fmt.Fprintf(stdout, "site rendered into %s/ (open %s/index.html)\n", *out, *out)
	if *noServe {
		return nil
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serving the site: %w (try --addr 127.0.0.1:0)", err)
	}
	fmt.Fprintf(stdout, "serving on http://%s/ — Ctrl-C to stop\n", l.Addr())
	return site.Serve(ctx, l, *out)
}

func load(ctx context.Context, srv *gmsserver.Server, scripts []fixtures.Script) error {
	db, err := sql.Open("mysql", srv.DSN("root", demoPassword, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	for _, s := range scripts {
		if _, err := db.ExecContext(ctx, s.SQL); err != nil {
			return fmt.Errorf("script %s: %w", s.Name, err)
		}
	}
	return nil
}

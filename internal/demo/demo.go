// Package demo runs auroradoc end to end with nothing installed: it starts
// an in-process fleet of MySQL-8-compatible servers (go-mysql-server) with
// realistic schemas, crawls them twice into a snapshot store with a few
// schema changes in between, prints the drift report exactly as
// `auroradoc drift` does, renders the documentation site with its drift
// pages and serves it on 127.0.0.1. cmd/demo is its command.
package demo

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/gmsserver"
	"github.com/auroradoc/auroradoc/site"
	"github.com/auroradoc/auroradoc/site/driftpages"
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

// Run runs the demo with the command-line arguments args (see cmd/demo).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
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
	servers := map[string]*gmsserver.Server{}
	for _, c := range fleet() {
		srv, err := gmsserver.Start(ctx, gmsserver.Options{RootPassword: demoPassword})
		if err != nil {
			return fmt.Errorf("starting demo server %s: %w", c.name, err)
		}
		defer srv.Close()
		servers[c.name] = srv
		if err := load(ctx, srv, c.scripts); err != nil {
			return fmt.Errorf("loading demo server %s: %w", c.name, err)
		}
		host, port, _ := net.SplitHostPort(srv.Addr())
		p, _ := strconv.Atoi(port)
		targets = append(targets, collector.Target{Name: c.name, Host: host, Port: p, User: "root", Password: demoPassword})
		fmt.Fprintf(stdout, "started %-15s on %s (go-mysql-server, in memory)\n", c.name, srv.Addr())
	}

	st, err := openDemoStore(*store)
	if err != nil {
		return err
	}
	// Two nights: yesterday's crawl, a few changes of the kind drift is
	// for, tonight's crawl. The history and drift pages show them.
	yesterday := time.Now().Add(-24 * time.Hour)
	m, err := crawl(ctx, stdout, st, targets, logger, func() time.Time { return yesterday })
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "\nchanging the fleet overnight:")
	for _, c := range overnight() {
		if err := exec(ctx, servers[c.target], c.sql); err != nil {
			return fmt.Errorf("changing %s: %w", c.target, err)
		}
		fmt.Fprintf(stdout, "  %-15s %s\n", c.target, c.sql)
	}
	prev := m
	if m, err = crawl(ctx, stdout, st, targets, logger, time.Now); err != nil {
		return err
	}
	if err := printDrift(ctx, stdout, st, prev, m); err != nil {
		return err
	}

	h, _, err := history.Refresh(ctx, st, history.Options{Logger: logger})
	if err != nil {
		return err
	}
	in := site.FromStore(st, m)
	opts, closeRenderers, err := site.WithRenderers(ctx, "")
	if err != nil {
		return err
	}
	defer closeRenderers()
	opts.DriftLink = true
	if err := site.Build(ctx, in, *out, opts); err != nil {
		return fmt.Errorf("rendering the site: %w", err)
	}
	if err := driftpages.Build(ctx, h, *out, driftpages.Options{}); err != nil {
		return fmt.Errorf("rendering the drift pages: %w", err)
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

// openDemoStore opens the demo's snapshot store, emptied first: every demo
// run starts a fresh in-memory fleet, so yesterday's demo would read as a
// night of drift. Only a directory the demo wrote (it holds the marker) is
// emptied; any other non-empty directory is refused.
func openDemoStore(dir string) (*snapshot.Store, error) {
	const marker = ".auroradoc-demo"
	ents, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	if len(ents) > 0 {
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return nil, fmt.Errorf("%s is not empty and was not written by the demo: pass --store with a new directory", dir)
		}
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	st, err := snapshot.OpenDir(dir)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, marker), []byte("written by go run ./cmd/demo; emptied on its next run\n"), 0o644); err != nil {
		return nil, err
	}
	return st, nil
}

// crawl takes one night's snapshot set and prints its summary.
func crawl(ctx context.Context, stdout io.Writer, st *snapshot.Store, targets []collector.Target, logger *slog.Logger, now func() time.Time) (*snapshot.Manifest, error) {
	start := time.Now()
	m, err := collector.CrawlToStore(ctx, targets, collector.FleetOptions{Concurrency: 3, Logger: logger, Now: now}, st, "auroradoc demo")
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "\ncrawled %d servers in %s:\n", len(targets), time.Since(start).Round(time.Millisecond))
	if err := m.WriteTable(stdout, st.String()); err != nil {
		return nil, err
	}
	if m.Summary.Failed > 0 {
		return nil, fmt.Errorf("%d demo servers failed", m.Summary.Failed)
	}
	return m, nil
}

// change is one overnight change of the demo fleet.
type change struct{ target, sql string }

// overnight is what changes between the demo's two nights: a column, a
// table, a dropped index. (Not a SET GLOBAL: go-mysql-server's global
// variables are shared by every server in the process.)
func overnight() []change {
	return []change{
		{"commerce-prd", "ALTER TABLE shop.customer ADD COLUMN nickname varchar(64) NULL COMMENT 'shown in the app'"},
		{"commerce-prd", "CREATE TABLE shop.gift_card (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id bigint NOT NULL, balance decimal(12,2) NOT NULL DEFAULT 0, KEY idx_gift_card_customer (customer_id)) COMMENT 'prepaid balance'"},
		{"rides-stg", "ALTER TABLE rides.battery_status_033 DROP INDEX ix_label"},
	}
}

// printDrift prints tonight's drift report: the same assessment and the
// same text as `auroradoc drift --store DIR` with its default flags.
func printDrift(ctx context.Context, w io.Writer, st *snapshot.Store, prev, cur *snapshot.Manifest) error {
	r, err := assess.Run(ctx, assess.Input{Store: st, From: prev, To: cur}, assess.Options{GroupBy: assess.DefaultGroupBy})
	if err != nil {
		return fmt.Errorf("assessing drift: %w", err)
	}
	fmt.Fprintln(w)
	return report.Write(w, r, "text")
}

func exec(ctx context.Context, srv *gmsserver.Server, stmt string) error {
	db, err := sql.Open("mysql", srv.DSN("root", demoPassword, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, stmt)
	return err
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

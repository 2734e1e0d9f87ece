package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/slack-go/slack"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/devpage"
	prodsides "github.com/auroradoc/auroradoc/bastion/sides"
	"github.com/auroradoc/auroradoc/bastion/slackapp"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/location"
)

// serveFlags are serve's flags.
type serveFlags struct {
	addr, snapshots, secretsDir string
	team, app, channel          string
	dev                         bool
}

// serveCommand runs the Slack app (or, with --dev, the local page) over
// HTTP, with the sweep every sweep_interval, until interrupted.
func serveCommand() *command {
	return &command{setup: func(fs *flag.FlagSet, c *call) func(context.Context) int {
		var f serveFlags
		fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen address")
		fs.BoolVar(&f.dev, "dev", false, "local mode: in-memory state, a web page instead of Slack, secrets in files (loopback only)")
		fs.StringVar(&f.snapshots, "snapshots", "", "auroradoc snapshot store (directory or s3://bucket/prefix): the modal offers its latest set's clusters")
		fs.StringVar(&f.secretsDir, "secrets-dir", "", "--dev: where grants' passwords are kept (0600 files); a new temporary directory when empty")
		fs.StringVar(&f.team, "slack-team", "", "our Slack team id (T…)")
		fs.StringVar(&f.app, "slack-app", "", "our Slack app id (A…)")
		fs.StringVar(&f.channel, "slack-channel", "", "the approvers' channel id (C…)")
		return func(ctx context.Context) int {
			c.logger = slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
			h, e, wait, release, code, err := c.serveHandler(ctx, f)
			if err != nil {
				return c.fail(code, err)
			}
			defer release()
			return c.listen(ctx, f, h, e, wait)
		}
	}}
}

// serveHandler builds the engine and the handler of serve's mode.
func (c *call) serveHandler(ctx context.Context, f serveFlags) (http.Handler, *bastion.Engine, func(), func(), int, error) {
	none := func() {}
	if f.dev {
		return c.devHandler(ctx, f)
	}
	secret, token := os.Getenv("SLACK_SIGNING_SECRET"), os.Getenv("SLACK_BOT_TOKEN")
	if secret == "" || token == "" || f.team == "" || f.app == "" || f.channel == "" {
		return nil, nil, none, none, exitUsage, errors.New("serve needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN in the environment and --slack-team, --slack-app, --slack-channel (or --dev)")
	}
	var snaps *snapshot.Store
	if f.snapshots != "" {
		var err error
		if snaps, err = location.Open(ctx, f.snapshots, location.Options{Logger: c.logger}); err != nil {
			return nil, nil, none, none, exitUsage, fmt.Errorf("opening the snapshot store: %w", err)
		}
	}
	var slackOpts []slack.Option
	if u := os.Getenv("SLACK_API_URL"); u != "" {
		slackOpts = append(slackOpts, slack.OptionAPIURL(u)) // a proxy, or a fake Slack in tests
	}
	client := slack.New(token, slackOpts...)
	var st *store.Store
	e, release, code, err := c.engineWith(ctx, true, func(o *bastion.Options, s *store.Store) {
		st = s
		o.Policy = &slackapp.Policy{Base: c.cfg, Client: client, Groups: c.cfg.SlackGroups(), Logger: c.logger}
		o.Notifier = &slackapp.Notifier{Client: client, Channel: f.channel, Audit: s.Audit}
	})
	if err != nil {
		return nil, nil, none, none, code, err
	}
	app, err := slackapp.New(slackapp.Options{
		Engine: e, Replay: st, SigningSecret: secret, Team: f.team, App: f.app, Client: client,
		Clusters: slackapp.FleetClusters(snaps, c.cfg.ClusterNames(), c.logger), Logger: c.logger,
	})
	if err != nil {
		release()
		return nil, nil, none, none, exitUsage, err
	}
	mux := http.NewServeMux()
	mux.Handle("POST /slack", app)
	return mux, e, app.Wait, release, exitOK, nil
}

// devHandler is --dev: the engine on an in-memory store, the configured
// clusters' databases, secrets in 0600 files, and the dev page.
func (c *call) devHandler(ctx context.Context, f serveFlags) (http.Handler, *bastion.Engine, func(), func(), int, error) {
	none := func() {}
	host, _, err := net.SplitHostPort(f.addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return nil, nil, none, none, exitUsage, fmt.Errorf("--dev serves a page without login: --addr must be a loopback IP and port, not %q", f.addr)
	}
	dir := f.secretsDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "bastion-dev-secrets-"); err != nil {
			return nil, nil, none, none, exitUsage, err
		}
	}
	secrets := devpage.FileSecrets{Dir: filepath.Clean(dir)}
	notices := &devpage.Notices{}
	db := prodsides.NewDatabases(c.cfg, aws.Config{}, nil, c.logger)
	e, err := bastion.New(bastion.Options{
		Store: store.NewMemory(), Database: db, Secrets: secrets, Policy: c.cfg, Notifier: notices,
		Limits: c.cfg.Limits, SecretPrefix: c.cfg.SecretPrefix, WarnBefore: c.cfg.WarnBefore, Logger: c.logger, Now: c.now,
	})
	if err != nil {
		return nil, nil, none, none, exitUsage, err
	}
	page, err := devpage.New(devpage.Options{Engine: e, Notices: notices, Secrets: secrets, Clusters: c.cfg.ClusterNames(), Logger: c.logger})
	if err != nil {
		return nil, nil, none, none, exitUsage, err
	}
	c.logger.Info("dev mode: in-memory state, secrets in files", "secrets_dir", secrets.Dir)
	return page, e, none, func() { _ = db.Close() }, exitOK, nil
}

// listen serves h on f.addr and sweeps every sweep_interval until ctx
// ends, then shuts down and waits for work under way.
func (c *call) listen(ctx context.Context, f serveFlags, h http.Handler, e *bastion.Engine, wait func()) int {
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return c.fail(exitUsage, fmt.Errorf("listening on %s: %w", f.addr, err))
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	fmt.Fprintf(c.stdout, "bastion serving on http://%s/\n", ln.Addr())
	go func() {
		t := time.NewTicker(c.cfg.SweepInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if rep, err := e.Sweep(ctx); err != nil || rep.Err() != nil {
					c.logger.Warn("sweep", "err", errors.Join(err, rep.Err()))
				}
			}
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return c.fail(exitPartial, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		c.logger.Warn("shutting down", "err", err)
	}
	wait()
	return exitOK
}

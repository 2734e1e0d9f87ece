package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/config"
)

// Exit codes, documented in the package comment.
const (
	exitOK      = 0
	exitPartial = 1
	exitUsage   = 2
	exitRefused = 3
)

// env is everything a command touches outside its arguments (besides the
// AWS SDK's own environment), so tests run commands in-process.
type env struct {
	stdout, stderr io.Writer
	// sides builds the database and secrets sides of a command from its
	// configuration; buildSides when nil.
	sides func(ctx context.Context, c *call, awsCfg aws.Config) (sides, error)
	// now is the engine's clock; time.Now when nil.
	now func() time.Time
}

const usage = `bastion grants just-in-time database access: a per-person MySQL user for a
bounded time, approved by someone else, revoked at expiry, every step audited.

Usage:
  bastion request --config F --as USER --cluster NAME --level read|dml|ddl --for 2h [--start RFC3339] --reason TEXT
  bastion approve --config F --as USER ID
  bastion deny    --config F --as USER --reason TEXT ID
  bastion cancel  --config F --as USER ID
  bastion revoke  --config F --as USER [--reason TEXT] ID
  bastion list    --config F [--state S,…] [--format text|json]
  bastion sweep   --config F
  bastion audit   --config F [--format text|json] ID
  bastion serve   --config F [--addr HOST:PORT] --slack-team T --slack-app A --slack-channel C [--snapshots LOC]
  bastion serve   --config F --dev [--addr 127.0.0.1:PORT] [--secrets-dir DIR]

serve runs the Slack app (POST /slack; SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN
from the environment) and the sweep every sweep_interval; --dev runs the local
mode instead: in-memory state, a web page for the request/approval flow, no
Slack and no AWS.

request prints the request id as its last line.

Exit codes:
  0  success
  1  partial failure: recorded, but a later step failed (the next sweep retries)
  2  usage or configuration error: nothing was done
  3  refused: not allowed, wrong state, or no such request
`

// run runs the command args and returns the exit code.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		out := e.stderr
		if len(args) > 0 {
			out = e.stdout
		}
		fmt.Fprint(out, usage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "bastion: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	c := &call{env: e, name: args[0]}
	fs := flag.NewFlagSet("bastion "+args[0], flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&c.configPath, "config", "", "the bastion.yaml configuration file (required)")
	runCmd := cmd.setup(fs, c)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if c.configPath == "" {
		return c.fail(exitUsage, errors.New("--config is required"))
	}
	if got := fs.NArg(); got != cmd.args {
		if cmd.args == 0 {
			return c.fail(exitUsage, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
		}
		return c.fail(exitUsage, fmt.Errorf("needs exactly one request ID after the flags, got %d arguments", got))
	}
	c.args = fs.Args()
	cfg, err := config.Load(c.configPath)
	if err != nil {
		return c.fail(exitUsage, err)
	}
	c.cfg = cfg
	c.logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return runCmd(ctx)
}

// call is one invocation: its environment, configuration and arguments.
type call struct {
	env
	name       string
	configPath string
	cfg        *config.Config
	args       []string
	logger     *slog.Logger
	// clusterAWS is the AWS configuration of each discovered cluster's
	// account (aws: section), for its admin secret.
	clusterAWS map[string]aws.Config
}

// fail prints "bastion <command>: err" on stderr and returns code.
func (c *call) fail(code int, err error) int {
	fmt.Fprintf(c.stderr, "bastion %s: %v\n", c.name, err)
	return code
}

// failEngine maps an engine error to its exit code.
func (c *call) failEngine(err error) int {
	switch {
	case errors.Is(err, bastion.ErrInvalid):
		return c.fail(exitUsage, err)
	case errors.Is(err, bastion.ErrNotAllowed), errors.Is(err, bastion.ErrWrongState), errors.Is(err, bastion.ErrNotFound):
		return c.fail(exitRefused, err)
	}
	return c.fail(exitPartial, err)
}

// command is one subcommand: setup registers its flags and returns the
// function that runs it; args is how many positional arguments it takes.
type command struct {
	args  int
	setup func(fs *flag.FlagSet, c *call) func(ctx context.Context) int
}

// requireFlags reports the first empty required flag.
func requireFlags(flags map[string]*string) error {
	var missing []string
	for name, v := range flags {
		if strings.TrimSpace(*v) == "" {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("%s required", strings.Join(missing, ", "))
	}
	return nil
}

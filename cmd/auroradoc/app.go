package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/auroradoc/auroradoc/internal/atomicfile"
)

// Exit codes, documented in the package comment and the README.
const (
	exitOK      = 0
	exitPartial = 1
	exitUsage   = 2
	exitFailed  = 3
)

// env is everything a command may touch outside its arguments, so tests
// can run commands in-process.
type env struct {
	lookup     func(string) (string, bool)
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	isTerminal bool
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	usage   string // text after "auroradoc <name> "
	// noLogFlags leaves out --log-format and --log-level (commands that
	// do not log).
	noLogFlags bool
	// args: the command takes positional arguments (call.args).
	args bool
	// setup registers the command's flags on fs and returns the function
	// that runs it once the flags are parsed. No command takes positional
	// arguments: run rejects them before the command starts.
	setup func(fs *flag.FlagSet) func(ctx context.Context, c *call) int
}

// call is one invocation of a command: its environment, its logger (from
// the log flags) and its name for messages.
type call struct {
	env
	name   string
	logger *slog.Logger
	args   []string // positional arguments (commands with args set)
}

// output writes a report to stdout, or atomically to file when set.
func (c *call) output(file string, data []byte) error {
	if file == "" {
		if _, err := c.stdout.Write(data); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
		return nil
	}
	if err := atomicfile.WriteFile(file, data, 0o644); err != nil {
		return fmt.Errorf("writing the report to %s: %w", file, err)
	}
	return nil
}

// fail prints "auroradoc <command>: err" on stderr and returns code.
func (c *call) fail(code int, err error) int {
	fmt.Fprintf(c.stderr, "auroradoc %s: %v\n", c.name, err)
	return code
}

// register defines every flag of the command on fs: the log flags unless
// noLogFlags, then the command's own.
func (c *command) register(fs *flag.FlagSet) (logFlags, func(context.Context, *call) int) {
	var lf logFlags
	if !c.noLogFlags {
		lf = addLogFlags(fs)
	}
	return lf, c.setup(fs)
}

func commands() []*command {
	return []*command{crawlCommand(), runCommand(), renderCommand(), publishCommand(), serveCommand(), driftCommand(), baselineCommand(), reviewCommand(), versionCommand()}
}

func printTopUsage(w io.Writer) {
	var b strings.Builder
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, help("top"), b.String())
}

// run dispatches to a subcommand and returns the process exit code.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		printTopUsage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		printTopUsage(e.stdout)
		return exitOK
	case "-version", "--version":
		args = []string{"version"}
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		fs := flag.NewFlagSet("auroradoc "+c.name, flag.ContinueOnError)
		fs.SetOutput(e.stderr)
		lf, runFn := c.register(fs)
		usage := func(w io.Writer) {
			fmt.Fprintf(w, "Usage: auroradoc %s %s\n\n%s\n\nFlags:\n", c.name, c.usage, c.summary)
			fs.SetOutput(w)
			fs.PrintDefaults()
		}
		// The flag package would print the usage itself on every parse
		// error, --help included (to stderr): print it once, here.
		fs.Usage = func() {}
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage(e.stdout)
				return exitOK
			}
			usage(e.stderr)
			return exitUsage
		}
		cl := &call{env: e, name: c.name, logger: slog.New(slog.DiscardHandler), args: fs.Args()}
		if fs.NArg() > 0 && !c.args {
			return cl.fail(exitUsage, fmt.Errorf("unexpected arguments %q (see --help)", fs.Args()))
		}
		if !c.noLogFlags {
			logger, err := lf.logger(e.stderr)
			if err != nil {
				return cl.fail(exitUsage, err)
			}
			cl.logger = logger
		}
		return runFn(ctx, cl)
	}
	fmt.Fprintf(e.stderr, "auroradoc: unknown command %q\n\n", args[0])
	printTopUsage(e.stderr)
	return exitUsage
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

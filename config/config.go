package config

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/auroradoc/auroradoc/internal/glob"
)

// Config is a loaded and validated auroradoc.yaml.
type Config struct {
	// Source names the file the configuration came from (used in messages).
	Source string
	// Store is the default snapshot store directory, as written in the
	// file ("" when absent); the CLI's --store overrides it.
	Store string
	// Crawl holds how hard to crawl; absent keys have Default values.
	Crawl Crawl
	// Schemas is the global schema filter, used by targets without their
	// own. Include is ["*"] when the file does not set it.
	Schemas Filter
	// Targets are the servers to crawl, in file order; never empty
	// unless AWS is set.
	Targets []Target
	// AWS says which clusters to discover in AWS; nil without an aws:
	// section.
	AWS *AWS
	// Credentials says how to log in to discovered clusters; set exactly
	// when AWS is.
	Credentials *Credentials
	// Retention says which snapshot sets crawl and run keep.
	Retention Retention
	// Site, Drift and Notify configure the nightly job (auroradoc run).
	Site   Site
	Drift  Drift
	Notify Notify
	// Review configures auroradoc review.
	Review Review
}

// Crawl holds the crawl settings of the crawl: section.
type Crawl struct {
	// Concurrency is how many targets are crawled at once.
	Concurrency int
	// ConnectionsPerTarget is how many DB connections one target gets.
	ConnectionsPerTarget int
	// ShowCreateBatch is how many SHOW CREATE TABLE statements are sent
	// per round trip.
	ShowCreateBatch int
	// Timeout is the deadline for one whole target, connection included.
	Timeout time.Duration
	// ConnectTimeout bounds each new connection to a server: TCP connect,
	// the MySQL greeting and the login.
	ConnectTimeout time.Duration
	// StatementTimeout bounds each statement on the server.
	StatementTimeout time.Duration
	// LockWaitTimeout bounds waiting for metadata locks (whole seconds on
	// the server).
	LockWaitTimeout time.Duration
}

// Default returns the crawl settings used for keys the file leaves out.
func Default() Crawl {
	return Crawl{
		Concurrency:          8,
		ConnectionsPerTarget: 2,
		ShowCreateBatch:      50,
		Timeout:              10 * time.Minute,
		ConnectTimeout:       10 * time.Second,
		StatementTimeout:     60 * time.Second,
		LockWaitTimeout:      5 * time.Second,
	}
}

// Filter selects schemas by name with glob patterns (internal/glob: *
// matches any text, '/' included, ? any one character).
type Filter struct {
	// Include lists the patterns a schema must match one of; empty means
	// ["*"].
	Include []string
	// Exclude lists patterns that drop a schema even if included.
	Exclude []string
}

// Match reports whether schema is matched by any Include pattern (["*"]
// when Include is empty) and by no Exclude pattern: exclude wins. Matching
// is case-sensitive. Patterns are validated when the file is parsed; a
// malformed one matches nothing.
func (f Filter) Match(schema string) bool {
	include := f.Include
	if len(include) == 0 {
		include = []string{"*"}
	}
	return glob.MatchAny(include, schema) && !glob.MatchAny(f.Exclude, schema)
}

// Target is one server to crawl, from the targets: list.
type Target struct {
	// Name identifies the target and is used in file names.
	Name string
	// Host is a host name or IP address (IPv6 without brackets).
	Host string
	// Port is the TCP port (default 3306).
	Port int
	// User is the account to log in as.
	User string
	// PasswordEnv names the environment variable holding the password.
	PasswordEnv string
	// TLS is go-sql-driver's tls parameter: "false" (default), "true",
	// "skip-verify" or "preferred".
	TLS string
	// Schemas is the target's own schema filter, which replaces the global
	// one entirely; nil when the target has none.
	Schemas *Filter
	// Line is the line of the target's entry in the file.
	Line int
}

// Addr returns host:port, with IPv6 hosts bracketed.
func (t Target) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// SchemaFilter returns the filter for t: its own if it has one, else global.
func (t Target) SchemaFilter(global Filter) Filter {
	if t.Schemas != nil {
		return *t.Schemas
	}
	return global
}

// Password reads t's password from the environment variable named by
// PasswordEnv through lookup (os.LookupEnv when nil). A set but empty
// variable is an empty password; an unset one is an error.
func (t Target) Password(lookup func(string) (string, bool)) (string, error) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	pw, ok := lookup(t.PasswordEnv)
	if !ok {
		return "", fmt.Errorf("target %s: environment variable %s (password_env) is not set", t.Name, t.PasswordEnv)
	}
	return pw, nil
}

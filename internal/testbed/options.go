package testbed

import "time"

// Option adjusts how StartMariaDB runs the server.
type Option func(*config)

// config holds the settings Options adjust.
type config struct {
	serverArgs   []string
	rootPassword string
	startTimeout time.Duration
}

// defaultStartTimeout bounds how long StartMariaDB waits for the server to
// accept connections. Start normally takes well under a second; the margin is
// for loaded CI machines and -race builds.
const defaultStartTimeout = 60 * time.Second

func newConfig(opts []Option) config {
	c := config{startTimeout: defaultStartTimeout}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// WithServerArgs appends extra mariadbd command-line options, for example
// "--max-connections=20" or "--character-set-server=utf8mb4". They come after
// the testbed's own options, so they win over them.
func WithServerArgs(args ...string) Option {
	return func(c *config) { c.serverArgs = append(c.serverArgs, args...) }
}

// WithRootPassword sets the root password instead of a random one.
func WithRootPassword(password string) Option {
	return func(c *config) { c.rootPassword = password }
}

// WithStartTimeout bounds the wait for the server to accept connections.
func WithStartTimeout(d time.Duration) Option {
	return func(c *config) { c.startTimeout = d }
}

package fleet

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
)

// Static resolves the configured static targets, with passwords from the
// environment (lookup). only, when not empty, names the targets to crawl
// (comma-separated); every other target is left out and a name that
// matches no target is an error. Every problem is reported at once,
// before anything is crawled.
func Static(cfg *config.Config, lookup func(string) (string, bool), only string) ([]collector.Target, error) {
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			want[n] = true
		}
	}
	found := map[string]bool{}
	var targets []collector.Target
	var errs []error
	for _, t := range cfg.Targets {
		if len(want) > 0 && !want[t.Name] {
			continue
		}
		found[t.Name] = true
		pw, err := t.Password(lookup)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f := t.SchemaFilter(cfg.Schemas)
		targets = append(targets, collector.Target{
			Name: t.Name, Host: t.Host, Port: t.Port, User: t.User, Password: pw, TLS: t.TLS,
			IncludeSchema:   f.Match,
			ExplicitSchemas: explicitNames(f.Include),
		})
	}
	var missing []string
	for n := range want {
		if !found[n] {
			missing = append(missing, n)
		}
	}
	slices.Sort(missing)
	for _, n := range missing {
		errs = append(errs, fmt.Errorf("--targets: no target named %q in %s", n, cfg.Source))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return targets, nil
}

// explicitNames returns the include patterns that name one schema exactly.
func explicitNames(patterns []string) []string {
	var out []string
	for _, p := range patterns {
		if !strings.ContainsAny(p, `*?[\`) {
			out = append(out, p)
		}
	}
	return out
}

// Options are the crawl options the configuration's crawl: section sets.
func Options(cfg *config.Config, logger *slog.Logger) collector.FleetOptions {
	c := cfg.Crawl
	return collector.FleetOptions{
		Concurrency:    c.Concurrency,
		Timeout:        c.Timeout,
		ConnectTimeout: c.ConnectTimeout,
		Logger:         logger,
		Introspect: collector.Options{
			Connections:      c.ConnectionsPerTarget,
			ShowCreateBatch:  c.ShowCreateBatch,
			StatementTimeout: c.StatementTimeout,
			LockWaitTimeout:  c.LockWaitTimeout,
		},
	}
}

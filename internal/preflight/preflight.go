// Package preflight checks that the filesystem auroradoc runs in has what
// the binary needs at run time — a minimal container image has only what
// its Dockerfile copies: CA certificates, time zones, /proc for the
// Graphviz workers' re-exec, writable temp and working directories, and
// the RDS CA bundle the configuration names.
package preflight

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/fleet"
)

// runtimeCheck is one thing the binary needs from the filesystem it runs
// in (a minimal container image has only what its Dockerfile copies).
type runtimeCheck struct {
	name string
	// run returns what it found, or why the binary would fail.
	run func() (string, error)
}

// runtimeChecks are run by `auroradoc version --check`; with a
// configuration file, its credentials.ca_bundle is read too.
func runtimeChecks(configPath string) []runtimeCheck {
	checks := []runtimeCheck{
		{"trust store", checkTrustStore},
		{"time zones", checkZoneinfo},
		{"graphviz workers", checkExecutable},
		{"temp dir", checkTempDir},
		{"working dir", checkWorkDir},
	}
	if configPath != "" {
		checks = append(checks, runtimeCheck{"rds ca bundle", func() (string, error) { return checkCABundle(configPath) }})
	}
	return checks
}

// Run runs the checks (with a configuration file, its
// credentials.ca_bundle is read too), prints one line each to w, and
// reports whether all passed.
func Run(w io.Writer, configPath string) bool {
	ok := true
	for _, c := range runtimeChecks(configPath) {
		found, err := c.run()
		if err != nil {
			ok = false
			fmt.Fprintf(w, "FAIL %s: %v\n", c.name, err)
			continue
		}
		fmt.Fprintf(w, "ok   %s: %s\n", c.name, found)
	}
	return ok
}

// checkTrustStore: TLS to the AWS APIs and S3 verifies against the system
// roots (/etc/ssl/certs/ca-certificates.crt, or SSL_CERT_FILE).
func checkTrustStore() (string, error) {
	pool, err := x509.SystemCertPool()
	if err != nil {
		return "", fmt.Errorf("loading the system CA certificates: %w", err)
	}
	if pool.Equal(x509.NewCertPool()) {
		return "", errors.New("no system CA certificates (TLS to AWS would fail): install /etc/ssl/certs/ca-certificates.crt or set SSL_CERT_FILE")
	}
	return "system CA certificates loaded", nil
}

// checkZoneinfo loads the zone of TZ (Etc/UTC when unset) from the time
// zone database (ZONEINFO or the system's).
func checkZoneinfo() (string, error) {
	zone := strings.TrimPrefix(os.Getenv("TZ"), ":")
	if zone == "" || zone == "UTC" {
		zone = "Etc/UTC" // "UTC" is built in; Etc/UTC needs the database
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return "", fmt.Errorf("loading time zone %s: %w (set ZONEINFO or install tzdata)", zone, err)
	}
	return "loaded " + zone, nil
}

// checkExecutable: Graphviz layouts run in worker processes that
// re-execute this binary, found through /proc/self/exe on Linux.
func checkExecutable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding this executable to re-run as a worker (is /proc mounted?): %w", err)
	}
	if _, err := os.Stat(exe); err != nil {
		return "", fmt.Errorf("finding this executable to re-run as a worker: %w", err)
	}
	return "re-executes " + exe, nil
}

// checkTempDir: go-graphviz keeps its WebAssembly compilation cache in
// $TMPDIR/go-graphviz; without it every worker compiles Graphviz again.
func checkTempDir() (string, error) {
	d, err := os.MkdirTemp("", "auroradoc-check-")
	if err != nil {
		return "", fmt.Errorf("writing the temp dir (go-graphviz's compilation cache): %w", err)
	}
	_ = os.Remove(d)
	return os.TempDir() + " writable", nil
}

// checkWorkDir: the site output and its diagram cache are written under
// the working directory by default.
func checkWorkDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the working directory: %w", err)
	}
	f, err := os.CreateTemp(wd, ".auroradoc-check-")
	if err != nil {
		return "", fmt.Errorf("writing the working directory (site output, diagram cache): %w", err)
	}
	_ = f.Close()
	_ = os.Remove(f.Name())
	return wd + " writable", nil
}

// checkCABundle reads the configuration's credentials.ca_bundle as a crawl
// does: the CAs of the clusters' TLS certificates.
func checkCABundle(configPath string) (string, error) {
	cfg, err := config.Load(configPath)
	if err != nil {
		return "", err
	}
	roots, err := fleet.CARoots(cfg.Credentials)
	if err != nil {
		return "", err
	}
	if roots == nil {
		return "no credentials.ca_bundle in " + configPath + ": the system trust store verifies the clusters", nil
	}
	return "read " + cfg.Credentials.CABundle, nil
}

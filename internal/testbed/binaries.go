package testbed

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serverEnv names the environment variable that overrides the mariadbd path.
const serverEnv = "AURORADOC_MARIADBD"

// installHint tells a person what to do when MariaDB is missing.
const installHint = "install MariaDB, e.g. `apt-get install -y mariadb-server` on Debian/Ubuntu " +
	"(no system service is needed), or point " + serverEnv + " at a mariadbd binary"

// binaries are the MariaDB programs a test bed needs.
type binaries struct {
	server    string // mariadbd
	installDB string // mariadb-install-db
	basedir   string // installation prefix, e.g. /usr
	version   string // first line of `mariadbd --version`
}

// searchPaths lists where to look for the programs: bare names are looked up
// on PATH, paths are used as they are.
type searchPaths struct {
	server    []string
	installDB []string
}

// defaultSearch is where Debian, Ubuntu and most other installs put MariaDB.
func defaultSearch() searchPaths {
	return searchPaths{
		server:    []string{"mariadbd", "/usr/sbin/mariadbd", "/usr/local/sbin/mariadbd", "/usr/sbin/mysqld"},
		installDB: []string{"mariadb-install-db", "/usr/bin/mariadb-install-db", "/usr/local/bin/mariadb-install-db", "mysql_install_db"},
	}
}

// errMissing marks "MariaDB is not installed" as opposed to a broken setup.
var errMissing = errors.New("MariaDB is not installed")

// requireBinaries finds the MariaDB programs or ends the test: skipped when
// they are simply not installed, failed under CI=true (where they must be) or
// when an explicit override is broken.
func requireBinaries(t testing.TB, getenv func(string) string, search searchPaths) binaries {
	t.Helper()
	b, err := findBinaries(t.Context(), getenv, search)
	switch {
	case err == nil:
		return b
	case errors.Is(err, errMissing) && getenv("CI") != "true":
		t.Skipf("testbed: skipping, %v; %s", err, installHint)
	default:
		t.Fatalf("testbed: %v; %s", err, installHint)
	}
	return binaries{}
}

// findBinaries locates mariadbd and mariadb-install-db and checks that the
// server really is MariaDB.
func findBinaries(ctx context.Context, getenv func(string) string, search searchPaths) (binaries, error) {
	var b binaries
	if p := getenv(serverEnv); p != "" {
		if !isExecutable(p) {
			return b, fmt.Errorf("%s=%q is not an executable file", serverEnv, p)
		}
		b.server = p
	} else {
		b.server = firstExecutable(search.server)
		if b.server == "" {
			return b, fmt.Errorf("mariadbd not found (looked for %s): %w", strings.Join(search.server, ", "), errMissing)
		}
	}
	if real, err := filepath.EvalSymlinks(b.server); err == nil {
		b.server = real
	}
	b.basedir = filepath.Dir(filepath.Dir(b.server))

	// Prefer the install script shipped next to the server binary.
	near := []string{
		filepath.Join(b.basedir, "bin", "mariadb-install-db"),
		filepath.Join(b.basedir, "scripts", "mariadb-install-db"),
	}
	b.installDB = firstExecutable(append(near, search.installDB...))
	if b.installDB == "" {
		return b, fmt.Errorf("mariadb-install-db not found (server is %s): %w", b.server, errMissing)
	}

	vctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(vctx, b.server, "--version").CombinedOutput()
	if err != nil {
		return b, fmt.Errorf("running %s --version: %w: %s", b.server, err, tail(out, 5))
	}
	b.version = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	if !strings.Contains(b.version, "MariaDB") {
		return b, fmt.Errorf("%s is not MariaDB (%q)", b.server, b.version)
	}
	return b, nil
}

// firstExecutable returns the first candidate that resolves to an executable
// file, or "".
func firstExecutable(candidates []string) string {
	for _, c := range candidates {
		if !strings.ContainsRune(c, filepath.Separator) {
			if p, err := exec.LookPath(c); err == nil {
				return p
			}
			continue
		}
		if isExecutable(c) {
			return c
		}
	}
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}

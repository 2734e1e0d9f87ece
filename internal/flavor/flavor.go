// Package flavor reads what kind of MySQL-protocol server a connection
// talks to (MySQL, Aurora MySQL 2 or 3, MariaDB, go-mysql-server) from its
// @@version and @@aurora_version, and answers what that server can do, so
// that callers ask the flavor instead of trying statements and catching
// errors. The collector and the access engine's database side share it.
package flavor

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is the server family a version string names.
type Kind int

const (
	// Unknown is a version string this package cannot read; such a server
	// gets no optional query or session setting.
	Unknown Kind = iota
	MySQL        // MySQL, Aurora MySQL, go-mysql-server
	MariaDB
)

// Flavor is what the server's version variables say it is.
type Flavor struct {
	Kind Kind
	// Version is @@version exactly as reported, e.g.
	// "10.11.6-MariaDB-0+deb12u1"; snapshots and the tbls driver keep it.
	Version string
	// Major, Minor, Patch are the MySQL (or MariaDB) release; Patch is -1
	// when the string does not say (Aurora's "8.0.mysql_aurora.3.05.2").
	Major, Minor, Patch int
	// Aurora is the Aurora MySQL release, e.g. "3.05.2", as Aurora spells
	// it (leading zeros kept); "" when the server is not Aurora.
	Aurora string
}

// Parse reads @@version and @@aurora_version (empty when the server has no
// such variable). @@version_comment is not consulted: it is free-form
// ("MySQL Community Server - GPL", "Debian 12", "mariadb.org binary
// distribution", "Source distribution" on Aurora) and adds nothing
// @@version does not say.
func Parse(version, auroraVersion string) Flavor {
	f := Flavor{Version: version, Patch: -1}
	rest := version
	lower := strings.ToLower(version)
	switch {
	case strings.Contains(lower, "mariadb"):
		f.Kind = MariaDB
		// The replication-compatibility prefix MariaDB puts in front of
		// its handshake version; some proxies pass it on.
		rest = strings.TrimPrefix(rest, "5.5.5-")
	default:
		f.Kind = MySQL
	}
	nums := leadingNumbers(rest)
	if len(nums) < 2 {
		return Flavor{Kind: Unknown, Version: version, Patch: -1}
	}
	f.Major, f.Minor = nums[0], nums[1]
	if len(nums) > 2 {
		f.Patch = nums[2]
	}
	if f.Kind == MySQL {
		f.Aurora = auroraVersion
		// RDS engine-version form, as some Aurora MySQL 2 and 3 releases
		// report it in @@version: "<major>.<minor>.mysql_aurora.<release>".
		if _, release, ok := strings.Cut(lower, ".mysql_aurora."); ok && f.Aurora == "" {
			f.Aurora = release
		}
	}
	return f
}

// leadingNumbers returns the dot-separated numbers at the start of s:
// "8.0.36-log" gives [8 0 36], "5.7.mysql_aurora.2.11.2" gives [5 7].
func leadingNumbers(s string) []int {
	var out []int
	for part := range strings.SplitSeq(s, ".") {
		end := 0
		for end < len(part) && part[end] >= '0' && part[end] <= '9' {
			end++
		}
		n, err := strconv.Atoi(part[:end])
		if end == 0 || err != nil {
			break
		}
		out = append(out, n)
		if end < len(part) {
			break // "36-log": the number ends the version
		}
	}
	return out
}

// AtLeast reports whether the server's release is major.minor.patch or
// newer. An unknown patch counts as the oldest release Aurora builds that
// line on (Aurora MySQL 2 is 5.7.12 or newer, Aurora MySQL 3 is 8.0.23 or
// newer), and as .0 elsewhere.
func (f Flavor) AtLeast(major, minor, patch int) bool {
	p := f.Patch
	if p < 0 {
		p = 0
		switch {
		case f.Aurora == "":
		case f.Major == 5 && f.Minor == 7:
			p = 12
		case f.Major == 8 && f.Minor == 0:
			p = 23
		}
	}
	if f.Major != major {
		return f.Major > major
	}
	if f.Minor != minor {
		return f.Minor > minor
	}
	return p >= patch
}

// Name is the flavor as the snapshot's Server.Flavor and tbls' driver name
// spell it. Unknown servers are "mysql", the protocol they speak.
func (f Flavor) Name() string {
	if f.Kind == MariaDB {
		return "mariadb"
	}
	return "mysql"
}

// String names the server for people: "MariaDB 10.11.6", "MySQL 8.0.36",
// "Aurora MySQL 3.05.2 (MySQL 8.0.32)".
func (f Flavor) String() string {
	release := fmt.Sprintf("%d.%d", f.Major, f.Minor)
	if f.Patch >= 0 {
		release += fmt.Sprintf(".%d", f.Patch)
	}
	switch {
	case f.Kind == MariaDB:
		return "MariaDB " + release
	case f.Kind == MySQL && f.Aurora != "":
		return fmt.Sprintf("Aurora MySQL %s (MySQL %s)", f.Aurora, release)
	case f.Kind == MySQL:
		return "MySQL " + release
	}
	return fmt.Sprintf("unknown server %q", f.Version)
}

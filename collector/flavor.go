package collector

import (
	"fmt"
	"strconv"
	"strings"
)

// flavorKind is the server family a version string names.
type flavorKind int

const (
	// kindUnknown is a version string this package cannot read; such a
	// server gets no optional query or session setting.
	kindUnknown flavorKind = iota
	kindMySQL              // MySQL, Aurora MySQL, go-mysql-server
	kindMariaDB
)

// flavor is what the server's version variables say it is, parsed once per
// session. The introspection queries and session settings ask it what the
// server can do instead of trying and catching errors.
type flavor struct {
	kind flavorKind
	// version is @@version exactly as reported, e.g.
	// "10.11.6-MariaDB-0+deb12u1"; snapshots and the tbls driver keep it.
	version string
	// major, minor, patch are the MySQL (or MariaDB) release; patch is -1
	// when the string does not say (Aurora's "8.0.mysql_aurora.3.05.2").
	major, minor, patch int
	// aurora is the Aurora MySQL release, e.g. "3.05.2", as Aurora spells
	// it (leading zeros kept); "" when the server is not Aurora.
	aurora string
}

// parseFlavor reads @@version and @@aurora_version (empty when the server
// has no such variable). @@version_comment is not consulted: it is
// free-form ("MySQL Community Server - GPL", "Debian 12",
// "mariadb.org binary distribution", "Source distribution" on Aurora) and
// adds nothing @@version does not say.
func parseFlavor(version, auroraVersion string) flavor {
	f := flavor{version: version, patch: -1}
	rest := version
	lower := strings.ToLower(version)
	switch {
	case strings.Contains(lower, "mariadb"):
		f.kind = kindMariaDB
		// The replication-compatibility prefix MariaDB puts in front of
		// its handshake version; some proxies pass it on.
		rest = strings.TrimPrefix(rest, "5.5.5-")
	default:
		f.kind = kindMySQL
	}
	nums := leadingNumbers(rest)
	if len(nums) < 2 {
		return flavor{kind: kindUnknown, version: version, patch: -1}
	}
	f.major, f.minor = nums[0], nums[1]
	if len(nums) > 2 {
		f.patch = nums[2]
	}
	if f.kind == kindMySQL {
		f.aurora = auroraVersion
		// RDS engine-version form, as some Aurora MySQL 2 and 3 releases
		// report it in @@version: "<major>.<minor>.mysql_aurora.<release>".
		if _, release, ok := strings.Cut(lower, ".mysql_aurora."); ok && f.aurora == "" {
			f.aurora = release
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

// atLeast reports whether the server's release is major.minor.patch or
// newer. An unknown patch counts as the oldest release Aurora builds that
// line on (Aurora MySQL 2 is 5.7.12 or newer, Aurora MySQL 3 is 8.0.23 or
// newer), and as .0 elsewhere.
func (f flavor) atLeast(major, minor, patch int) bool {
	p := f.patch
	if p < 0 {
		p = 0
		switch {
		case f.aurora == "":
		case f.major == 5 && f.minor == 7:
			p = 12
		case f.major == 8 && f.minor == 0:
			p = 23
		}
	}
	if f.major != major {
		return f.major > major
	}
	if f.minor != minor {
		return f.minor > minor
	}
	return p >= patch
}

// name is the flavor as the snapshot's Server.Flavor and tbls' driver name
// spell it. Unknown servers are "mysql", the protocol they speak.
func (f flavor) name() string {
	if f.kind == kindMariaDB {
		return "mariadb"
	}
	return "mysql"
}

// hasCheckConstraints reports whether information_schema.CHECK_CONSTRAINTS
// exists: MySQL 8.0.16, MariaDB 10.2.22 and 10.3.10. MySQL 5.7 and Aurora
// MySQL 2 parse CHECK clauses but neither keep nor report them.
func (f flavor) hasCheckConstraints() bool {
	switch f.kind {
	case kindMySQL:
		return f.atLeast(8, 0, 16)
	case kindMariaDB:
		return f.atLeast(10, 3, 10) || (f.major == 10 && f.minor == 2 && f.atLeast(10, 2, 22))
	}
	return false
}

// checksScopedToTable reports whether CHECK constraint names are unique per
// table rather than per schema. MariaDB scopes them per table and reports
// CHECK_CONSTRAINTS.TABLE_NAME; MySQL scopes them per schema and has no
// TABLE_NAME column there.
func (f flavor) checksScopedToTable() bool {
	return f.kind == kindMariaDB
}

// statementTimeoutVariable names the session variable that makes the server
// abort a long statement itself, or "" when there is none: MariaDB 10.1's
// max_statement_time (seconds), MySQL 5.7.8's max_execution_time
// (milliseconds, SELECT only). MySQL 5.7.4–5.7.7 called it
// max_statement_time; those releases get none.
func (f flavor) statementTimeoutVariable() string {
	switch {
	case f.kind == kindMariaDB && f.atLeast(10, 1, 1):
		return "max_statement_time"
	case f.kind == kindMySQL && f.atLeast(5, 7, 8):
		return "max_execution_time"
	}
	return ""
}

// hasStatsExpiry reports whether the server caches table statistics for
// information_schema (MySQL 8.0.3's information_schema_stats_expiry), which
// the session turns off so that sizes and row counts are current.
func (f flavor) hasStatsExpiry() bool {
	return f.kind == kindMySQL && f.atLeast(8, 0, 3)
}

// String names the server for people: "MariaDB 10.11.6", "MySQL 8.0.36",
// "Aurora MySQL 3.05.2 (MySQL 8.0.32)".
func (f flavor) String() string {
	release := fmt.Sprintf("%d.%d", f.major, f.minor)
	if f.patch >= 0 {
		release += fmt.Sprintf(".%d", f.patch)
	}
	switch {
	case f.kind == kindMariaDB:
		return "MariaDB " + release
	case f.kind == kindMySQL && f.aurora != "":
		return fmt.Sprintf("Aurora MySQL %s (MySQL %s)", f.aurora, release)
	case f.kind == kindMySQL:
		return "MySQL " + release
	}
	return fmt.Sprintf("unknown server %q", f.version)
}

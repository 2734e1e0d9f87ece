package collector

import (
	"strings"
	"testing"
	"time"
)

// TestParseFlavor reads version strings real servers report and checks
// what the introspection decides from each.
func TestParseFlavor(t *testing.T) {
	type want struct {
		name, str   string
		checks      bool
		checksTable bool
		timeoutVar  string
		statsExpiry bool
	}
	for _, tc := range []struct {
		version, aurora string
		want            want
	}{
		{"10.11.6-MariaDB-0+deb12u1", "", want{"mariadb", "MariaDB 10.11.6", true, true, "max_statement_time", false}},
		{"10.6.16-MariaDB-log", "", want{"mariadb", "MariaDB 10.6.16", true, true, "max_statement_time", false}},
		{"5.5.5-10.6.16-MariaDB", "", want{"mariadb", "MariaDB 10.6.16", true, true, "max_statement_time", false}},
		{"10.2.21-MariaDB", "", want{"mariadb", "MariaDB 10.2.21", false, true, "max_statement_time", false}},
		{"10.2.22-MariaDB", "", want{"mariadb", "MariaDB 10.2.22", true, true, "max_statement_time", false}},
		{"10.3.9-MariaDB", "", want{"mariadb", "MariaDB 10.3.9", false, true, "max_statement_time", false}},
		{"10.0.38-MariaDB", "", want{"mariadb", "MariaDB 10.0.38", false, true, "", false}},
		{"5.7.44-log", "", want{"mysql", "MySQL 5.7.44", false, false, "max_execution_time", false}},
		{"5.7.7-rc", "", want{"mysql", "MySQL 5.7.7", false, false, "", false}},
		{"8.0.36", "", want{"mysql", "MySQL 8.0.36", true, false, "max_execution_time", true}},
		{"8.0.15", "", want{"mysql", "MySQL 8.0.15", false, false, "max_execution_time", true}},
		{"8.0.31", "", want{"mysql", "MySQL 8.0.31", true, false, "max_execution_time", true}}, // go-mysql-server
		{"5.7.mysql_aurora.2.11.2", "2.11.2", want{"mysql", "Aurora MySQL 2.11.2 (MySQL 5.7)", false, false, "max_execution_time", false}},
		{"5.7.mysql_aurora.2.11.2", "", want{"mysql", "Aurora MySQL 2.11.2 (MySQL 5.7)", false, false, "max_execution_time", false}},
		{"5.7.12", "2.11.2", want{"mysql", "Aurora MySQL 2.11.2 (MySQL 5.7.12)", false, false, "max_execution_time", false}},
		{"8.0.mysql_aurora.3.05.2", "3.05.2", want{"mysql", "Aurora MySQL 3.05.2 (MySQL 8.0)", true, false, "max_execution_time", true}},
		{"8.0.32", "3.05.2", want{"mysql", "Aurora MySQL 3.05.2 (MySQL 8.0.32)", true, false, "max_execution_time", true}},
		{"", "", want{"mysql", `unknown server ""`, false, false, "", false}},
		{"MariaDB", "", want{"mysql", `unknown server "MariaDB"`, false, false, "", false}},
		{"v8.0.36", "", want{"mysql", `unknown server "v8.0.36"`, false, false, "", false}},
		{"8", "", want{"mysql", `unknown server "8"`, false, false, "", false}},
		{"99999999999999999999.1", "", want{"mysql", `unknown server "99999999999999999999.1"`, false, false, "", false}},
	} {
		f := parseFlavor(tc.version, tc.aurora)
		got := want{f.name(), f.String(), f.hasCheckConstraints(), f.checksScopedToTable(), f.statementTimeoutVariable(), f.hasStatsExpiry()}
		if got != tc.want {
			t.Errorf("parseFlavor(%q, %q):\n got %+v\nwant %+v", tc.version, tc.aurora, got, tc.want)
		}
		if f.version != tc.version {
			t.Errorf("parseFlavor(%q, %q).version = %q: the reported string must be kept verbatim", tc.version, tc.aurora, f.version)
		}
	}
}

// TestDriverAndServerFactsKeepVersion: the snapshot's server fields and the
// tbls driver carry the variables verbatim, whatever the flavor makes of
// them.
func TestDriverAndServerFactsKeepVersion(t *testing.T) {
	vars := map[string]string{"version": "8.0.mysql_aurora.3.05.2", "version_comment": "Source distribution", "aurora_version": "3.05.2"}
	f := parseFlavor(vars["version"], vars["aurora_version"])
	s := serverFacts(vars, f)
	if s.Flavor != "mysql" || s.Version != vars["version"] || s.VersionComment != vars["version_comment"] || s.AuroraVersion != "3.05.2" {
		t.Errorf("serverFacts = %+v", s)
	}
	d := driverInfo(parseFlavor("10.11.6-MariaDB-0+deb12u1", ""))
	if d.Name != "mariadb" || d.DatabaseVersion != "10.11.6-MariaDB-0+deb12u1" {
		t.Errorf("driverInfo = %q %q", d.Name, d.DatabaseVersion)
	}
}

// TestInitStatements checks the session settings each flavor gets, and that
// a setting whose variable the server does not list is left out even when
// the version promises it (a MariaDB started with --version=8.0.36).
func TestInitStatements(t *testing.T) {
	o := sessionOptions{statementTimeout: 1500 * time.Millisecond, lockWaitTimeout: 2 * time.Second}
	mysql8 := map[string]string{"lock_wait_timeout": "", "innodb_lock_wait_timeout": "", "max_execution_time": "", "information_schema_stats_expiry": ""}
	maria := map[string]string{"lock_wait_timeout": "", "innodb_lock_wait_timeout": "", "max_statement_time": ""}
	for _, tc := range []struct {
		version string
		vars    map[string]string
		want    string
	}{
		{"8.0.36", mysql8, "SET SESSION TRANSACTION READ ONLY; SET SESSION lock_wait_timeout = 2; SET SESSION innodb_lock_wait_timeout = 2; " +
			"SET SESSION max_execution_time = 1500; SET SESSION information_schema_stats_expiry = 0"},
		{"5.7.44-log", mysql8, "SET SESSION TRANSACTION READ ONLY; SET SESSION lock_wait_timeout = 2; SET SESSION innodb_lock_wait_timeout = 2; " +
			"SET SESSION max_execution_time = 1500"},
		{"10.11.6-MariaDB", maria, "SET SESSION TRANSACTION READ ONLY; SET SESSION lock_wait_timeout = 2; SET SESSION innodb_lock_wait_timeout = 2; " +
			"SET SESSION max_statement_time = 1.5"},
		{"8.0.36", maria, "SET SESSION TRANSACTION READ ONLY; SET SESSION lock_wait_timeout = 2; SET SESSION innodb_lock_wait_timeout = 2"},
		{"not a version", mysql8, "SET SESSION TRANSACTION READ ONLY; SET SESSION lock_wait_timeout = 2; SET SESSION innodb_lock_wait_timeout = 2"},
	} {
		s := &session{vars: tc.vars, flavor: parseFlavor(tc.version, "")}
		if got := s.initStatements(o); got != tc.want {
			t.Errorf("%s with %d variables:\n got %s\nwant %s", tc.version, len(tc.vars), got, tc.want)
		}
	}
	s := &session{vars: mysql8, flavor: parseFlavor("8.0.36", "")}
	if got := s.initStatements(sessionOptions{}); strings.Contains(got, "timeout") {
		t.Errorf("no timeouts asked for, got %s", got)
	}
}

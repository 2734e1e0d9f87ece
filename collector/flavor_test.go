package collector

import (
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/flavor"
)

// TestDriverAndServerFactsKeepVersion: the snapshot's server fields and the
// tbls driver carry the variables verbatim, whatever the flavor makes of
// them.
func TestDriverAndServerFactsKeepVersion(t *testing.T) {
	vars := map[string]string{"version": "8.0.mysql_aurora.3.05.2", "version_comment": "Source distribution", "aurora_version": "3.05.2"}
	f := flavor.Parse(vars["version"], vars["aurora_version"])
	s := serverFacts(vars, f)
	if s.Flavor != "mysql" || s.Version != vars["version"] || s.VersionComment != vars["version_comment"] || s.AuroraVersion != "3.05.2" {
		t.Errorf("serverFacts = %+v", s)
	}
	d := driverInfo(flavor.Parse("10.11.6-MariaDB-0+deb12u1", ""))
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
		s := &session{vars: tc.vars, flavor: flavor.Parse(tc.version, "")}
		if got := s.initStatements(o); got != tc.want {
			t.Errorf("%s with %d variables:\n got %s\nwant %s", tc.version, len(tc.vars), got, tc.want)
		}
	}
	s := &session{vars: mysql8, flavor: flavor.Parse("8.0.36", "")}
	if got := s.initStatements(sessionOptions{}); strings.Contains(got, "timeout") {
		t.Errorf("no timeouts asked for, got %s", got)
	}
}

package flavor

import "testing"

// TestParse reads version strings real servers report and checks what the
// introspection and the access engine decide from each.
func TestParse(t *testing.T) {
	type want struct {
		name, str   string
		checks      bool
		checksTable bool
		timeoutVar  string
		statsExpiry bool
		roles       RoleSyntax
		lock        bool
		definer     bool
	}
	for _, tc := range []struct {
		version, aurora string
		want            want
	}{
		{"10.11.6-MariaDB-0+deb12u1", "", want{"mariadb", "MariaDB 10.11.6", true, true, "max_statement_time", false, MariaDBRoles, true, false}},
		{"10.6.16-MariaDB-log", "", want{"mariadb", "MariaDB 10.6.16", true, true, "max_statement_time", false, MariaDBRoles, true, false}},
		{"5.5.5-10.6.16-MariaDB", "", want{"mariadb", "MariaDB 10.6.16", true, true, "max_statement_time", false, MariaDBRoles, true, false}},
		{"10.2.21-MariaDB", "", want{"mariadb", "MariaDB 10.2.21", false, true, "max_statement_time", false, MariaDBRoles, false, false}},
		{"10.2.22-MariaDB", "", want{"mariadb", "MariaDB 10.2.22", true, true, "max_statement_time", false, MariaDBRoles, false, false}},
		{"10.3.9-MariaDB", "", want{"mariadb", "MariaDB 10.3.9", false, true, "max_statement_time", false, MariaDBRoles, false, false}},
		{"10.0.38-MariaDB", "", want{"mariadb", "MariaDB 10.0.38", false, true, "", false, NoRoles, false, false}},
		{"5.7.44-log", "", want{"mysql", "MySQL 5.7.44", false, false, "max_execution_time", false, NoRoles, true, false}},
		{"5.7.7-rc", "", want{"mysql", "MySQL 5.7.7", false, false, "", false, NoRoles, true, false}},
		{"5.7.5", "", want{"mysql", "MySQL 5.7.5", false, false, "", false, NoRoles, false, false}},
		{"8.0.36", "", want{"mysql", "MySQL 8.0.36", true, false, "max_execution_time", true, MySQLRoles, true, true}},
		{"8.0.21", "", want{"mysql", "MySQL 8.0.21", true, false, "max_execution_time", true, MySQLRoles, true, false}},
		{"8.0.15", "", want{"mysql", "MySQL 8.0.15", false, false, "max_execution_time", true, MySQLRoles, true, false}},
		{"8.0.31", "", want{"mysql", "MySQL 8.0.31", true, false, "max_execution_time", true, MySQLRoles, true, true}}, // go-mysql-server
		{"5.7.mysql_aurora.2.11.2", "2.11.2", want{"mysql", "Aurora MySQL 2.11.2 (MySQL 5.7)", false, false, "max_execution_time", false, NoRoles, true, false}},
		{"5.7.mysql_aurora.2.11.2", "", want{"mysql", "Aurora MySQL 2.11.2 (MySQL 5.7)", false, false, "max_execution_time", false, NoRoles, true, false}},
		{"5.7.12", "2.11.2", want{"mysql", "Aurora MySQL 2.11.2 (MySQL 5.7.12)", false, false, "max_execution_time", false, NoRoles, true, false}},
		{"8.0.mysql_aurora.3.05.2", "3.05.2", want{"mysql", "Aurora MySQL 3.05.2 (MySQL 8.0)", true, false, "max_execution_time", true, MySQLRoles, true, true}},
		{"8.0.32", "3.05.2", want{"mysql", "Aurora MySQL 3.05.2 (MySQL 8.0.32)", true, false, "max_execution_time", true, MySQLRoles, true, true}},
		{"", "", want{"mysql", `unknown server ""`, false, false, "", false, NoRoles, false, false}},
		{"MariaDB", "", want{"mysql", `unknown server "MariaDB"`, false, false, "", false, NoRoles, false, false}},
		{"v8.0.36", "", want{"mysql", `unknown server "v8.0.36"`, false, false, "", false, NoRoles, false, false}},
		{"8", "", want{"mysql", `unknown server "8"`, false, false, "", false, NoRoles, false, false}},
		{"99999999999999999999.1", "", want{"mysql", `unknown server "99999999999999999999.1"`, false, false, "", false, NoRoles, false, false}},
	} {
		f := Parse(tc.version, tc.aurora)
		got := want{f.Name(), f.String(), f.HasCheckConstraints(), f.ChecksScopedToTable(), f.StatementTimeoutVariable(), f.HasStatsExpiry(),
			f.Roles(), f.HasAccountLock(), f.HasDefinerCheck()}
		if got != tc.want {
			t.Errorf("Parse(%q, %q):\n got %+v\nwant %+v", tc.version, tc.aurora, got, tc.want)
		}
		if f.Version != tc.version {
			t.Errorf("Parse(%q, %q).Version = %q: the reported string must be kept verbatim", tc.version, tc.aurora, f.Version)
		}
	}
}

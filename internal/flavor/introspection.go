package flavor

// What the collector's introspection asks of a server.

// HasCheckConstraints reports whether information_schema.CHECK_CONSTRAINTS
// exists: MySQL 8.0.16, MariaDB 10.2.22 and 10.3.10. MySQL 5.7 and Aurora
// MySQL 2 parse CHECK clauses but neither keep nor report them.
func (f Flavor) HasCheckConstraints() bool {
	switch f.Kind {
	case MySQL:
		return f.AtLeast(8, 0, 16)
	case MariaDB:
		return f.AtLeast(10, 3, 10) || (f.Major == 10 && f.Minor == 2 && f.AtLeast(10, 2, 22))
	}
	return false
}

// ChecksScopedToTable reports whether CHECK constraint names are unique per
// table rather than per schema. MariaDB scopes them per table and reports
// CHECK_CONSTRAINTS.TABLE_NAME; MySQL scopes them per schema and has no
// TABLE_NAME column there.
func (f Flavor) ChecksScopedToTable() bool {
	return f.Kind == MariaDB
}

// StatementTimeoutVariable names the session variable that makes the server
// abort a long statement itself, or "" when there is none: MariaDB 10.1's
// max_statement_time (seconds), MySQL 5.7.8's max_execution_time
// (milliseconds, SELECT only). MySQL 5.7.4–5.7.7 called it
// max_statement_time; those releases get none.
func (f Flavor) StatementTimeoutVariable() string {
	switch {
	case f.Kind == MariaDB && f.AtLeast(10, 1, 1):
		return "max_statement_time"
	case f.Kind == MySQL && f.AtLeast(5, 7, 8):
		return "max_execution_time"
	}
	return ""
}

// HasStatsExpiry reports whether the server caches table statistics for
// information_schema (MySQL 8.0.3's information_schema_stats_expiry), which
// the session turns off so that sizes and row counts are current.
func (f Flavor) HasStatsExpiry() bool {
	return f.Kind == MySQL && f.AtLeast(8, 0, 3)
}

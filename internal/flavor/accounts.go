package flavor

// What the access engine's account management asks of a server.

// RoleSyntax is how a server grants a role and makes it active at login.
type RoleSyntax int

const (
	// NoRoles: privileges are granted to the user directly (MySQL 5.7,
	// Aurora MySQL 2, MariaDB before 10.0.5).
	NoRoles RoleSyntax = iota
	// MySQLRoles: CREATE ROLE, GRANT r TO u, SET DEFAULT ROLE ALL TO u
	// (MySQL 8.0, Aurora MySQL 3).
	MySQLRoles
	// MariaDBRoles: CREATE ROLE, GRANT r TO u, SET DEFAULT ROLE r FOR u
	// (MariaDB 10.1.1 and newer).
	MariaDBRoles
)

// Roles reports the server's role syntax.
func (f Flavor) Roles() RoleSyntax {
	switch {
	case f.Kind == MySQL && f.AtLeast(8, 0, 0):
		return MySQLRoles
	case f.Kind == MariaDB && f.AtLeast(10, 1, 1):
		return MariaDBRoles
	}
	return NoRoles
}

// HasAccountLock reports whether ALTER USER … ACCOUNT LOCK exists: MySQL
// 5.7.6 and MariaDB 10.4.2.
func (f Flavor) HasAccountLock() bool {
	switch f.Kind {
	case MySQL:
		return f.AtLeast(5, 7, 6)
	case MariaDB:
		return f.AtLeast(10, 4, 2)
	}
	return false
}

// HasDefinerCheck reports whether DROP USER refuses to drop an account
// that is the DEFINER of a view, routine, trigger or event (error 4006,
// ER_CANNOT_USER_REFERENCED_AS_DEFINER): MySQL 8.0.22 and newer. MariaDB
// drops such accounts and leaves the objects orphaned.
func (f Flavor) HasDefinerCheck() bool {
	return f.Kind == MySQL && f.AtLeast(8, 0, 22)
}

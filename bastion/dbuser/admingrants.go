package dbuser

import (
	"fmt"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/flavor"
)

// AdminGrants are the GRANT statements that give the engine's admin login
// admin@'%' what this package does on a server of flavor f, and nothing
// more; roles is Cluster.Roles, levels every level's privileges in the
// configuration (the admin can only grant what it holds WITH GRANT
// OPTION). Each statement is needed by one step:
//
//   - CREATE USER: CREATE USER, ALTER USER (password, ACCOUNT LOCK), DROP
//     USER, REVOKE ALL … FROM, SET DEFAULT ROLE.
//   - PROCESS: seeing other users' sessions in the process list.
//   - SELECT ON mysql.*: mysql.user (does the account exist),
//     SHOW CREATE USER (is it locked), mysql.role_edges / roles_mapping.
//   - Killing other users' sessions: EXECUTE on mysql.rds_kill on Aurora
//     (the master user cannot pass on CONNECTION_ADMIN on Aurora MySQL 2);
//     CONNECTION_ADMIN on MySQL 8, CONNECTION ADMIN on MariaDB 10.5.2,
//     SUPER before.
//   - Roles on MySQL 8: CREATE ROLE, and ROLE_ADMIN for GRANT role TO
//     user — which can grant every role, rds_superuser_role included, so
//     roles are off unless configured. MariaDB gives a role's creator its
//     admin option but wants UPDATE on mysql.* for SET DEFAULT ROLE … FOR
//     another user (as strong as it sounds; MariaDB is the test bed).
//   - The levels' privileges WITH GRANT OPTION, on their schemas.
func AdminGrants(f flavor.Flavor, admin string, roles bool, levels []bastion.Privileges) ([]string, error) {
	if err := checkUser(admin); err != nil {
		return nil, fmt.Errorf("admin user: %w", err)
	}
	if f.Kind == flavor.Unknown {
		return nil, fmt.Errorf("unknown server %q", f.Version)
	}
	to := " TO " + account(admin)
	out := []string{
		"GRANT CREATE USER ON *.*" + to,
		"GRANT PROCESS ON *.*" + to,
		"GRANT SELECT ON mysql.*" + to,
	}
	switch {
	case f.Aurora != "":
		out = append(out, "GRANT EXECUTE ON PROCEDURE mysql.rds_kill"+to)
	case f.Kind == flavor.MySQL && f.AtLeast(8, 0, 0):
		out = append(out, "GRANT CONNECTION_ADMIN ON *.*"+to)
	case f.Kind == flavor.MariaDB && f.AtLeast(10, 5, 2):
		out = append(out, "GRANT CONNECTION ADMIN ON *.*"+to)
	default:
		out = append(out, "GRANT SUPER ON *.*"+to)
	}
	switch {
	case roles && f.Roles() == flavor.MySQLRoles:
		out = append(out, "GRANT CREATE ROLE ON *.*"+to, "GRANT ROLE_ADMIN ON *.*"+to)
	case roles && f.Roles() == flavor.MariaDBRoles:
		out = append(out, "GRANT UPDATE ON mysql.*"+to)
	}
	perSchema := map[string][]string{}
	for _, l := range levels {
		p, err := ValidatePrivileges(l)
		if err != nil {
			return nil, err
		}
		for _, s := range p.Schemas {
			perSchema[s] = append(perSchema[s], p.Privileges...)
		}
	}
	schemas := make([]string, 0, len(perSchema))
	for s := range perSchema {
		schemas = append(schemas, s)
	}
	slices.Sort(schemas)
	for _, s := range schemas {
		privs := perSchema[s]
		slices.Sort(privs)
		privs = slices.Compact(privs)
		out = append(out, "GRANT "+strings.Join(privs, ", ")+" ON "+grantTarget(s)+to+" WITH GRANT OPTION")
	}
	return out, nil
}

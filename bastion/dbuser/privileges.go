package dbuser

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/bastion"
)

// schemaPrivileges are the privileges a grant may carry: the ones MySQL
// and MariaDB allow on a schema (db.*). Global and administrative
// privileges (SUPER, FILE, PROCESS, GRANT OPTION, CREATE USER, …) are
// never handed out.
func schemaPrivileges() []string {
	return []string{
		"ALTER", "ALTER ROUTINE", "CREATE", "CREATE ROUTINE", "CREATE TEMPORARY TABLES",
		"CREATE VIEW", "DELETE", "DELETE HISTORY", "DROP", "EVENT", "EXECUTE", "INDEX",
		"INSERT", "LOCK TABLES", "REFERENCES", "SELECT", "SHOW VIEW", "TRIGGER", "UPDATE",
	}
}

// ValidatePrivileges checks a level's privileges: each is one of the
// schema privileges (case and spacing as MySQL writes them, any case
// accepted), at least one, and at least one schema, each "*" or a name
// without backslash or control characters. It returns the privileges
// normalised: upper case, sorted, without repeats.
func ValidatePrivileges(p bastion.Privileges) (bastion.Privileges, error) {
	if len(p.Privileges) == 0 {
		return p, fmt.Errorf("no privileges")
	}
	if len(p.Schemas) == 0 {
		return p, fmt.Errorf("no schemas (use \"*\" for every schema)")
	}
	var out bastion.Privileges
	for _, priv := range p.Privileges {
		norm := strings.Join(strings.Fields(strings.ToUpper(priv)), " ")
		if allowed := schemaPrivileges(); !slices.Contains(allowed, norm) {
			return p, fmt.Errorf("privilege %q is not one a grant may carry (allowed: %s)", priv, strings.Join(allowed, ", "))
		}
		out.Privileges = append(out.Privileges, norm)
	}
	for _, s := range p.Schemas {
		if s == "" {
			return p, fmt.Errorf("empty schema name")
		}
		if err := checkText("schema name", s); err != nil {
			return p, err
		}
		out.Schemas = append(out.Schemas, s)
	}
	slices.Sort(out.Privileges)
	out.Privileges = slices.Compact(out.Privileges)
	slices.Sort(out.Schemas)
	out.Schemas = slices.Compact(out.Schemas)
	if slices.Contains(out.Schemas, "*") {
		out.Schemas = []string{"*"}
	}
	return out, nil
}

// grantTarget is the ON clause of a schema: *.* for "*", otherwise the
// quoted schema with GRANT's wildcards (_ and %) escaped so that "a_b"
// means a_b and not also "axb".
func grantTarget(schema string) string {
	if schema == "*" {
		return "*.*"
	}
	esc := strings.NewReplacer("_", `\_`, "%", `\%`).Replace(schema)
	return quoteIdent(esc) + ".*"
}

// grantStatements are the GRANTs of p (validated) to grantee, one per
// schema.
func grantStatements(p bastion.Privileges, grantee string) []string {
	privs := strings.Join(p.Privileges, ", ")
	var out []string
	for _, s := range p.Schemas {
		out = append(out, "GRANT "+privs+" ON "+grantTarget(s)+" TO "+grantee)
	}
	return out
}

// roleName is the role that carries p (validated): the same privileges
// give the same role on every grant, different ones another role.
func roleName(p bastion.Privileges) string {
	h := sha256.New()
	for _, s := range p.Privileges {
		h.Write([]byte(s + "\x00"))
	}
	h.Write([]byte{1})
	for _, s := range p.Schemas {
		h.Write([]byte(s + "\x00"))
	}
	return "bastion_" + hex.EncodeToString(h.Sum(nil))[:16]
}

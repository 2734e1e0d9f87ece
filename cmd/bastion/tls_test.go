package main

import (
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/dbuser"
	"github.com/auroradoc/auroradoc/internal/flavor"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

// TestEndToEndTLSAndRoles: bastion.yaml's tls: and roles: keys reach the
// database side. The bed's writer and reader offer TLS with a private CA
// and the admin account REQUIRE SSL; with tls.ca_bundle naming the CA
// and roles: true, a grant is provisioned through a role (the user holds
// the level's role, not direct grants) and revoked on both instances;
// with the default (verified against the system trust store) the
// approval fails on the certificate and the grant ends failed, cleaned
// up.
func TestEndToEndTLSAndRoles(t *testing.T) {
	opt, caFile := testbed.WithTLS(t)
	b, ctx := newRealBed(t, opt), t.Context()
	shop := bastion.Privileges{Privileges: []string{"SELECT", "SHOW VIEW"}, Schemas: []string{"shop"}}
	grants, err := dbuser.AdminGrants(flavor.Parse(b.writer.Version, ""), realAdminUser, true, []bastion.Privileges{shop})
	if err != nil {
		t.Fatal(err)
	}
	b.writer.Exec(t, strings.Join(grants, ";\n")+";\nALTER USER '"+realAdminUser+"'@'%' REQUIRE SSL")
	testbed.SyncReplica(t, b.writer, b.reader)

	b.writeConfig("tls: {ca_bundle: " + caFile + "}\nroles: true")
	id := b.requestFor("alice", "1h")
	user := "jit_alice_" + id
	b.expect(exitOK, id+": active until", "approve", "--as", "bob", id)
	password, sessions := b.openSessions(ctx, id, user)
	var shows []string
	rows, err := b.writer.RootDB(t).QueryContext(ctx, "SHOW GRANTS FOR '"+user+"'@'%'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			t.Fatal(err)
		}
		shows = append(shows, g)
	}
	rows.Close()
	all := strings.Join(shows, "\n")
	if !strings.Contains(all, "GRANT `bastion_") || strings.Contains(all, "GRANT SELECT") {
		t.Errorf("roles: true, but the user's grants are:\n%s", all)
	}
	b.expect(exitOK, id+": revoked", "revoke", "--as", "alice", id)
	b.checkRevoked(ctx, id, user, password, sessions)

	b.writeConfig("roles: true") // tls.mode true against the system trust store
	id = b.requestFor("alice", "1h")
	_, out, errs := b.run("approve", "--as", "bob", id)
	if !strings.Contains(out+errs, "certificate") {
		t.Errorf("approval against the system trust store did not fail on the certificate:\n%s%s", out, errs)
	}
	if got := b.state(id); got != "failed" && got != "revoking" {
		t.Errorf("the grant is %s after a failed provisioning", got)
	}
}

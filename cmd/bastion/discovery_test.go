package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// TestEndToEndDiscovered: a cluster found through the aws: section (RDS
// on fakeaws, its instance endpoints the bed's writer and reader, the
// admin login in the secret the template names) is granted and revoked
// like a listed one; a cluster the selection leaves out is not known.
func TestEndToEndDiscovered(t *testing.T) {
	b, ctx := newRealBed(t), t.Context()
	b.fake.AddCluster(realRegion, fakeaws.Cluster{
		ID: "orders", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: b.writer.Port,
		Tags: map[string]string{"bastion": "enabled"},
		Members: []fakeaws.Instance{
			{ID: "orders-2", Endpoint: b.reader.Host, Port: b.reader.Port},
			{ID: "orders-1", Writer: true, Endpoint: b.writer.Host, Port: b.writer.Port},
		},
	})
	b.fake.AddCluster(realRegion, fakeaws.Cluster{ // no bastion tag: left out
		ID: "payroll", Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: b.writer.Port,
		Members: []fakeaws.Instance{{ID: "payroll-1", Writer: true, Endpoint: b.writer.Host, Port: b.writer.Port}},
	})
	b.fake.PutSecret(realRegion, "bastion/admin/"+realRegion+"/orders", fmt.Sprintf(`{"username":%q,"password":%q}`, realAdminUser, realAdminPassword))
	cfg := fmt.Sprintf(`
dynamodb: {table: bastion-e2e}
tls: {mode: false}
groups:
  dbre: [bob, carol]
levels:
  read: {privileges: [SELECT, SHOW VIEW], schemas: [shop]}
aws:
  regions: [%s]
  include_tags: {bastion: enabled}
  admin: {user: %s, secret_id: "bastion/admin/{region}/{cluster}"}
  approvers: {groups: [dbre]}
`, realRegion, realAdminUser)
	b.config = filepath.Join(t.TempDir(), "bastion.yaml")
	if err := os.WriteFile(b.config, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	b.cluster = realRegion + "/orders"
	id := b.requestFor("alice", "1h")
	user := "jit_alice_" + id
	b.expect(exitRefused, "not an approver", "approve", "--as", "mallory", id)
	b.expect(exitOK, id+": active until", "approve", "--as", "bob", id)
	password, sessions := b.openSessions(ctx, id, user)
	b.expect(exitOK, id+": revoked", "revoke", "--as", "alice", id)
	b.checkRevoked(ctx, id, user, password, sessions)
	b.expect(exitOK, "0 revoked, 0 failed", "sweep")

	b.expect(exitUsage, `cluster "`+realRegion+`/payroll" is not configured`,
		"request", "--as", "alice", "--cluster", realRegion+"/payroll", "--level", "read", "--for", "1h", "--reason", "x")
}

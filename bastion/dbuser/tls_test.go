package dbuser

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/internal/dbtls"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

// TestTLS: on a server whose admin account REQUIRE SSL, the Manager
// provisions and revokes with TLS "true" and the CA bundle (the server
// verified), and fails without TLS and against the system trust store
// (which does not know the test CA).
func TestTLS(t *testing.T) {
	opt, caFile := testbed.WithTLS(t)
	m := testbed.StartMariaDB(t, opt)
	m.Exec(t, "CREATE DATABASE shop; CREATE USER "+account(adminUser)+" IDENTIFIED BY "+quoteString(adminPassword)+" REQUIRE SSL;"+
		"GRANT ALL PRIVILEGES ON *.* TO "+account(adminUser)+" WITH GRANT OPTION")
	roots, err := dbtls.LoadCABundle(caFile)
	if err != nil {
		t.Fatal(err)
	}
	read := bastion.Privileges{Privileges: []string{"SELECT"}, Schemas: []string{"shop"}}
	manager := func(mode string, withCA bool) *Manager {
		c := Cluster{Name: clusterName, Instances: []string{m.Addr()}, User: adminUser, Password: adminPassword, TLS: mode}
		if withCA {
			c.RootCAs = roots
		}
		mg, err := New([]Cluster{c}, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = mg.Close() })
		return mg
	}
	ctx := t.Context()

	verified := manager("true", true)
	if err := verified.Provision(ctx, clusterName, "jit_tls_1", strings.Repeat("p", 40), read); err != nil {
		t.Fatalf("provision over verified TLS: %v", err)
	}
	var cipher string
	if err := verified.clusters[clusterName].instances[0].db.QueryRowContext(ctx, "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'").Scan(&cipher); err != nil || cipher == "" {
		t.Errorf("the admin session's cipher %q (%v): not TLS", cipher, err)
	}
	for _, step := range []func() error{
		func() error { return verified.Lock(ctx, clusterName, "jit_tls_1") },
		func() error { _, err := verified.Kill(ctx, clusterName, "jit_tls_1"); return err },
		func() error { return verified.Drop(ctx, clusterName, "jit_tls_1") },
	} {
		if err := step(); err != nil {
			t.Fatalf("revocation over TLS: %v", err)
		}
	}
	if exists, sessions, err := verified.Verify(ctx, clusterName, "jit_tls_1"); err != nil || exists || sessions != 0 {
		t.Errorf("verify: %v %v %d", err, exists, sessions)
	}

	if err := manager("", false).Provision(ctx, clusterName, "jit_tls_2", strings.Repeat("p", 40), read); err == nil {
		t.Error("provisioned without TLS on an account that requires it")
	}
	if err := manager("true", false).Provision(ctx, clusterName, "jit_tls_3", strings.Repeat("p", 40), read); err == nil ||
		!strings.Contains(err.Error(), "certificate") {
		t.Errorf("the system trust store accepted the test CA's certificate: %v", err)
	}
	if _, err := New([]Cluster{{Name: "x", Instances: []string{m.Addr()}, User: "a", TLS: "maybe"}}, Options{}); err == nil ||
		!strings.Contains(err.Error(), `unknown tls mode "maybe"`) {
		t.Errorf("unknown mode: %v", err)
	}
}

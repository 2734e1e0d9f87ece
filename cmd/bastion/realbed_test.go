package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/bastiontest"
	"github.com/auroradoc/auroradoc/bastion/dbuser"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/internal/dynamolocal"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/internal/flavor"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

const (
	realRegion        = "us-east-1"
	realAdminUser     = "bastion_admin"
	realAdminPassword = "admin-Pw-0123456789-abcdefghijklmnop"
	realAdminSecret   = "bastion/admin/orders"
)

// realBed is the whole system on real parts: DynamoDB Local, a writer and
// a replicating read-only reader MariaDB (internal/testbed), Secrets
// Manager on internal/fakeaws reached by the real SDK, and the CLI run
// in-process with the production sides (buildSides) and a settable clock.
type realBed struct {
	*cliBed        // with sides nil: the CLI builds the production ones
	writer, reader *testbed.MariaDB
	clock          *bastiontest.Clock
	sm             *secretsmanager.Client
	fake           *fakeaws.Server
}

// newRealBed starts the bed; opts go to both MariaDB instances.
func newRealBed(tb testing.TB, opts ...testbed.Option) *realBed {
	tb.Helper()
	writer, reader := testbed.StartReplicated(tb, opts...)
	ddb := dynamolocal.Start(tb)
	if err := store.CreateTable(context.Background(), ddb.Client, "bastion-e2e"); err != nil {
		tb.Fatal(err)
	}
	fake, err := fakeaws.New()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = fake.Close() })
	// DynamoDB Local keeps a table per access key: the CLI uses the same
	// as ddb.Client ("fake").
	// The admin login is an RDS-shaped secret, read through admin.secret_id.
	fake.PutSecret(realRegion, realAdminSecret, fmt.Sprintf(`{"username":%q,"password":%q}`, realAdminUser, realAdminPassword))
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": fake.URL(), "AWS_ENDPOINT_URL_DYNAMODB": ddb.Endpoint,
		"AWS_REGION": realRegion, "AWS_ACCESS_KEY_ID": "fake", "AWS_SECRET_ACCESS_KEY": "fake", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		tb.Setenv(k, v)
	}

	// The engine's admin login with exactly what dbuser.AdminGrants lists;
	// mysql.rds_kill as RDS has it (the grants name it).
	shop := bastion.Privileges{Privileges: []string{"SELECT", "SHOW VIEW"}, Schemas: []string{"shop"}}
	grants, err := dbuser.AdminGrants(flavor.Parse(writer.Version, ""), realAdminUser, false, []bastion.Privileges{shop})
	if err != nil {
		tb.Fatal(err)
	}
	writer.Exec(tb, "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY); INSERT INTO shop.t VALUES (1), (2);"+
		"CREATE PROCEDURE mysql.rds_kill(IN thread BIGINT) SQL SECURITY DEFINER KILL CONNECTION thread;"+
		"CREATE USER '"+realAdminUser+"'@'%' IDENTIFIED BY '"+realAdminPassword+"';\n"+strings.Join(grants, ";\n"))
	testbed.SyncReplica(tb, writer, reader)

	awsCfg, err := awsconfig.Load(context.Background(), 2, nil)
	if err != nil {
		tb.Fatal(err)
	}
	clock := bastiontest.NewClock(time.Now())
	b := &realBed{cliBed: &cliBed{t: tb, cluster: "orders", now: clock.Now},
		writer: writer, reader: reader, clock: clock, sm: secretsmanager.NewFromConfig(awsCfg), fake: fake}
	b.writeConfig("tls: {mode: false} # the bed's servers offer no TLS (TestEndToEndTLSAndRoles: with)")
	return b
}

// writeConfig writes the bed's bastion.yaml, the cluster orders on its
// writer and reader, with the top-level keys top, and makes the CLI use
// it.
func (b *realBed) writeConfig(top string) {
	b.t.Helper()
	cfg := fmt.Sprintf(`
dynamodb: {table: bastion-e2e}
%s
groups:
  dbre: [bob, carol]
levels:
  read: {privileges: [SELECT, SHOW VIEW], schemas: [shop]}
clusters:
  orders:
    instances: [%s, %s]
    admin: {user: %s, secret_id: %s}
    approvers: {groups: [dbre]}
`, top, b.writer.Addr(), b.reader.Addr(), realAdminUser, realAdminSecret)
	b.config = filepath.Join(b.t.TempDir(), "bastion.yaml")
	if err := os.WriteFile(b.config, []byte(cfg), 0o600); err != nil {
		b.t.Fatal(err)
	}
}

// password reads the grant's password from its secret, as the requester
// does: GetSecretValue through the SDK.
func (b *realBed) password(ctx context.Context, id string) (string, error) {
	out, err := b.sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("bastion/grants/" + id)})
	if err != nil {
		return "", err
	}
	if out.SecretString == nil {
		return "", errors.New("no SecretString")
	}
	return *out.SecretString, nil
}

// login opens one session as user on m and checks it works; the caller
// closes the pool.
func login(ctx context.Context, m *testbed.MariaDB, user, password string) (*sql.DB, *sql.Conn, error) {
	db, err := sql.Open("mysql", m.DSN(user, password, "shop"))
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err == nil {
		var n int
		err = conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n)
	}
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, conn, nil
}

// loginEventually logs in on m, retrying while the account has not
// reached it yet (a reader applies the writer's CREATE USER a moment
// later), up to 20 seconds.
func loginEventually(ctx context.Context, m *testbed.MariaDB, user, password string) (*sql.DB, *sql.Conn, error) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		db, conn, err := login(ctx, m, user, password)
		if err == nil || time.Now().After(deadline) {
			return db, conn, err
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// session is one open session of a grant's user on one instance.
type session struct {
	name string
	db   *sql.DB
	conn *sql.Conn
}

// alive reports whether the session still answers a query.
func (s session) alive(ctx context.Context) bool {
	var one int
	return s.conn.QueryRowContext(ctx, "SELECT 1").Scan(&one) == nil
}

func (s session) close() { _ = s.conn.Close(); _ = s.db.Close() }

// openSessions reads the grant's password from its secret and opens a
// session as user on the writer and on the reader.
func (b *realBed) openSessions(ctx context.Context, id, user string) (password string, sessions []session) {
	b.t.Helper()
	password, err := b.password(ctx, id)
	if err != nil {
		b.t.Fatalf("reading the secret of %s: %v", id, err)
	}
	for _, m := range []struct {
		name string
		in   *testbed.MariaDB
	}{{"writer", b.writer}, {"reader", b.reader}} {
		db, conn, err := loginEventually(ctx, m.in, user, password)
		if err != nil {
			b.t.Fatalf("login as %s on the %s: %v", user, m.name, err)
		}
		sessions = append(sessions, session{name: m.name, db: db, conn: conn})
	}
	return password, sessions
}

// checkRevoked checks that nothing of grant id (user, password) is left:
// its sessions dead, logins refused on both instances, the secret gone,
// the account absent everywhere.
func (b *realBed) checkRevoked(ctx context.Context, id, user, password string, sessions []session) {
	b.t.Helper()
	for _, s := range sessions {
		if s.alive(ctx) {
			b.t.Errorf("the session on the %s still works after revocation", s.name)
		}
		s.close()
	}
	for _, m := range []*testbed.MariaDB{b.writer, b.reader} {
		if db, _, err := login(ctx, m, user, password); err == nil {
			db.Close()
			b.t.Errorf("login as %s on %s works after revocation", user, m.Addr())
		}
		var n int
		if err := m.RootDB(b.t).QueryRowContext(ctx, "SELECT COUNT(*) FROM mysql.user WHERE User = ?", user).Scan(&n); err != nil || n != 0 {
			b.t.Errorf("%s: %d accounts %s left (%v)", m.Addr(), n, user, err)
		}
	}
	if _, err := b.password(ctx, id); err == nil {
		b.t.Errorf("the secret of %s is still readable", id)
	}
}

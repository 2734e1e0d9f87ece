package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	_ "github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/dbuser"
	"github.com/auroradoc/auroradoc/bastion/lambdahandler"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/internal/dynamolocal"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/internal/flavor"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

const (
	region        = "us-east-1"
	adminUser     = "bastion_admin"
	adminPassword = "admin-Pw-0123456789-abcdefghijklmnop"
	functionARN   = "arn:aws:lambda:us-east-1:123456789012:function:bastion"
)

// bed is the Lambda built by build() from its environment, on real parts:
// MariaDB (the cluster), DynamoDB Local (the store), fakeaws (Secrets
// Manager, EC2 with boot delays, SSM, EventBridge Scheduler).
type bed struct {
	tb      testing.TB
	db      *testbed.MariaDB
	aws     *fakeaws.Server
	handler *lambdahandler.Handler
	engine  *bastion.Engine
	sm      *secretsmanager.Client
}

// newBed builds the Lambda with hosts in mode and EC2 taking timing.
func newBed(tb testing.TB, mode string, timing fakeaws.InstanceTiming, now func() time.Time) *bed {
	tb.Helper()
	db := testbed.StartMariaDB(tb)
	ddb := dynamolocal.Start(tb)
	if err := store.CreateTable(context.Background(), ddb.Client, "bastion"); err != nil {
		tb.Fatal(err)
	}
	fake, err := fakeaws.New()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = fake.Close() })
	fake.AddSubnet(region, "subnet-1", "vpc-1")
	fake.SetInstanceTiming(timing)
	fake.PutSecret(region, "bastion/admin/orders", fmt.Sprintf(`{"username":%q,"password":%q}`, adminUser, adminPassword))
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": fake.URL(), "AWS_ENDPOINT_URL_DYNAMODB": ddb.Endpoint,
		"AWS_REGION": region, "AWS_ACCESS_KEY_ID": "fake", "AWS_SECRET_ACCESS_KEY": "fake", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		tb.Setenv(k, v)
	}
	read := bastion.Privileges{Privileges: []string{"SELECT"}, Schemas: []string{"shop"}}
	grants, err := dbuser.AdminGrants(flavor.Parse(db.Version, ""), adminUser, false, []bastion.Privileges{read})
	if err != nil {
		tb.Fatal(err)
	}
	db.Exec(tb, "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY); INSERT INTO shop.t VALUES (1);"+
		"DROP USER IF EXISTS ''@'localhost'; DROP USER IF EXISTS ''@'"+hostname(tb)+"';"+
		"CREATE USER '"+adminUser+"'@'%' IDENTIFIED BY '"+adminPassword+"';\n"+strings.Join(grants, ";\n"))
	cfg := fmt.Sprintf(`
dynamodb: {table: bastion}
warn_before: 10m
tls: {mode: false} # the test bed's MariaDB has no TLS
levels:
  read: {privileges: [SELECT], schemas: [shop]}
clusters:
  orders:
    instances: [%s]
    admin: {user: %s, secret_id: bastion/admin/orders}
    approvers: {users: [bob]}
`, db.Addr(), adminUser)
	path := filepath.Join(tb.TempDir(), "bastion.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}
	hostsJSON, _ := json.Marshal(map[string]any{"mode": mode, "image_id": "ami-al2023", "instance_type": "t4g.nano",
		"instance_profile": "bastion-host", "ready_timeout": "5m",
		"clusters": map[string]any{"orders": map[string]any{"region": region, "vpc": "vpc-1", "subnet": "subnet-1",
			"security_group": "sg-noingress", "endpoint": "orders.cluster-abc.us-east-1.rds.amazonaws.com"}}})
	env := map[string]string{
		envConfig: path, envHosts: string(hostsJSON), envScheduleGroup: "bastion",
		envFunctionARN: functionARN, envSchedulerRole: "arn:aws:iam::123456789012:role/bastion-scheduler",
	}
	b := &bed{tb: tb, db: db, aws: fake}
	h, err := build(context.Background(), func(k string) string { return env[k] }, func(e *bastion.Engine) http.Handler {
		b.engine = e
		return frontNotWired(e)
	}, now, nil)
	if err != nil {
		tb.Fatal(err)
	}
	b.handler = h
	awsCfg, err := awsconfig.Load(context.Background(), 2, nil)
	if err != nil {
		tb.Fatal(err)
	}
	b.sm = secretsmanager.NewFromConfig(awsCfg)
	return b
}

func hostname(tb testing.TB) string {
	h, err := os.Hostname()
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// grant requests a one-hour read grant of alice and returns its id.
func (b *bed) request(ctx context.Context) string {
	b.tb.Helper()
	r, err := b.engine.Request(ctx, bastion.Ask{Requester: "alice", Cluster: "orders", Level: bastion.LevelRead, Duration: time.Hour, Reason: "INC-9"})
	if err != nil {
		b.tb.Fatal(err)
	}
	return r.ID
}

// usable approves id and returns once its credentials are usable: the
// grant is active with its host ready (the engine waits for it), the
// password read from its secret logs in.
func (b *bed) usable(ctx context.Context, id string) (bastion.Request, *sql.DB) {
	b.tb.Helper()
	r, err := b.engine.Approve(ctx, "bob", id)
	if err != nil || r.State != bastion.StateActive || r.Connection.Host == "" {
		b.tb.Fatalf("approve: %s %+v, %v", r.State, r.Connection, err)
	}
	out, err := b.sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(r.SecretName)})
	if err != nil {
		b.tb.Fatal(err)
	}
	conn, err := login(ctx, b.db, r.User, aws.ToString(out.SecretString))
	if err != nil {
		b.tb.Fatalf("login of %s: %v", r.User, err)
	}
	return r, conn
}

// login opens a session of user on db and reads from it.
func login(ctx context.Context, db *testbed.MariaDB, user, password string) (*sql.DB, error) {
	conn, err := sql.Open("mysql", db.DSN(user, password, "shop"))
	if err != nil {
		return nil, err
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM shop.t").Scan(&n); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// fire delivers every schedule due at now to the Lambda, as the
// scheduler would, and returns the steps delivered.
func (b *bed) fire(ctx context.Context, now time.Time) []string {
	b.tb.Helper()
	var steps []string
	for _, s := range b.aws.FireDue(region, now) {
		if s.TargetARN != functionARN {
			b.tb.Errorf("schedule %s targets %s, want the function", s.Name, s.TargetARN)
		}
		if _, err := b.handler.Invoke(ctx, json.RawMessage(s.Input)); err != nil {
			b.tb.Fatalf("invoking the Lambda with %s: %v", s.Input, err)
		}
		var ev struct{ Step string }
		_ = json.Unmarshal([]byte(s.Input), &ev)
		steps = append(steps, ev.Step)
	}
	return steps
}

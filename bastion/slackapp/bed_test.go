package slackapp_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	_ "github.com/go-sql-driver/mysql"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/bastiontest"
	"github.com/auroradoc/auroradoc/bastion/config"
	"github.com/auroradoc/auroradoc/bastion/dbuser"
	"github.com/auroradoc/auroradoc/bastion/secret"
	"github.com/auroradoc/auroradoc/bastion/slackapp"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/internal/dynamolocal"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

const (
	signingSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	team, appID   = "T0OURS", "A0BASTION"
	channel       = "C0APPROVERS"
	group         = "S0DBRE"
	alice, bob    = "U0ALICE", "U0BOB"   // requester, approver
	carol, mall   = "U0CAROL", "U0MALLO" // approver removed later, never an approver
)

// bed is the whole Slack path on real parts: the app's handler, the fake
// Slack (slacktest), the engine on DynamoDB Local, MariaDB as the cluster,
// and Secrets Manager on internal/fakeaws through the real SDK.
type bed struct {
	t      testing.TB
	slack  *fakeSlack
	app    *slackapp.App
	engine *bastion.Engine
	store  *store.Store
	db     *testbed.MariaDB
	sm     *secretsmanager.Client
	clock  *bastiontest.Clock
	logs   *syncBuffer
}

// syncBuffer is a log sink safe for the app's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newBed(t testing.TB, tune ...func(*slackapp.Options)) *bed {
	t.Helper()
	ctx := context.Background()
	b := &bed{t: t, slack: newFakeSlack(t), clock: bastiontest.NewClock(time.Now().UTC()), logs: &syncBuffer{}}
	b.db = testbed.StartMariaDB(t)
	b.db.Exec(t, "CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY); INSERT INTO shop.t VALUES (1);")
	ddb := dynamolocal.Start(t)
	if err := store.CreateTable(ctx, ddb.Client, "bastion-slack"); err != nil {
		t.Fatal(err)
	}
	b.store = store.New(ddb.Client, "bastion-slack", 0)
	fake, err := fakeaws.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": fake.URL(), "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "fake", "AWS_SECRET_ACCESS_KEY": "fake",
		"AWS_PROFILE": "", "AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		t.Setenv(k, v)
	}
	awsCfg, err := awsconfig.Load(ctx, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.sm = secretsmanager.NewFromConfig(awsCfg)
	cfg, err := config.Parse([]byte(fmt.Sprintf(`
dynamodb: {table: bastion-slack}
levels:
  read: {privileges: [SELECT], schemas: [shop]}
clusters:
  orders:
    instances: [%s]
    admin: {user: root, password_env: ROOT_PW}
    approvers: {slack_groups: [%s]}
`, b.db.Addr(), group)), "bastion.yaml")
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(b.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mgr, err := dbuser.New([]dbuser.Cluster{{Name: "orders", Instances: []string{b.db.Addr()}, User: "root", Password: b.db.RootPassword}}, dbuser.Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mgr.Close() })
	client := b.slack.client()
	b.engine, err = bastion.New(bastion.Options{
		Store: b.store, Database: mgr, Secrets: secret.New(b.sm, secret.Options{Logger: logger}),
		Policy:   &slackapp.Policy{Base: cfg, Client: client, Groups: cfg.SlackGroups(), Logger: logger},
		Notifier: &slackapp.Notifier{Client: client, Channel: channel, Audit: b.store.Audit},
		Limits:   cfg.Limits, SecretPrefix: cfg.SecretPrefix, Now: b.clock.Now, Logger: logger,
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := slackapp.Options{
		Engine: b.engine, Replay: b.store, SigningSecret: signingSecret, Team: team, App: appID,
		Client: client, Clusters: slackapp.FleetClusters(nil, cfg.ClusterNames(), logger), Logger: logger,
	}
	for _, f := range tune {
		f(&opts)
	}
	b.app, err = slackapp.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// send posts form to the app as Slack would at ts, signed with secret,
// and returns the response.
func (b *bed) sendAs(form url.Values, ts time.Time, secret string) *httptest.ResponseRecorder {
	body := []byte(form.Encode())
	req := httptest.NewRequest(http.MethodPost, "/slack", bytes.NewReader(body))
	req.Header = slackapp.Sign(secret, ts, body)
	rec := httptest.NewRecorder()
	b.app.ServeHTTP(rec, req)
	return rec
}

func (b *bed) send(form url.Values) *httptest.ResponseRecorder {
	return b.sendAs(form, time.Now(), signingSecret)
}

// payload is an interaction form: payload=<JSON> of our team and app.
func payload(v map[string]any) url.Values {
	if _, ok := v["team"]; !ok {
		v["team"] = map[string]any{"id": team}
	}
	if _, ok := v["api_app_id"]; !ok {
		v["api_app_id"] = appID
	}
	js, _ := json.Marshal(v)
	return url.Values{"payload": {string(js)}}
}

func slash(user string) url.Values {
	return url.Values{"command": {"/db-access"}, "team_id": {team}, "api_app_id": {appID}, "user_id": {user}, "trigger_id": {"trig-1"}}
}

// submission is the request modal submitted by user with these values.
func submission(user, cluster, level, duration, start, reason string) url.Values {
	sel := func(v string) map[string]any {
		return map[string]any{"type": "static_select", "selected_option": map[string]any{"value": v, "text": map[string]any{"type": "plain_text", "text": v}}}
	}
	txt := func(v string) map[string]any { return map[string]any{"type": "plain_text_input", "value": v} }
	return payload(map[string]any{
		"type": "view_submission", "user": map[string]any{"id": user},
		"view": map[string]any{"callback_id": "bastion_request", "state": map[string]any{"values": map[string]any{
			"cluster": map[string]any{"cluster": sel(cluster)}, "level": map[string]any{"level": sel(level)},
			"duration": map[string]any{"duration": txt(duration)}, "start": map[string]any{"start": txt(start)},
			"reason": map[string]any{"reason": txt(reason)},
		}}},
	})
}

// click is user pressing the button action (approve, deny) whose value
// is id on the message at ts.
func click(user, action, id, ts string) url.Values {
	return payload(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "trigger_id": "trig-2",
		"container": map[string]any{"type": "message", "channel_id": channel, "message_ts": ts},
		"actions":   []any{map[string]any{"action_id": action, "block_id": "decide", "type": "button", "value": id}},
	})
}

// denySubmission is the deny modal submitted by user.
func denySubmission(user, id, ts, reason string) url.Values {
	meta, _ := json.Marshal(map[string]string{"id": id, "channel": channel, "ts": ts})
	return payload(map[string]any{
		"type": "view_submission", "user": map[string]any{"id": user},
		"view": map[string]any{"callback_id": "bastion_deny", "private_metadata": string(meta), "state": map[string]any{"values": map[string]any{
			"reason": map[string]any{"reason": map[string]any{"type": "plain_text_input", "value": reason}},
		}}},
	})
}

func (b *bed) get(id string) bastion.Request {
	b.t.Helper()
	r, err := b.store.Get(context.Background(), id)
	if err != nil {
		b.t.Fatal(err)
	}
	return r
}

// events returns the audit trail of id as "action:actor" words.
func (b *bed) events(id string) []bastion.Event {
	b.t.Helper()
	evs, err := b.store.Audit(context.Background(), id)
	if err != nil {
		b.t.Fatal(err)
	}
	return evs
}

// password reads the grant's password as the requester does.
func (b *bed) password(r bastion.Request) (string, error) {
	out, err := b.sm.GetSecretValue(context.Background(), &secretsmanager.GetSecretValueInput{SecretId: aws.String(r.SecretName)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.SecretString), nil
}

// login logs in to the cluster as the grant's user and reads shop.t.
func (b *bed) login(r bastion.Request, password string) error {
	db, err := sql.Open("mysql", b.db.DSN(r.User, password, "shop"))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var n int
	return db.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n)
}

// sweep runs the engine's sweep at the bed's clock.
func (b *bed) sweep() bastion.SweepReport {
	b.t.Helper()
	rep, err := b.engine.Sweep(context.Background())
	if err != nil || rep.Err() != nil {
		b.t.Fatalf("sweep: %v %v", err, rep.Err())
	}
	return rep
}

func contains(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

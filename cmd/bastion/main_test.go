package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/bastiontest"
	"github.com/auroradoc/auroradoc/bastion/store"
	"github.com/auroradoc/auroradoc/internal/dynamolocal"
)

const testConfig = `
dynamodb: {table: bastion-cli}
groups:
  dbre: [bob, carol]
clusters:
  c1:
    instances: [127.0.0.1:3306, 127.0.0.1:3307]
    admin: {user: root, password_env: C1_ADMIN_PASSWORD}
    approvers: {groups: [dbre]}
`

// cliBed is DynamoDB Local with the table, a config file, and the test
// doubles of the database and secrets sides.
type cliBed struct {
	t       testing.TB
	cluster string // the cluster request asks for
	config  string
	db      *bastiontest.Database
	secrets *bastiontest.Secrets
	sides   func(context.Context, *call, aws.Config) (sides, error)
	now     func() time.Time
}

func newCLIBed(t *testing.T) *cliBed {
	srv := dynamolocal.Start(t)
	if err := store.CreateTable(context.Background(), srv.Client, "bastion-cli"); err != nil {
		t.Fatal(err)
	}
	// The CLI finds DynamoDB through the standard AWS chain.
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", srv.Endpoint)
	t.Setenv("AWS_ACCESS_KEY_ID", "fake")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "fake")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	dir := t.TempDir()
	path := filepath.Join(dir, "bastion.yaml")
	if err := os.WriteFile(path, []byte(testConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	crash := &bastiontest.Crasher{}
	b := &cliBed{t: t, cluster: "c1", config: path, db: bastiontest.NewDatabase(crash), secrets: bastiontest.NewSecrets(crash)}
	b.sides = func(context.Context, *call, aws.Config) (sides, error) {
		return sides{db: b.db, secrets: b.secrets}, nil
	}
	return b
}

func (b *cliBed) run(args ...string) (code int, stdout, stderr string) {
	b.t.Helper()
	var out, errb bytes.Buffer
	if len(args) > 0 && args[0] != "--help" {
		args = append([]string{args[0], "--config", b.config}, args[1:]...)
	}
	code = run(context.Background(), args, env{stdout: &out, stderr: &errb, sides: b.sides, now: b.now})
	return code, out.String(), errb.String()
}

// expect runs args and checks the exit code and that stdout+stderr
// holds want.
func (b *cliBed) expect(wantCode int, want string, args ...string) string {
	b.t.Helper()
	code, out, errs := b.run(args...)
	if code != wantCode || !strings.Contains(out+errs, want) {
		b.t.Errorf("bastion %s: exit %d, want %d with %q\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, wantCode, want, out, errs)
	}
	return out
}

func (b *cliBed) request(as string) string {
	b.t.Helper()
	return b.requestFor(as, "2h")
}

// requestFor asks for read access on the bed's cluster for forText as
// requester and returns the request id.
func (b *cliBed) requestFor(as, forText string) string {
	b.t.Helper()
	out := b.expect(exitOK, "requested read access to "+b.cluster, "request", "--as", as, "--cluster", b.cluster, "--level", "read", "--for", forText, "--reason", "INC-7")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	id := lines[len(lines)-1]
	if !bastion.ValidID(id) {
		b.t.Fatalf("last line %q is not a request id", id)
	}
	return id
}

func TestCLILifecycle(t *testing.T) {
	b := newCLIBed(t)
	id := b.request("alice")
	b.expect(exitRefused, "nobody approves or denies their own request", "approve", "--as", "alice", id)
	b.expect(exitRefused, "not an approver for cluster c1", "approve", "--as", "mallory", id)
	b.expect(exitOK, id+": active until", "approve", "--as", "bob", id)
	b.expect(exitRefused, "approved by bob", "approve", "--as", "carol", id)
	// The credentials work with the secret's password.
	s, ok := b.secrets.Get("bastion/grants/" + id)
	if !ok {
		t.Fatal("no secret")
	}
	if err := b.db.Login("c1", "jit_alice_"+id, string(s.Value), 1); err != nil {
		t.Fatal(err)
	}
	out := b.expect(exitOK, "", "list", "--format", "json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0]["state"] != "active" || list[0]["approved_by"] != "bob" ||
		list[0]["duration"] != "2h0m0s" || list[0]["id"] != id || list[0]["end"] == nil {
		t.Errorf("list: %v %+v", err, list)
	}
	b.expect(exitOK, "jit_alice_"+id, "list")
	b.expect(exitOK, "0 expired, 0 activated, 0 warned, 0 revoked, 0 failed", "sweep")
	b.expect(exitRefused, "may not revoke", "revoke", "--as", "mallory", id)
	b.expect(exitOK, id+": revoked", "revoke", "--as", "alice", id)
	if exists, sessions, _ := b.db.State("c1", "jit_alice_"+id); exists || sessions != 0 {
		t.Errorf("after revoke: user exists %v, %d sessions", exists, sessions)
	}
	b.expect(exitRefused, "already revoked", "revoke", "--as", "alice", id)
	text := b.expect(exitOK, "approve", "audit", id)
	for _, want := range []string{"alice", "request", "bob", "requested → approved", "killed 1 sessions", "revoking → revoked", `reason: "INC-7"`} {
		if !strings.Contains(text, want) {
			t.Errorf("audit text lacks %q:\n%s", want, text)
		}
	}
	var events []bastion.Event
	if err := json.Unmarshal([]byte(b.expect(exitOK, "", "audit", "--format", "json", id)), &events); err != nil || len(events) < 10 {
		t.Errorf("audit json: %v, %d events", err, len(events))
	}
	if strings.Contains(text, string(s.Value)) {
		t.Error("the password is in the audit")
	}

	// Deny and cancel.
	id2 := b.request("alice")
	b.expect(exitUsage, "--reason required", "deny", "--as", "bob", id2)
	b.expect(exitOK, id2+": denied", "deny", "--as", "bob", "--reason", "use the replica", id2)
	b.expect(exitRefused, "already denied by bob", "approve", "--as", "carol", id2)
	id3 := b.request("alice")
	b.expect(exitRefused, "only the requester cancels", "cancel", "--as", "bob", id3)
	b.expect(exitOK, id3+": cancelled", "cancel", "--as", "alice", id3)
	b.expect(exitRefused, "no such request", "approve", "--as", "bob", "aaaaaaaaaaaa")
	b.expect(exitOK, id2, "list", "--state", "denied,cancelled")
}

func TestCLIUsageErrors(t *testing.T) {
	b := newCLIBed(t)
	b.expect(exitOK, "Exit codes", "--help")
	if code, _, errs := b.run(); code != exitUsage || !strings.Contains(errs, "Usage") {
		t.Errorf("no arguments: %d %s", code, errs)
	}
	b.expect(exitUsage, "unknown command", "grant")
	base := []string{"request", "--as", "alice", "--cluster", "c1", "--level", "read", "--for", "2h", "--reason", "x"}
	with := func(flag, value string) []string {
		out := append([]string(nil), base...)
		for i := range out {
			if out[i] == flag {
				out[i+1] = value
			}
		}
		return out
	}
	b.expect(exitUsage, `level "admin"`, with("--level", "admin")...)
	b.expect(exitUsage, "use a duration", with("--for", "two hours")...)
	b.expect(exitUsage, "longer than the maximum 8h0m0s", with("--for", "9h")...)
	b.expect(exitUsage, "cluster \"nosuch\" is not configured", with("--cluster", "nosuch")...)
	b.expect(exitUsage, "--reason required", with("--reason", "")...)
	b.expect(exitUsage, "RFC 3339", append(base, "--start", "tomorrow")...)
	b.expect(exitUsage, "needs exactly one request ID", "approve", "--as", "bob")
	b.expect(exitUsage, "--as required", "approve", "x")
	b.expect(exitUsage, "unexpected argument", "sweep", "now")
	b.expect(exitUsage, "--format", "list", "--format", "xml")
	code, _, errs := b.run("list", "--config", "/nonexistent/bastion.yaml")
	if code != exitUsage || !strings.Contains(errs, "read config file") {
		t.Errorf("missing config: %d %s", code, errs)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("dynamodb: {table: t}\nclusters: {}\nsweep_intervl: 1m\n"), 0o600)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"list", "--config", bad}, env{stdout: &out, stderr: &errb}); code != exitUsage || !strings.Contains(errb.String(), "bad.yaml:3:1") {
		t.Errorf("bad config: %d %s", code, errb.String())
	}
	// A later start: approved, not provisioned; the sweep leaves it.
	start := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
	out2 := b.expect(exitOK, "", append(base, "--start", start)...)
	id := strings.TrimSpace(out2[strings.LastIndex(strings.TrimSpace(out2), "\n")+1:])
	b.expect(exitOK, id+": approved", "approve", "--as", "bob", id)
	b.expect(exitOK, "0 activated", "sweep")
	if b.db.UserCount() != 0 {
		t.Error("provisioned before its start")
	}
}

// TestCLIAdminLoginMissing: with the production sides (built from the
// config) and the admin password's environment variable unset, approve
// records the approval, fails the provisioning naming the variable, and
// exits 1; no user is claimed to exist.
func TestCLIAdminLoginMissing(t *testing.T) {
	b := newCLIBed(t)
	t.Setenv("C1_ADMIN_PASSWORD", "")
	id := b.request("alice")
	b.sides = nil // buildSides
	b.expect(exitPartial, "C1_ADMIN_PASSWORD (admin.password_env) is unset or empty", "approve", "--as", "bob", id)
	b.expect(exitOK, "approve", "audit", id)
	code, out, _ := b.run("list", "--state", "active")
	if code != exitOK || strings.Contains(out, id) {
		t.Errorf("the grant is active without a database user: %d %s", code, out)
	}
}

// TestCLIKeptLocked: a grant whose account Drop keeps locked (a DEFINER)
// is revoked, and revoke and list say the account was kept.
func TestCLIKeptLocked(t *testing.T) {
	b := newCLIBed(t)
	id := b.request("alice")
	b.expect(exitOK, id+": active", "approve", "--as", "bob", id)
	b.db.Definers = map[string]bool{"jit_alice_" + id: true}
	b.expect(exitOK, id+": revoked; the database account was kept locked, not dropped: user jit_alice_"+id, "revoke", "--as", "alice", id)
	var list []map[string]any
	if err := json.Unmarshal([]byte(b.expect(exitOK, "", "list", "--format", "json")), &list); err != nil || len(list) != 1 ||
		list[0]["state"] != "revoked" || !strings.Contains(fmt.Sprint(list[0]["kept_locked"]), "DEFINER") {
		t.Errorf("list: %v %+v", err, list)
	}
	b.expect(exitOK, "kept-locked", "audit", id)
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/auroradoc/auroradoc/bastion"
	"github.com/auroradoc/auroradoc/bastion/config"
)

// The crash tests re-execute this test binary as the bastion command (see
// TestMain): crashChildEnv makes it run the CLI on its arguments with the
// production sides, crashNowEnv sets its clock (RFC 3339), and
// crashAtEnv names the point at which it announces "CRASHPOINT <name>"
// on stdout and blocks until the test kills it with SIGKILL. The points
// are only in the test binary: the bastion command has none.
const (
	crashChildEnv = "BASTION_TEST_CHILD"
	crashNowEnv   = "BASTION_TEST_NOW"
	crashAtEnv    = "BASTION_TEST_CRASH_AT"
	crashAnnounce = "CRASHPOINT "
)

func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) == "1" {
		os.Exit(crashChild())
	}
	os.Exit(m.Run())
}

// crashChild runs the bastion command line of the child process.
func crashChild() int {
	e := env{stdout: os.Stdout, stderr: os.Stderr, sides: crashSides}
	if s := os.Getenv(crashNowEnv); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", crashNowEnv, err)
			return exitUsage
		}
		e.now = func() time.Time { return t }
	}
	return run(context.Background(), os.Args[1:], e)
}

// crashSides are the production sides (buildSides) with the crash points
// around every step.
func crashSides(ctx context.Context, c *call, awsCfg aws.Config) (sides, error) {
	s, err := buildSides(ctx, c, awsCfg)
	if err != nil {
		return s, err
	}
	at := os.Getenv(crashAtEnv)
	return sides{db: crashDatabase{s.db, at}, secrets: crashSecrets{s.secrets, at}, close: s.close}, nil
}

// stopAt announces point and blocks forever when it is the one named.
func stopAt(at, point string) {
	if at != point {
		return
	}
	fmt.Fprintln(os.Stdout, crashAnnounce+point)
	_ = os.Stdout.Sync()
	for {
		time.Sleep(time.Hour)
	}
}

type crashDatabase struct {
	bastion.Database
	at string
}

func (d crashDatabase) Provision(ctx context.Context, cluster, user, password string, p bastion.Privileges) error {
	err := d.Database.Provision(ctx, cluster, user, password, p)
	stopAt(d.at, "after-create-user")
	return err
}

func (d crashDatabase) Lock(ctx context.Context, cluster, user string) error {
	stopAt(d.at, "before-lock")
	err := d.Database.Lock(ctx, cluster, user)
	stopAt(d.at, "after-lock")
	return err
}

func (d crashDatabase) Kill(ctx context.Context, cluster, user string) (int, error) {
	n, err := d.Database.Kill(ctx, cluster, user)
	stopAt(d.at, "after-kill")
	return n, err
}

func (d crashDatabase) Drop(ctx context.Context, cluster, user string) error {
	err := d.Database.Drop(ctx, cluster, user)
	stopAt(d.at, "after-drop")
	return err
}

func (d crashDatabase) Verify(ctx context.Context, cluster, user string) (bool, int, error) {
	exists, n, err := d.Database.Verify(ctx, cluster, user)
	stopAt(d.at, "after-verify")
	return exists, n, err
}

type crashSecrets struct {
	bastion.Secrets
	at string
}

func (s crashSecrets) Put(ctx context.Context, name string, value []byte, tags map[string]string) (string, error) {
	stopAt(s.at, "before-secret-put")
	arn, err := s.Secrets.Put(ctx, name, value, tags)
	stopAt(s.at, "after-secret-put")
	return arn, err
}

func (s crashSecrets) Delete(ctx context.Context, name string) error {
	err := s.Secrets.Delete(ctx, name)
	stopAt(s.at, "after-secret-delete")
	return err
}

// child runs the bastion command args in a new process at clock now and
// waits for it; the caller checks code and output.
func (b *realBed) child(now time.Time, args ...string) (code int, stdout string) {
	b.t.Helper()
	cmd := b.childCommand(now, "", args...)
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		b.t.Fatalf("bastion %s: %v", strings.Join(args, " "), err)
	}
	if exit != nil {
		b.t.Logf("bastion %s: %s", strings.Join(args, " "), exit.Stderr)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

func (b *realBed) childCommand(now time.Time, crashAt string, args ...string) *exec.Cmd {
	args = append([]string{args[0], "--config", b.config}, args[1:]...)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashNowEnv+"="+now.Format(time.RFC3339Nano), crashAtEnv+"="+crashAt)
	return cmd
}

// killAt runs the bastion command args in a new process at clock now,
// waits until it announces that it reached point, and kills it with
// SIGKILL there.
func (b *realBed) killAt(now time.Time, point string, args ...string) {
	b.t.Helper()
	cmd := b.childCommand(now, point, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		b.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.t.Fatal(err)
	}
	reached := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			if sc.Text() == crashAnnounce+point {
				reached <- true
				return
			}
		}
		reached <- false // the process ended without reaching point
	}()
	select {
	case ok := <-reached:
		if !ok {
			_ = cmd.Wait()
			b.t.Fatalf("bastion %s ended (exit %d) without reaching %s:\n%s", strings.Join(args, " "), cmd.ProcessState.ExitCode(), point, stderr.String())
		}
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		b.t.Fatalf("bastion %s did not reach %s in 2 minutes:\n%s", strings.Join(args, " "), point, stderr.String())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		b.t.Fatal(err)
	}
	_ = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		b.t.Fatalf("bastion %s at %s: %v, not killed by SIGKILL", strings.Join(args, " "), point, cmd.ProcessState)
	}
}

// state reads request id's state with `bastion list --format json`.
func (b *realBed) state(id string) string {
	b.t.Helper()
	var list []struct {
		ID    string `json:"id"`
		State string `json:"state"`
	}
	if err := json.Unmarshal([]byte(b.expect(exitOK, "", "list", "--format", "json")), &list); err != nil {
		b.t.Fatal(err)
	}
	for _, r := range list {
		if r.ID == id {
			return r.State
		}
	}
	b.t.Fatalf("request %s is not listed", id)
	return ""
}

// TestCrashRecovery is issue 11's crash Must-show with the process really
// killed: the bastion command (this test binary re-executed, with the
// production sides on a MariaDB writer and replicating reader, DynamoDB
// Local and Secrets Manager on fakeaws) is stopped by SIGKILL at each
// step of a revocation and of a provisioning; the next `bastion sweep`, a
// new process, finishes the job, and at expiry + one sweep interval the
// servers hold no session, no account and no secret of the grant.
func TestCrashRecovery(t *testing.T) {
	b, ctx := newRealBed(t), t.Context()
	interval := config.DefaultSweepInterval // the bed's bastion.yaml sets none
	const grant = 30 * time.Minute

	// The sweep at the grant's end is killed at each revocation step.
	for _, point := range []string{"before-lock", "after-lock", "after-kill", "after-drop", "after-verify", "after-secret-delete"} {
		t.Run("revocation/"+point, func(t *testing.T) {
			b.t = t
			id := b.requestFor("alice", "30m")
			start := b.clock.Now() // just after the request's start
			user := "jit_alice_" + id
			b.expect(exitOK, id+": active", "approve", "--as", "bob", id)
			password, sessions := b.openSessions(ctx, id, user)

			end := start.Add(grant)
			b.killAt(end, point, "sweep")
			if got := b.state(id); got != "revoking" {
				t.Errorf("after the kill at %s the request is %s, want revoking", point, got)
			}
			if code, out := b.child(end.Add(interval), "sweep"); code != exitOK || !strings.Contains(out, "1 revoked, 0 failed") {
				t.Errorf("the sweep after the crash: exit %d, %q", code, out)
			}
			b.checkRevoked(ctx, id, user, password, sessions)
			if got := b.state(id); got != "revoked" {
				t.Errorf("request %s is %s, want revoked", id, got)
			}
			b.wantTrail(id, "provision", "activate", "revoke", "finish")
			b.clock.Set(end.Add(2 * interval))
		})
	}

	// Approval is killed at each provisioning step: the claim holds until
	// its lease lapses, then a sweep provisions the grant again (a new
	// password in the secret, which logs in), and the sweep at the end
	// revokes it.
	for _, point := range []string{"before-secret-put", "after-secret-put", "after-create-user"} {
		t.Run("provisioning/"+point, func(t *testing.T) {
			b.t = t
			id := b.requestFor("alice", "30m")
			start := b.clock.Now() // just after the request's start
			user := "jit_alice_" + id
			b.killAt(start, point, "approve", "--as", "bob", id)
			if got := b.state(id); got != "approved" {
				t.Errorf("after the kill at %s the request is %s, want approved", point, got)
			}
			if code, out := b.child(start.Add(time.Minute), "sweep"); code != exitOK || !strings.Contains(out, "0 activated") {
				t.Errorf("a sweep within the provisioning lease: exit %d, %q; want the claim left alone", code, out)
			}
			if code, out := b.child(start.Add(2*time.Minute+time.Second), "sweep"); code != exitOK || !strings.Contains(out, "1 activated") {
				t.Errorf("the sweep after the lease: exit %d, %q", code, out)
			}
			password, sessions := b.openSessions(ctx, id, user)
			end := start.Add(grant)
			if code, out := b.child(end.Add(interval), "sweep"); code != exitOK || !strings.Contains(out, "1 revoked, 0 failed") {
				t.Errorf("the sweep at the end: exit %d, %q", code, out)
			}
			b.checkRevoked(ctx, id, user, password, sessions)
			b.wantTrail(id, "provision", "provision", "activate", "revoke", "finish")
			b.clock.Set(end.Add(2 * interval))
		})
	}

	b.t = t
	if got := b.jitAccounts(ctx); got != [2]int{} {
		t.Errorf("jit_ accounts left on writer, reader: %v", got)
	}
	if got := b.grantSecrets(); got != 0 {
		t.Errorf("%d grant secrets left", got)
	}
}

// wantTrail checks that request id's transitions after approve are
// exactly want, in order.
func (b *realBed) wantTrail(id string, want ...string) {
	b.t.Helper()
	var events []bastion.Event
	if err := json.Unmarshal([]byte(b.expect(exitOK, "", "audit", "--format", "json", id)), &events); err != nil {
		b.t.Fatal(err)
	}
	var got []string
	approved := false
	for _, ev := range events {
		if ev.To == "" {
			continue
		}
		if approved {
			got = append(got, ev.Action)
		}
		approved = approved || ev.Action == "approve"
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		b.t.Errorf("request %s: transitions after approve %v, want %v", id, got, want)
	}
}

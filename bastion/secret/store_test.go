package secret

import (
	"bytes"
	"context"
	"log/slog"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auroradoc/auroradoc/internal/awsconfig"
	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

const region = "eu-west-1"

// setup starts fakeaws and a Store on the real SDK client, configured the
// way production is (awsconfig.Load, AWS_ENDPOINT_URL), logging into buf.
func setup(t *testing.T) (*fakeaws.Server, *Store, *bytes.Buffer) {
	t.Helper()
	srv, err := fakeaws.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	t.Setenv("AWS_ENDPOINT_URL", srv.URL())
	t.Setenv("AWS_REGION", region)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKID")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_PROFILE", "")
	cfg, err := awsconfig.Load(testContext(t), 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return srv, New(secretsmanager.NewFromConfig(cfg), Options{Logger: logger}), &buf
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestPutAndDeleteAreIdempotent: Put creates the secret with its tags, a
// second Put replaces value and tags under the same ARN, Delete removes
// it at once, and a second Delete is harmless.
func TestPutAndDeleteAreIdempotent(t *testing.T) {
	srv, st, logs := setup(t)
	ctx := testContext(t)
	const name = "bastion/orders/req-01JEXAMPLE"
	v1 := []byte(`{"username":"jit_alice_1","password":"first-Secret-Value-0123456789abcdef"}`)
	tags := map[string]string{"requester": "alice", "cluster": "orders", "grant": "req-01JEXAMPLE", "expires": "2026-12-05T10:00:00Z"}

	arn, err := st.Put(ctx, name, v1, tags)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	got, ok := srv.Secret(region, name)
	if !ok || got.ARN != arn || got.SecretString != string(v1) || !maps.Equal(got.Tags, tags) {
		t.Fatalf("after Put: %+v, %v (ARN %s)", got, ok, arn)
	}

	v2 := []byte(`{"username":"jit_alice_1","password":"second-Secret-Value-0123456789abcd"}`)
	tags2 := maps.Clone(tags)
	tags2["expires"] = "2026-12-05T12:00:00Z"
	arn2, err := st.Put(ctx, name, v2, tags2)
	if err != nil {
		t.Fatalf("second Put: %v", err)
	}
	got, _ = srv.Secret(region, name)
	if arn2 != arn || got.SecretString != string(v2) || !maps.Equal(got.Tags, tags2) {
		t.Errorf("after the second Put: ARN %s (first %s), %+v", arn2, arn, got)
	}

	bin := []byte{0xff, 0x00, 0xfe}
	if _, err := st.Put(ctx, "bastion/binary", bin, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := srv.Secret(region, "bastion/binary"); !bytes.Equal(got.SecretBinary, bin) || got.SecretString != "" {
		t.Errorf("binary value stored as %+v", got)
	}

	for range 2 {
		if err := st.Delete(ctx, name); err != nil {
			t.Fatalf("Delete: %v", err)
		}
	}
	if _, ok := srv.Secret(region, name); ok {
		t.Error("the secret is still there (scheduled for deletion instead of deleted at once?)")
	}
	if err := st.Delete(ctx, "bastion/never-existed"); err != nil {
		t.Errorf("Delete of a secret that never existed: %v", err)
	}
	for _, v := range [][]byte{v1, v2} {
		if strings.Contains(logs.String(), string(v)) || strings.Contains(logs.String(), "Secret-Value") {
			t.Errorf("a secret value is in the log:\n%s", logs)
		}
	}
}

// TestFailuresKeepTheValueOut: when AWS refuses, the error names the
// secret and the call but not the value; bad names and tags are refused
// before any call.
func TestFailuresKeepTheValueOut(t *testing.T) {
	srv, st, logs := setup(t)
	ctx := testContext(t)
	value := []byte("do-not-print-me-0123456789")

	srv.FailRegion(region, "AccessDeniedException")
	_, err := st.Put(ctx, "bastion/x", value, map[string]string{"a": "b"})
	if err == nil || !strings.Contains(err.Error(), "bastion/x") || !strings.Contains(err.Error(), "CreateSecret") {
		t.Errorf("Put against a refusing AWS: %v", err)
	}
	if err := st.Delete(ctx, "bastion/x"); err == nil {
		t.Error("Delete against a refusing AWS succeeded")
	}
	srv.FailRegion(region, "")

	for _, tc := range []struct {
		name string
		tags map[string]string
		val  []byte
	}{
		{"", nil, value},
		{"has space", nil, value},
		{"bastion/ü", nil, value},
		{strings.Repeat("a", 513), nil, value},
		{"ok", map[string]string{"": "x"}, value},
		{"ok", nil, nil},
	} {
		_, err := st.Put(ctx, tc.name, tc.val, tc.tags)
		if err == nil {
			t.Errorf("Put(%q, tags %v, %d bytes) accepted", tc.name, tc.tags, len(tc.val))
		} else if strings.Contains(err.Error(), string(value)) {
			t.Errorf("error shows the value: %v", err)
		}
	}
	if err := st.Delete(ctx, "bad name"); err == nil {
		t.Error("Delete of a bad name accepted")
	}
	if srv.SecretCount(region) != 0 {
		t.Errorf("%d secrets written", srv.SecretCount(region))
	}
	if strings.Contains(logs.String(), string(value)) {
		t.Errorf("the value is in the log:\n%s", logs)
	}
}

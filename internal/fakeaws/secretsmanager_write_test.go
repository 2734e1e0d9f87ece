package fakeaws_test

import (
	"errors"
	"maps"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// TestSecretLifecycle drives create → get → put → tag → describe →
// delete through the real SDK client, with the errors the access engine
// relies on: ResourceExistsException on a second create,
// ResourceNotFoundException once deleted.
func TestSecretLifecycle(t *testing.T) {
	s := start(t)
	client := secretsClient(t, s, "eu-west-1")
	ctx := testContext(t)
	const name = "bastion/orders/g-1"

	created, err := client.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name:         aws.String(name),
		SecretString: aws.String(`{"password":"v1"}`),
		Tags:         []types.Tag{{Key: aws.String("requester"), Value: aws.String("alice")}, {Key: aws.String("expires"), Value: aws.String("2026-12-05T10:00:00Z")}},
	})
	if err != nil {
		t.Fatalf("CreateSecret: %v", err)
	}
	if aws.ToString(created.Name) != name || aws.ToString(created.ARN) == "" || aws.ToString(created.VersionId) == "" {
		t.Errorf("CreateSecret answered %+v", created)
	}
	var exists *types.ResourceExistsException
	if _, err := client.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String("x")}); !errors.As(err, &exists) {
		t.Errorf("second CreateSecret: %v, want ResourceExistsException", err)
	}
	var invalid *types.InvalidParameterException
	if _, err := client.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("no-value")}); !errors.As(err, &invalid) {
		t.Errorf("CreateSecret without a value: %v, want InvalidParameterException", err)
	}

	put, err := client.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: created.ARN, SecretString: aws.String(`{"password":"v2"}`)})
	if err != nil || aws.ToString(put.VersionId) == aws.ToString(created.VersionId) {
		t.Fatalf("PutSecretValue: %v, %+v; want a new version", err, put)
	}
	got, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})
	if err != nil || aws.ToString(got.SecretString) != `{"password":"v2"}` {
		t.Errorf("GetSecretValue after put: %v, %v", err, got)
	}

	if _, err := client.TagResource(ctx, &secretsmanager.TagResourceInput{SecretId: aws.String(name),
		Tags: []types.Tag{{Key: aws.String("expires"), Value: aws.String("2026-12-05T12:00:00Z")}, {Key: aws.String("grant"), Value: aws.String("g-1")}}}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}
	desc, err := client.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
	if err != nil {
		t.Fatalf("DescribeSecret: %v", err)
	}
	tags := map[string]string{}
	for _, tg := range desc.Tags {
		tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	want := map[string]string{"requester": "alice", "expires": "2026-12-05T12:00:00Z", "grant": "g-1"}
	if !maps.Equal(tags, want) || aws.ToString(desc.ARN) != aws.ToString(created.ARN) || desc.DeletedDate != nil {
		t.Errorf("DescribeSecret: tags %v (want %v), %+v", tags, want, desc)
	}

	bin, err := client.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("bin"), SecretBinary: []byte{0, 0xff, 'x'}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: bin.ARN}); err != nil || string(got.SecretBinary) != "\x00\xffx" {
		t.Errorf("binary secret: %v, %q", err, got.SecretBinary)
	}

	// A recovery window keeps the name taken and the value unreadable.
	if _, err := client.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String("bin"), RecoveryWindowInDays: aws.Int64(7)}); err != nil {
		t.Fatal(err)
	}
	var badRequest *types.InvalidRequestException
	if _, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("bin")}); !errors.As(err, &badRequest) {
		t.Errorf("GetSecretValue of a secret scheduled for deletion: %v", err)
	}
	if d, err := client.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("bin")}); err != nil || d.DeletedDate == nil {
		t.Errorf("DescribeSecret of a secret scheduled for deletion: %v, %+v", err, d)
	}
	if _, err := client.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String("bin"), RecoveryWindowInDays: aws.Int64(7),
		ForceDeleteWithoutRecovery: aws.Bool(true)}); !errors.As(err, &invalid) {
		t.Errorf("DeleteSecret with both a window and force: %v", err)
	}

	if _, err := client.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String(name), ForceDeleteWithoutRecovery: aws.Bool(true)}); err != nil {
		t.Fatalf("DeleteSecret: %v", err)
	}
	var notFound *types.ResourceNotFoundException
	for op, call := range map[string]func() error{
		"GetSecretValue": func() error {
			_, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(name)})
			return err
		},
		"DescribeSecret": func() error {
			_, err := client.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
			return err
		},
		"PutSecretValue": func() error {
			_, err := client.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String("x")})
			return err
		},
		"TagResource": func() error {
			_, err := client.TagResource(ctx, &secretsmanager.TagResourceInput{SecretId: aws.String(name), Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("b")}}})
			return err
		},
		"DeleteSecret": func() error {
			_, err := client.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String(name), ForceDeleteWithoutRecovery: aws.Bool(true)})
			return err
		},
	} {
		if err := call(); !errors.As(err, &notFound) {
			t.Errorf("%s after a forced delete: %v, want ResourceNotFoundException", op, err)
		}
	}
	if _, ok := s.Secret("eu-west-1", name); ok || s.SecretCount("eu-west-1") != 1 {
		t.Errorf("the fake still holds the deleted secret (count %d)", s.SecretCount("eu-west-1"))
	}
}

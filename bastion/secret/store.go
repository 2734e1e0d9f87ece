package secret

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/auroradoc/auroradoc/bastion"
)

var _ bastion.Secrets = (*Store)(nil)

// Options tune a Store; the zero value is usable.
type Options struct {
	// KMSKeyID encrypts new secrets with this key instead of the account's
	// aws/secretsmanager key.
	KMSKeyID string
	// Logger gets one line per secret written or deleted (name only);
	// slog.Default() when nil.
	Logger *slog.Logger
}

// Store keeps grant secrets in one region's Secrets Manager.
type Store struct {
	client *secretsmanager.Client
	kms    string
	log    *slog.Logger
}

// New returns a Store that calls Secrets Manager through client.
func New(client *secretsmanager.Client, o Options) *Store {
	s := &Store{client: client, kms: o.KMSKeyID, log: o.Logger}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s
}

// maxNameLen is Secrets Manager's limit on secret names.
const maxNameLen = 512

// checkName accepts what Secrets Manager accepts as a secret name: 1 to
// 512 of ASCII letters, digits and /_+=.@-.
func checkName(name string) error {
	if name == "" || len(name) > maxNameLen {
		return fmt.Errorf("secret name of %d bytes; 1 to %d allowed", len(name), maxNameLen)
	}
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '/' || r == '_' || r == '+' || r == '=' || r == '.' || r == '@' || r == '-':
		default:
			return fmt.Errorf("secret name %q: character %q not allowed (letters, digits and /_+=.@- only)", name, r)
		}
	}
	return nil
}

// awsTags are tags in key order; empty keys are refused.
func awsTags(tags map[string]string) ([]types.Tag, error) {
	var out []types.Tag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		if k == "" {
			return nil, errors.New("a tag with an empty key")
		}
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out, nil
}

// Put stores value under name with tags and returns the secret's ARN:
// CreateSecret, or — when the secret exists (a retried step) —
// PutSecretValue with the new value and TagResource with the tags. UTF-8
// values are stored as SecretString, anything else as SecretBinary.
func (s *Store) Put(ctx context.Context, name string, value []byte, tags map[string]string) (string, error) {
	if err := checkName(name); err != nil {
		return "", fmt.Errorf("storing secret: %w", err)
	}
	if len(value) == 0 {
		return "", fmt.Errorf("storing secret %s: empty value", name)
	}
	t, err := awsTags(tags)
	if err != nil {
		return "", fmt.Errorf("storing secret %s: %w", name, err)
	}
	in := &secretsmanager.CreateSecretInput{Name: aws.String(name), Tags: t}
	if s.kms != "" {
		in.KmsKeyId = aws.String(s.kms)
	}
	if utf8.Valid(value) {
		in.SecretString = aws.String(string(value))
	} else {
		in.SecretBinary = value
	}
	out, err := s.client.CreateSecret(ctx, in)
	if err == nil {
		s.log.InfoContext(ctx, "secret: created", "name", name, "arn", aws.ToString(out.ARN))
		return aws.ToString(out.ARN), nil
	}
	var exists *types.ResourceExistsException
	if !errors.As(err, &exists) {
		return "", fmt.Errorf("storing secret %s: CreateSecret: %w", name, err)
	}

	put := &secretsmanager.PutSecretValueInput{SecretId: aws.String(name), SecretString: in.SecretString, SecretBinary: in.SecretBinary}
	pout, err := s.client.PutSecretValue(ctx, put)
	if err != nil {
		return "", fmt.Errorf("storing secret %s: it exists; PutSecretValue: %w", name, err)
	}
	if len(t) > 0 {
		if _, err := s.client.TagResource(ctx, &secretsmanager.TagResourceInput{SecretId: aws.String(name), Tags: t}); err != nil {
			return "", fmt.Errorf("storing secret %s: it exists; TagResource: %w", name, err)
		}
	}
	s.log.InfoContext(ctx, "secret: replaced the value of an existing secret", "name", name, "arn", aws.ToString(pout.ARN))
	return aws.ToString(pout.ARN), nil
}

// Delete deletes the secret at once, without a recovery window; a secret
// that does not exist is not an error.
func (s *Store) Delete(ctx context.Context, name string) error {
	if err := checkName(name); err != nil {
		return fmt.Errorf("deleting secret: %w", err)
	}
	_, err := s.client.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{
		SecretId:                   aws.String(name),
		ForceDeleteWithoutRecovery: aws.Bool(true),
	})
	var notFound *types.ResourceNotFoundException
	switch {
	case errors.As(err, &notFound):
		return nil
	case err != nil:
		return fmt.Errorf("deleting secret %s: %w", name, err)
	}
	s.log.InfoContext(ctx, "secret: deleted", "name", name)
	return nil
}

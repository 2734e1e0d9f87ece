package inventory

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/rds/auth"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// SecretLogin reads a Secrets Manager secret holding {"username",
// "password"} (the shape RDS-managed secrets use) in region. The secret's
// value never appears in errors.
func SecretLogin(ctx context.Context, cfg aws.Config, region, secretID string) (user, password string, err error) {
	client := secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) { o.Region = region })
	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(secretID)})
	if err != nil {
		return "", "", fmt.Errorf("reading secret %s (secretsmanager:GetSecretValue): %w", secretID, err)
	}
	if out.SecretString == nil {
		return "", "", fmt.Errorf("secret %s: no SecretString (binary secrets are not supported)", secretID)
	}
	var v struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := json.Unmarshal([]byte(*out.SecretString), &v); err != nil {
		// Do not wrap err: a JSON syntax error can quote the secret.
		return "", "", fmt.Errorf("secret %s: not a JSON object with username and password", secretID)
	}
	if v.Username == "" || v.Password == "" {
		return "", "", errors.New("secret " + secretID + ": username or password is empty")
	}
	return v.Username, v.Password, nil
}

// IAMToken builds an IAM database authentication token for user at
// endpoint (host:port) in region, valid for 15 minutes. The token is the
// password of a TLS connection with the cleartext client plugin.
func IAMToken(ctx context.Context, cfg aws.Config, endpoint, region, user string) (string, error) {
	tok, err := auth.BuildAuthToken(ctx, endpoint, region, user, cfg.Credentials)
	if err != nil {
		return "", fmt.Errorf("building IAM auth token for %s@%s (rds-db:connect): %w", user, endpoint, err)
	}
	return tok, nil
}

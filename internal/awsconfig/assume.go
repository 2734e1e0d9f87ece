package awsconfig

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// SessionName is the role session name auroradoc assumes roles with; it
// shows in the assumed role's CloudTrail entries.
const SessionName = "auroradoc"

// AssumeRole returns a copy of base whose credentials come from assuming
// roleARN through STS with base's own credentials (the standard chain),
// passing externalID when it is not "". The credentials are cached and
// refreshed before they expire; nothing is called until the first request.
func AssumeRole(base aws.Config, roleARN, externalID string) aws.Config {
	cfg := base.Copy()
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(base), roleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = SessionName
		if externalID != "" {
			o.ExternalID = aws.String(externalID)
		}
	})
	cfg.Credentials = aws.NewCredentialsCache(provider)
	return cfg
}

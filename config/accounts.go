package config

// Account is one entry of aws.accounts: an AWS account whose clusters are
// discovered and crawled with credentials from assuming RoleARN through
// STS, starting from the standard credential chain.
type Account struct {
	// ID is the 12-digit account id; RoleARN is in this account.
	ID string
	// RoleARN is the role to assume (arn:aws:iam::<ID>:role/<name>).
	RoleARN string
	// ExternalID is passed to sts:AssumeRole when the role's trust policy
	// asks for one; "" = none.
	ExternalID string
	// Name is an optional label used instead of ID in target names.
	Name string
	// Line is the line of the entry in the file.
	Line int
}

// Key is what stands for the account in target names, store keys and site
// paths ("<key>/<region>/<cluster-id>"): Name when set, else ID.
func (a Account) Key() string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

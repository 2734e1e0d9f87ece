package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const okAccounts = `  accounts:
    - id: "111122223333"
      role_arn: arn:aws:iam::111122223333:role/auroradoc-crawler
      external_id: auroradoc-7f3c
      name: prod
    - {id: 444455556666, role_arn: "arn:aws:iam::444455556666:role/ops/auroradoc-crawler"}
`

func TestParseAWSAccounts(t *testing.T) {
	cfg, err := Parse([]byte(okAWS+okAccounts+okCredentials), "auroradoc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []Account{
		{ID: "111122223333", RoleARN: "arn:aws:iam::111122223333:role/auroradoc-crawler", ExternalID: "auroradoc-7f3c", Name: "prod", Line: 4},
		{ID: "444455556666", RoleARN: "arn:aws:iam::444455556666:role/ops/auroradoc-crawler", Line: 8},
	}
	if diff := cmp.Diff(want, cfg.AWS.Accounts); diff != "" {
		t.Errorf("accounts mismatch (-want +got):\n%s", diff)
	}
	if k := cfg.AWS.Accounts[0].Key(); k != "prod" {
		t.Errorf("Key with a name = %q, want prod", k)
	}
	if k := cfg.AWS.Accounts[1].Key(); k != "444455556666" {
		t.Errorf("Key without a name = %q, want the id", k)
	}
	plain, err := Parse([]byte(okAWS+okCredentials), "auroradoc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if plain.AWS.Accounts != nil {
		t.Errorf("no accounts: key = %v, want nil (the standard chain's account)", plain.AWS.Accounts)
	}
}

func TestParseAWSAccountsErrors(t *testing.T) {
	acct := func(body string) string { return okAWS + "  accounts:\n" + body + okCredentials }
	const role1 = "arn:aws:iam::111122223333:role/r"
	cases := []struct {
		name string
		src  string
		want []wantErr
	}{
		{"empty list", okAWS + "  accounts: []\n" + okCredentials,
			[]wantErr{{3, "aws.accounts", "must be a non-empty list of accounts"}}},
		{"not a list", okAWS + "  accounts: 111122223333\n" + okCredentials,
			[]wantErr{{3, "aws.accounts", "must be a non-empty list"}}},
		{"entry not a mapping", acct("    - 111122223333\n"),
			[]wantErr{{4, "aws.accounts[0]", "each account must be a mapping with id and role_arn"}}},
		{"short id", acct("    - {id: \"11112222333\", role_arn: \"arn:aws:iam::11112222333:role/r\"}\n"),
			[]wantErr{
				{4, "aws.accounts[0].id", `invalid account id "11112222333": an AWS account id is 12 digits`},
				{4, "aws.accounts[0].role_arn", "invalid role ARN"},
			}},
		{"missing keys", acct("    - {name: prod}\n"),
			[]wantErr{{4, "aws.accounts[0].id", "required key is missing"}, {4, "aws.accounts[0].role_arn", "required key is missing"}}},
		{"user ARN", acct("    - {id: \"111122223333\", role_arn: \"arn:aws:iam::111122223333:user/bob\"}\n"),
			[]wantErr{{4, "aws.accounts[0].role_arn", `invalid role ARN "arn:aws:iam::111122223333:user/bob" (a user, not a role)`}}},
		{"role in another account", acct("    - {id: \"111122223333\", role_arn: \"arn:aws:iam::444455556666:role/r\"}\n"),
			[]wantErr{{4, "aws.accounts[0].role_arn", "role is in account 444455556666, not in this entry's account 111122223333"}}},
		{"duplicate id", acct("    - {id: \"111122223333\", role_arn: \"" + role1 + "\"}\n    - {id: \"111122223333\", role_arn: \"" + role1 + "\"}\n"),
			[]wantErr{{5, "aws.accounts[1].id", `account "111122223333" is listed twice (first at line 4)`}}},
		{"duplicate name", acct("    - {id: \"111122223333\", role_arn: \"" + role1 + "\", name: prod}\n" +
			"    - {id: \"444455556666\", role_arn: \"arn:aws:iam::444455556666:role/r\", name: prod}\n"),
			[]wantErr{{5, "aws.accounts[1].name", `account "prod" is listed twice (first at line 4)`}}},
		{"region as name", acct("    - {id: \"111122223333\", role_arn: \"" + role1 + "\", name: us-east-1}\n"),
			[]wantErr{{4, "aws.accounts[0].name", "it is a region name"}}},
		{"id as name", acct("    - {id: \"111122223333\", role_arn: \"" + role1 + "\", name: \"444455556666\"}\n"),
			[]wantErr{{4, "aws.accounts[0].name", "a 12-digit name reads as an account id"}}},
		{"upper-case name", acct("    - {id: \"111122223333\", role_arn: \"" + role1 + "\", name: Prod}\n"),
			[]wantErr{{4, "aws.accounts[0].name", `invalid account name "Prod"`}}},
		{"bad external id", acct("    - {id: \"111122223333\", role_arn: \"" + role1 + "\", external_id: \"a b\"}\n"),
			[]wantErr{{4, "aws.accounts[0].external_id", "invalid external id: 2 to 1224"}}},
		{"unknown key", acct("    - {id: \"111122223333\", role_arn: \"" + role1 + "\", externalid: x}\n"),
			[]wantErr{{4, "aws.accounts[0].externalid", `unknown key (did you mean "external_id"?)`}}},
		{"static target named like an account", "targets:\n" + strings.Replace(okTarget, "name: a", "name: prod", 1) +
			acct("    - {id: \"111122223333\", role_arn: \""+role1+"\", name: prod}\n"),
			[]wantErr{{2, "targets[0].name", `target name "prod" is also the key of the account at line 9`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Parse([]byte(c.src), "auroradoc.yaml")
			if err == nil {
				t.Fatalf("no error; config %+v", cfg)
			}
			checkErrors(t, err, c.want)
		})
	}
}

func TestExternalIDNotEchoed(t *testing.T) {
	src := okAWS + "  accounts:\n    - {id: \"111122223333\", role_arn: \"arn:aws:iam::111122223333:role/r\", external_id: \"s3cr3t value\"}\n" + okCredentials
	_, err := Parse([]byte(src), "auroradoc.yaml")
	if err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("error %v: want one that does not quote the external id", err)
	}
}

package config

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sameRegexp compares compiled expressions by their source.
var sameRegexp = cmp.Comparer(func(a, b *regexp.Regexp) bool { return a.String() == b.String() })

func TestParseAWS(t *testing.T) {
	src := `aws:
  regions: [ap-northeast-1, us-east-1, us-gov-west-1]
  engines: [aurora-mysql, mysql]
  include_tags: {env: prd, team: "*", tier: 1, "app:name": billing, empty: ""}
  exclude:
    - "^tmp-"
    - -old$
  endpoint: writer
  wake_paused: true
  concurrency_per_region: 8
  api_max_attempts: 3
credentials:
  secret_id: "auroradoc/{region}/{cluster}"
  tls: skip-verify
`
	got, err := Parse([]byte(src), "auroradoc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Source:  "auroradoc.yaml",
		Crawl:   Default(),
		Schemas: Filter{Include: []string{"*"}},
		AWS: &AWS{
			Regions:              []string{"ap-northeast-1", "us-east-1", "us-gov-west-1"},
			Engines:              []string{"aurora-mysql", "mysql"},
			IncludeTags:          map[string]string{"env": "prd", "team": "*", "tier": "1", "app:name": "billing", "empty": ""},
			Exclude:              []*regexp.Regexp{regexp.MustCompile("^tmp-"), regexp.MustCompile("-old$")},
			ExcludePatterns:      []string{"^tmp-", "-old$"},
			Endpoint:             "writer",
			WakePaused:           true,
			ConcurrencyPerRegion: 8,
			APIMaxAttempts:       3,
			Line:                 1,
		},
		Credentials: &Credentials{SecretID: "auroradoc/{region}/{cluster}", TLS: "skip-verify", Line: 12},
	}
	if diff := cmp.Diff(want, got, sameRegexp); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
}

func TestParseAWSDefaults(t *testing.T) {
	cases := []struct {
		name        string
		src         string
		aws         *AWS
		credentials *Credentials
		targets     int
	}{
		{"all regions and IAM",
			"aws: {regions: [all]}\ncredentials: {iam_auth: {user: auroradoc}}\n",
			&AWS{AllRegions: true, Engines: []string{"aurora-mysql"}, Endpoint: "reader", ConcurrencyPerRegion: 4, APIMaxAttempts: 10, Line: 1},
			&Credentials{IAMUser: "auroradoc", TLS: "true", Line: 2}, 0},
		{"empty optional values",
			"credentials:\n  secret_id: shared\n  tls: false\naws:\n  regions:\n    - eu-west-1\n  include_tags: {}\n  exclude: []\ntargets: []\n",
			&AWS{Regions: []string{"eu-west-1"}, Engines: []string{"aurora-mysql"}, Endpoint: "reader", ConcurrencyPerRegion: 4, APIMaxAttempts: 10, Line: 4},
			&Credentials{SecretID: "shared", TLS: "false", Line: 1}, 0},
		{"with static targets too",
			"targets:\n" + okTarget + okAWS + okCredentials,
			&AWS{Regions: []string{"us-east-1"}, Engines: []string{"aurora-mysql"}, Endpoint: "reader", ConcurrencyPerRegion: 4, APIMaxAttempts: 10, Line: 6},
			&Credentials{SecretID: "auroradoc/{cluster}", TLS: "true", Line: 8}, 1},
		{"IAM over skip-verify TLS",
			okAWS + "credentials:\n  iam_auth:\n    user: crawler\n  tls: skip-verify\n",
			&AWS{Regions: []string{"us-east-1"}, Engines: []string{"aurora-mysql"}, Endpoint: "reader", ConcurrencyPerRegion: 4, APIMaxAttempts: 10, Line: 1},
			&Credentials{IAMUser: "crawler", TLS: "skip-verify", Line: 3}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse([]byte(c.src), "auroradoc.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.aws, got.AWS, sameRegexp); diff != "" {
				t.Errorf("AWS mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.credentials, got.Credentials); diff != "" {
				t.Errorf("Credentials mismatch (-want +got):\n%s", diff)
			}
			if len(got.Targets) != c.targets {
				t.Errorf("got %d targets, want %d", len(got.Targets), c.targets)
			}
		})
	}
}

// TestParseWithoutAWS: a file without aws: has no AWS and no Credentials.
func TestParseWithoutAWS(t *testing.T) {
	got, err := Parse([]byte("targets:\n"+okTarget), "auroradoc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got.AWS != nil || got.Credentials != nil {
		t.Errorf("AWS = %+v, Credentials = %+v; want nil", got.AWS, got.Credentials)
	}
}

const (
	okAWS         = "aws:\n  regions: [us-east-1]\n"
	okCredentials = "credentials:\n  secret_id: auroradoc/{cluster}\n"
)

func TestParseAWSErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []wantErr
	}{
		{"aws without credentials",
			"targets:\n" + okTarget + okAWS,
			[]wantErr{{6, "aws", "credentials: is required with aws:"}}},
		{"credentials without aws",
			"targets:\n" + okTarget + okCredentials,
			[]wantErr{{6, "credentials", "only applies to clusters discovered through aws:, and there is no aws: section (static targets use password_env)"}}},
		{"credentials alone",
			okCredentials,
			[]wantErr{{1, "credentials", "there is no aws: section"}, {0, "targets", "no targets and no aws: section configured"}}},
		{"secret_id and iam_auth",
			okAWS + "credentials:\n  iam_auth: {user: u}\n  tls: true\n  secret_id: s\n",
			[]wantErr{{6, "credentials.secret_id", "secret_id and iam_auth are exclusive (iam_auth is set at line 4): keep one"}}},
		{"iam_auth after secret_id",
			okAWS + okCredentials + "  iam_auth: {user: u}\n",
			[]wantErr{{5, "credentials.iam_auth", "secret_id and iam_auth are exclusive (secret_id is set at line 4): keep one"}}},
		{"neither secret_id nor iam_auth",
			okAWS + "credentials:\n  tls: true\n",
			[]wantErr{{4, "credentials", "needs secret_id (a Secrets Manager secret per cluster) or iam_auth"}}},
		{"empty credentials",
			okAWS + "credentials:\n",
			[]wantErr{{3, "credentials", "needs secret_id"}}},
		{"misspelt secret_id is not also missing",
			okAWS + "credentials:\n  secret-id: s\n",
			[]wantErr{{4, "credentials.secret-id", `unknown key (did you mean "secret_id"?)`}}},
		{"inline password in credentials",
			okAWS + okCredentials + "  username: admin\n  password: hunter2\n",
			[]wantErr{
				{5, "credentials.username", "the user name is read from the secret named by secret_id"},
				{6, "credentials.password", "inline passwords are not allowed; keep them in the Secrets Manager secret"},
			}},
		{"secret_id placeholders",
			okAWS + "credentials:\n  secret_id: \"auroradoc/{account}/{cluster}\"\n",
			[]wantErr{{4, "credentials.secret_id", `unknown placeholder {account} in "auroradoc/{account}/{cluster}": only {cluster} and {region} are replaced`}}},
		{"secret_id placeholder case",
			okAWS + "credentials:\n  secret_id: \"auroradoc/{Cluster}\"\n",
			[]wantErr{{4, "credentials.secret_id", "(did you mean {cluster}?)"}}},
		{"secret_id unclosed brace",
			okAWS + "credentials:\n  secret_id: \"auroradoc/{cluster\"\n",
			[]wantErr{{4, "credentials.secret_id", `unclosed "{"`}}},
		{"secret_id stray brace",
			okAWS + "credentials:\n  secret_id: \"auroradoc/cluster}\"\n",
			[]wantErr{{4, "credentials.secret_id", `unmatched "}"`}}},
		{"secret_id bad character",
			okAWS + "credentials:\n  secret_id: \"auroradoc {cluster}\"\n",
			[]wantErr{{4, "credentials.secret_id", `contains ' ': secret names and ARNs use only letters, digits and /_+=.@-:`}}},
		{"secret_id empty",
			okAWS + "credentials:\n  secret_id: \"\"\n",
			[]wantErr{{4, "credentials.secret_id", "must not be empty"}}},
		{"iam_auth as a string",
			okAWS + "credentials:\n  iam_auth: auroradoc\n",
			[]wantErr{{4, "credentials.iam_auth", `must be a mapping such as {user: auroradoc}, got string "auroradoc"`}}},
		{"iam_auth without user",
			okAWS + "credentials:\n  iam_auth: {usr: u}\n",
			[]wantErr{{4, "credentials.iam_auth.usr", `did you mean "user"?`}}},
		{"iam_auth empty",
			okAWS + "credentials:\n  iam_auth:\n",
			[]wantErr{{4, "credentials.iam_auth.user", "required key is missing"}}},
		{"iam_auth without TLS",
			okAWS + "credentials:\n  iam_auth: {user: u}\n  tls: false\n",
			[]wantErr{{5, "credentials.tls", "must be true or skip-verify with iam_auth"}}},
		{"credentials tls values",
			okAWS + okCredentials + "  tls: preferred\n",
			[]wantErr{{5, "credentials.tls", `must be true, skip-verify or false, got string "preferred"`}}},
		{"aws without regions",
			okCredentials + "aws:\n  engines: [mysql]\n",
			[]wantErr{{4, "aws.regions", "required key is missing: list the regions to search"}}},
		{"empty aws",
			okCredentials + "aws:\n",
			[]wantErr{{3, "aws.regions", "required key is missing"}}},
		{"empty regions",
			okCredentials + "aws:\n  regions: []\n",
			[]wantErr{{4, "aws.regions", "must list at least one region, such as [us-east-1, eu-west-1] or [all]"}}},
		{"regions not a list",
			okCredentials + "aws:\n  regions: all\n",
			[]wantErr{{4, "aws.regions", `must be a list such as [us-east-1, eu-west-1] or [all], got string "all"`}}},
		{"bad regions",
			okCredentials + "aws:\n  regions:\n    - us-east-1\n    - US-WEST-2\n    - us-east-1a\n    - tokyo\n    - us-east-1\n    - ALL\n    - 5\n",
			[]wantErr{
				{6, "aws.regions[1]", `invalid region "US-WEST-2": region names are lowercase (try "us-west-2")`},
				{7, "aws.regions[2]", `"us-east-1a" is an availability zone, not a region (try "us-east-1")`},
				{8, "aws.regions[3]", `invalid region "tokyo": write a region name such as us-east-1`},
				{9, "aws.regions[4]", `duplicate region "us-east-1" (first listed at line 5)`},
				{10, "aws.regions[5]", `invalid region "ALL" (did you mean "all"?)`},
				{11, "aws.regions[6]", `invalid region "5"`},
			}},
		{"all mixed with names",
			okCredentials + "aws:\n  regions: [us-east-1, all]\n",
			[]wantErr{{4, "aws.regions[1]", `"all" (every enabled region) cannot be mixed with region names`}}},
		{"all twice",
			okCredentials + "aws:\n  regions: [all, all]\n",
			[]wantErr{{4, "aws.regions[1]", `duplicate region "all" (first listed at line 4)`}}},
		{"misspelt regions is not also missing",
			okCredentials + "aws:\n  region: us-east-1\n",
			[]wantErr{{4, "aws.region", `unknown key (did you mean "regions"?)`}}},
		{"bad engines",
			okCredentials + okAWS + "  engines: [aurora-postgresql, aurora_mysql, mysql, mysql, true]\n",
			[]wantErr{
				{5, "aws.engines[0]", `unknown engine "aurora-postgresql": must be aurora-mysql, mysql or mariadb`},
				{5, "aws.engines[1]", `unknown engine "aurora_mysql" (did you mean "aurora-mysql"?)`},
				{5, "aws.engines[3]", `duplicate engine "mysql" (first listed at line 5)`},
				{5, "aws.engines[4]", `must be a string, got boolean true`},
			}},
		{"empty engines",
			okCredentials + okAWS + "  engines:\n",
			[]wantErr{{5, "aws.engines", "must list at least one engine, such as [aurora-mysql]"}}},
		{"include_tags not a mapping",
			okCredentials + okAWS + "  include_tags: [env]\n",
			[]wantErr{{5, "aws.include_tags", "must be a mapping of tag keys to values such as {env: prd}, got a list"}}},
		{"bad include_tags values",
			okCredentials + okAWS + "  include_tags:\n    env:\n    enabled: true\n    team: [a, b]\n    enabled: \"true\"\n    \"\": x\n",
			[]wantErr{
				{6, "aws.include_tags.env", `needs a value: the tag's value, or "*" for any value`},
				{7, "aws.include_tags.enabled", `must be a string, got boolean true (quote it: "true")`},
				{8, "aws.include_tags.team", "must be a string, got a list"},
				{9, "aws.include_tags.enabled", "duplicate key (first set at line 7)"},
				{10, "aws.include_tags", "tag keys must not be empty"},
			}},
		{"bad exclude patterns",
			okCredentials + okAWS + "  exclude:\n    - ^tmp-\n    - \"[a-\"\n    - \"*-old\"\n    - \"\"\n",
			[]wantErr{
				{7, "aws.exclude[1]", `bad regular expression "[a-": missing closing ]`},
				{8, "aws.exclude[2]", `bad regular expression "*-old": missing argument to repetition operator (these are Go regular expressions, not globs`},
				{9, "aws.exclude[3]", "empty pattern: it would exclude every cluster"},
			}},
		{"exclude not a list",
			okCredentials + okAWS + "  exclude: ^tmp-\n",
			[]wantErr{{5, "aws.exclude", `must be a list such as ["^tmp-"], got string "^tmp-"`}}},
		{"bad scalar values",
			okCredentials + okAWS + "  endpoint: cluster\n  wake_paused: \"no\"\n  concurrency_per_region: 65\n  api_max_attempts: 0\n",
			[]wantErr{
				{5, "aws.endpoint", `must be reader or writer, got string "cluster"`},
				{6, "aws.wake_paused", `must be true or false, got string "no"`},
				{7, "aws.concurrency_per_region", "must be from 1 to 64, got 65"},
				{8, "aws.api_max_attempts", "must be from 1 to 50, got 0"},
			}},
		{"aws not a mapping",
			"aws: us-east-1\n",
			[]wantErr{{1, "aws", `must be a mapping of keys to values, got string "us-east-1"`}}},
		{"credentials not a mapping",
			okAWS + "credentials: auroradoc/{cluster}\n",
			[]wantErr{{3, "credentials", `must be a mapping of keys to values, got string "auroradoc/{cluster}"`}}},
		{"misspelt aws section",
			"asw:\n  regions: [us-east-1]\n" + okCredentials,
			[]wantErr{{1, "asw", `unknown key (did you mean "aws"?)`}}},
		{"unknown aws key",
			okCredentials + okAWS + "  role_arn: arn:aws:iam::1:role/x\n",
			[]wantErr{{5, "aws.role_arn", "unknown key (known keys here: regions, engines, include_tags, exclude, endpoint, " +
				"wake_paused, concurrency_per_region, api_max_attempts, accounts)"}}},
		{"duplicate aws section",
			okAWS + okCredentials + okAWS,
			[]wantErr{{5, "aws", "duplicate key (first set at line 1)"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Parse([]byte(c.src), "auroradoc.yaml")
			if err == nil {
				t.Fatalf("no error; config %+v", cfg)
			}
			if cfg != nil {
				t.Errorf("config returned with an error: %+v", cfg)
			}
			checkErrors(t, err, c.want)
		})
	}
}

func TestAWSExcluded(t *testing.T) {
	a := &AWS{
		Exclude:         []*regexp.Regexp{regexp.MustCompile("^tmp-"), regexp.MustCompile("-old$")},
		ExcludePatterns: []string{"^tmp-", "-old$"},
	}
	cases := []struct {
		aws     *AWS
		cluster string
		want    bool
	}{
		{a, "tmp-billing", true},
		{a, "billing-old", true},
		{a, "billing", false},
		{a, "billing-tmp-1", false}, // ^ anchors
		{a, "billing-older", false}, // $ anchors
		{a, "TMP-billing", false},   // case-sensitive
		{&AWS{Exclude: []*regexp.Regexp{regexp.MustCompile("scratch")}}, "my-scratch-db", true}, // unanchored
		{&AWS{}, "tmp-billing", false},
		{nil, "tmp-billing", false},
	}
	for _, c := range cases {
		if got := c.aws.Excluded(c.cluster); got != c.want {
			t.Errorf("Excluded(%q) with %v = %v, want %v", c.cluster, c.aws, got, c.want)
		}
	}
}

func TestAWSTagsMatch(t *testing.T) {
	a := &AWS{IncludeTags: map[string]string{"env": "prd", "team": "*"}}
	cases := []struct {
		name string
		aws  *AWS
		tags map[string]string
		want bool
	}{
		{"all wanted tags", a, map[string]string{"env": "prd", "team": "billing"}, true},
		{"extra tags are fine", a, map[string]string{"env": "prd", "team": "x", "owner": "y"}, true},
		{"star accepts an empty value", a, map[string]string{"env": "prd", "team": ""}, true},
		{"star still needs the key", a, map[string]string{"env": "prd"}, false},
		{"wrong value", a, map[string]string{"env": "stg", "team": "billing"}, false},
		{"values are case-sensitive", a, map[string]string{"env": "PRD", "team": "billing"}, false},
		{"keys are case-sensitive", a, map[string]string{"Env": "prd", "team": "billing"}, false},
		{"no tags", a, nil, false},
		{"empty wanted value", &AWS{IncludeTags: map[string]string{"env": ""}}, map[string]string{"env": ""}, true},
		{"empty wanted value needs the key", &AWS{IncludeTags: map[string]string{"env": ""}}, map[string]string{}, false},
		{"no include_tags", &AWS{}, nil, true},
		{"nil AWS", nil, map[string]string{"env": "prd"}, true},
	}
	for _, c := range cases {
		if got := c.aws.TagsMatch(c.tags); got != c.want {
			t.Errorf("%s: TagsMatch(%v) = %v, want %v", c.name, c.tags, got, c.want)
		}
	}
}

func TestCredentialsSecretIDFor(t *testing.T) {
	cases := []struct {
		creds *Credentials
		want  string
	}{
		{&Credentials{SecretID: "auroradoc/{cluster}"}, "auroradoc/billing-prod"},
		{&Credentials{SecretID: "auroradoc/{region}/{cluster}"}, "auroradoc/ap-northeast-1/billing-prod"},
		{&Credentials{SecretID: "{cluster}-{cluster}"}, "billing-prod-billing-prod"},
		{&Credentials{SecretID: "arn:aws:secretsmanager:{region}:123456789012:secret:auroradoc/{cluster}"},
			"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:auroradoc/billing-prod"},
		{&Credentials{SecretID: "auroradoc/shared"}, "auroradoc/shared"},
		{&Credentials{IAMUser: "auroradoc"}, ""},
		{nil, ""},
	}
	for _, c := range cases {
		if got := c.creds.SecretIDFor("billing-prod", "ap-northeast-1"); got != c.want {
			t.Errorf("SecretIDFor with %+v = %q, want %q", c.creds, got, c.want)
		}
	}
}

// TestParseAWSSecretIDs: secret names and ARNs that must be accepted.
func TestParseAWSSecretIDs(t *testing.T) {
	for _, id := range []string{
		"auroradoc/{cluster}",
		"{region}/{cluster}",
		"shared-crawl-account",
		"arn:aws:secretsmanager:{region}:123456789012:secret:auroradoc/{cluster}",
		"a_b+c=d.e@f-g",
	} {
		src := okAWS + "credentials:\n  secret_id: \"" + id + "\"\n"
		cfg, err := Parse([]byte(src), "auroradoc.yaml")
		if err != nil {
			t.Errorf("secret_id %q: %v", id, err)
			continue
		}
		if cfg.Credentials.SecretID != id {
			t.Errorf("secret_id %q read as %q", id, cfg.Credentials.SecretID)
		}
	}
}

func TestCheckRegion(t *testing.T) {
	for _, r := range []string{"us-east-1", "ap-northeast-3", "us-gov-west-1", "cn-northwest-1", "eu-central-2", "us-isob-east-1"} {
		if msg := checkRegion(r); msg != "" {
			t.Errorf("checkRegion(%q) = %q, want accepted", r, msg)
		}
	}
	if strings.Contains(checkRegion("us-east"), "availability zone") {
		t.Error(`checkRegion("us-east") calls it an availability zone`)
	}
}

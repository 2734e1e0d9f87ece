package inventory_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/auroradoc/auroradoc/inventory"
)

func TestSecretLogin(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 3) // AWS_REGION is us-east-1
	ctx := testContext(t)
	const region = "eu-west-1"

	fake.PutSecret(region, "auroradoc/orders", `{"username":"app_ro","password":"s3cr3t \"quoted\" \\ pass"}`)
	// Same name in the configured region: SecretLogin must ask region.
	fake.PutSecret("us-east-1", "auroradoc/orders", `{"username":"wrong","password":"wrong-region"}`)
	// As RDS-managed and rotation-template secrets look.
	fake.PutSecret(region, "rds!cluster-3f1e0b6c", `{"engine":"mysql","host":"127.0.0.1","port":3306,"dbClusterIdentifier":"orders","username":"admin","password":"Rds-M4naged"}`)

	t.Run("by name", func(t *testing.T) {
		user, pass, err := inventory.SecretLogin(ctx, cfg, region, "auroradoc/orders")
		if err != nil {
			t.Fatalf("SecretLogin: %v", err)
		}
		if user != "app_ro" || pass != `s3cr3t "quoted" \ pass` {
			t.Errorf("SecretLogin = %q, %q; want app_ro, %q", user, pass, `s3cr3t "quoted" \ pass`)
		}
		cs := calls(fake, "GetSecretValue", region)
		if len(cs) != 1 || cs[0].Service != "secretsmanager" || cs[0].Params.Get("SecretId") != "auroradoc/orders" {
			t.Errorf("GetSecretValue calls in %s = %+v, want one for auroradoc/orders", region, cs)
		}
		if n := fake.Count("", "", "us-east-1"); n != 0 {
			t.Errorf("%d calls to us-east-1, want the secret read in %s", n, region)
		}
	})

	t.Run("extra fields", func(t *testing.T) {
		user, pass, err := inventory.SecretLogin(ctx, cfg, region, "rds!cluster-3f1e0b6c")
		if err != nil {
			t.Fatalf("SecretLogin: %v", err)
		}
		if user != "admin" || pass != "Rds-M4naged" {
			t.Errorf("SecretLogin = %q, %q; want admin, Rds-M4naged", user, pass)
		}
	})

	t.Run("by ARN", func(t *testing.T) {
		out, err := secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) { o.Region = region }).
			GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("rds!cluster-3f1e0b6c")})
		if err != nil {
			t.Fatalf("GetSecretValue: %v", err)
		}
		secretARN := aws.ToString(out.ARN)
		if !strings.HasPrefix(secretARN, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-3f1e0b6c-") {
			t.Fatalf("ARN = %q", secretARN)
		}
		user, pass, err := inventory.SecretLogin(ctx, cfg, region, secretARN)
		if err != nil {
			t.Fatalf("SecretLogin(%s): %v", secretARN, err)
		}
		if user != "admin" || pass != "Rds-M4naged" {
			t.Errorf("SecretLogin = %q, %q; want admin, Rds-M4naged", user, pass)
		}
	})

	t.Run("missing", func(t *testing.T) {
		user, pass, err := inventory.SecretLogin(ctx, cfg, region, "auroradoc/nope")
		if err == nil {
			t.Fatalf("SecretLogin = %q, %q, want an error", user, pass)
		}
		for _, s := range []string{"auroradoc/nope", "secretsmanager:GetSecretValue", "ResourceNotFoundException"} {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("error %q does not contain %q", err, s)
			}
		}
		if user != "" || pass != "" {
			t.Errorf("SecretLogin returned %q, %q with an error", user, pass)
		}
	})

	t.Run("malformed", func(t *testing.T) {
		for i, value := range []string{
			`{"username":"u","password":"p4ss`,    // truncated
			`{"username":"u","password":p4ss}`,    // unquoted: a syntax error quotes the character
			`{"username":"u","password":"p4ss"}}`, // trailing garbage
			`p4ss`,                                // not JSON at all
			`"p4ss"`,                              // JSON, not an object
			`{"username":"u","password":["p4ss"]}`,
		} {
			id := "auroradoc/malformed-" + string(rune('a'+i))
			fake.PutSecret(region, id, value)
			user, pass, err := inventory.SecretLogin(ctx, cfg, region, id)
			if err == nil {
				t.Errorf("%s (%s): SecretLogin = %q, %q, want an error", id, value, user, pass)
				continue
			}
			if strings.Contains(err.Error(), "p4ss") {
				t.Errorf("%s: error %q shows the secret's value", id, err)
			}
			if !strings.Contains(err.Error(), id) {
				t.Errorf("%s: error %q does not name the secret", id, err)
			}
		}
	})

	t.Run("empty fields", func(t *testing.T) {
		for i, value := range []string{
			`{"username":"u","password":""}`,
			`{"username":"u"}`,
			`{"username":"","password":"p4ss"}`,
			`{}`,
		} {
			id := "auroradoc/empty-" + string(rune('a'+i))
			fake.PutSecret(region, id, value)
			user, pass, err := inventory.SecretLogin(ctx, cfg, region, id)
			if err == nil {
				t.Errorf("%s (%s): SecretLogin = %q, %q, want an error", id, value, user, pass)
				continue
			}
			if !strings.Contains(err.Error(), id) || !strings.Contains(err.Error(), "empty") || strings.Contains(err.Error(), "p4ss") {
				t.Errorf("%s: error %q, want it to name the secret and say empty, without the value", id, err)
			}
		}
	})
}

func TestIAMToken(t *testing.T) {
	fake := startFake(t)
	cfg := awsConfig(t, fake, 3)
	ctx := testContext(t)

	tok, err := inventory.IAMToken(ctx, cfg, "127.0.0.1:3306", "us-east-1", "iam_reader")
	if err != nil {
		t.Fatalf("IAMToken: %v", err)
	}
	// host:port?query (the CLI writes host:port/?query; RDS takes both).
	if !strings.HasPrefix(tok, "127.0.0.1:3306?") && !strings.HasPrefix(tok, "127.0.0.1:3306/?") {
		t.Errorf("token %q does not start with the endpoint and its query", tok)
	}
	for _, s := range []string{"Action=connect", "DBUser=iam_reader", "X-Amz-Credential=" + testAccessKey + "%2F"} {
		if !strings.Contains(tok, s) {
			t.Errorf("token %q does not contain %q", tok, s)
		}
	}
	if strings.Contains(tok, testSecretKey) {
		t.Errorf("token contains the secret access key")
	}
	u, err := url.Parse("https://" + tok)
	if err != nil {
		t.Fatalf("token is not a URL: %v", err)
	}
	if u.Host != "127.0.0.1:3306" || (u.Path != "" && u.Path != "/") {
		t.Errorf("token host %q path %q, want 127.0.0.1:3306 and no path", u.Host, u.Path)
	}
	q := u.Query()
	checks := map[string]*regexp.Regexp{
		"Action":              regexp.MustCompile(`^connect$`),
		"DBUser":              regexp.MustCompile(`^iam_reader$`),
		"X-Amz-Algorithm":     regexp.MustCompile(`^AWS4-HMAC-SHA256$`),
		"X-Amz-Credential":    regexp.MustCompile(`^` + testAccessKey + `/20\d{6}/us-east-1/rds-db/aws4_request$`),
		"X-Amz-Date":          regexp.MustCompile(`^20\d{6}T\d{6}Z$`),
		"X-Amz-Expires":       regexp.MustCompile(`^900$`),
		"X-Amz-SignedHeaders": regexp.MustCompile(`^host$`),
		"X-Amz-Signature":     regexp.MustCompile(`^[0-9a-f]{64}$`),
	}
	for k, re := range checks {
		if got := q.Get(k); !re.MatchString(got) {
			t.Errorf("token %s = %q, want %s", k, got, re)
		}
	}
	for k := range q {
		if checks[k] == nil {
			t.Errorf("token has unexpected parameter %s=%q", k, q.Get(k))
		}
	}
	// Signed locally: no AWS call.
	if n := fake.Count("", "", ""); n != 0 {
		t.Errorf("IAMToken made %d AWS calls", n)
	}

	// Another region and a user that needs escaping.
	tok, err = inventory.IAMToken(ctx, cfg, "127.0.0.1:3307", "eu-west-1", "ops+iam@corp")
	if err != nil {
		t.Fatalf("IAMToken: %v", err)
	}
	u, err = url.Parse("https://" + tok)
	if err != nil {
		t.Fatalf("token is not a URL: %v", err)
	}
	if got := u.Query().Get("DBUser"); got != "ops+iam@corp" {
		t.Errorf("DBUser = %q, want ops+iam@corp", got)
	}
	if got := u.Query().Get("X-Amz-Credential"); !strings.HasSuffix(got, "/eu-west-1/rds-db/aws4_request") || u.Host != "127.0.0.1:3307" {
		t.Errorf("token for eu-west-1 at 127.0.0.1:3307: host %s, credential %q", u.Host, got)
	}

	// No port: an error naming the user, endpoint and IAM action.
	if _, err := inventory.IAMToken(ctx, cfg, "127.0.0.1", "us-east-1", "iam_reader"); err == nil {
		t.Error("IAMToken without a port: no error")
	} else if !strings.Contains(err.Error(), "iam_reader@127.0.0.1") || !strings.Contains(err.Error(), "rds-db:connect") {
		t.Errorf("IAMToken without a port: error %q", err)
	}
}

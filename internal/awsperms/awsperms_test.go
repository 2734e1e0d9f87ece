package awsperms_test

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/awsperms"
)

const (
	repoRoot  = "../.."
	listPath  = "../../terraform/iam-actions.json"
	terraform = "../../terraform"
)

func load(t *testing.T) awsperms.List {
	t.Helper()
	l, err := awsperms.Load(listPath)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestCodeCallsOnlyListedOperations fails when the Go code calls an AWS
// operation that terraform/iam-actions.json does not list, and when the list
// names a code operation the code no longer calls.
func TestCodeCallsOnlyListedOperations(t *testing.T) {
	l := load(t)
	ops, err := awsperms.CodeOperations(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rds:DescribeDBClusters", "rds:DescribeDBParameters", "ec2:DescribeRegions", "secretsmanager:GetSecretValue", "rds-db:connect", "s3:PutObject", "s3:ListObjectsV2", "s3:DeleteObjects"} {
		if ops[want] == nil {
			t.Errorf("the scan did not find %s: the scan is broken", want)
		}
	}
	byOp := l.ByOperation()
	var names []string
	for op, files := range ops {
		names = append(names, op)
		if _, ok := byOp[op]; !ok {
			t.Errorf("the code calls %s (%s) but terraform/iam-actions.json does not list it: add it with its IAM action and grant it in terraform/", op, strings.Join(files, ", "))
		}
	}
	sort.Strings(names)
	t.Logf("AWS operations the code calls: %v", names)
	for op := range byOp {
		if ops[op] == nil {
			t.Errorf("terraform/iam-actions.json lists the code operation %s, which the code does not call: remove it (or the scan misses a call)", op)
		}
	}
}

// TestTerraformGrantsOnlyListedActions fails when a terraform policy allows
// an action the list lacks, a wildcard action, NotAction, or Resource "*"
// for an action AWS lets us narrow.
func TestTerraformGrantsOnlyListedActions(t *testing.T) {
	byAction := load(t).ByAction()
	sts, err := awsperms.TerraformStatements(terraform)
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) < 20 {
		t.Fatalf("found only %d policy statements under terraform/: the parser is broken", len(sts))
	}
	for _, st := range sts {
		if st.Effect != "Allow" {
			continue // denies (TLS-only bucket policies) narrow, they grant nothing
		}
		if st.NotActions {
			t.Errorf("%s: NotAction in an Allow statement grants everything else", st.Pos)
		}
		if len(st.Actions) == 0 {
			t.Errorf("%s: Allow statement without literal actions", st.Pos)
		}
		for _, a := range st.Actions {
			entry, listed := byAction[a]
			switch {
			case strings.Contains(a, "*"):
				t.Errorf("%s: wildcard action %q", st.Pos, a)
			case !listed:
				t.Errorf("%s: grants %s, which terraform/iam-actions.json does not list", st.Pos, a)
			case st.StarResource && entry.ResourceStarReason == "":
				t.Errorf("%s: grants %s on Resource \"*\", but AWS allows narrowing it to %s", st.Pos, a, entry.Resource)
			}
		}
	}
}

// TestEveryListedActionIsGranted fails when the list has an action that no
// terraform policy grants: either the list is stale or a module lacks it.
func TestEveryListedActionIsGranted(t *testing.T) {
	l := load(t)
	sts, err := awsperms.TerraformStatements(terraform)
	if err != nil {
		t.Fatal(err)
	}
	granted := map[string]bool{}
	for _, st := range sts {
		if st.Effect == "Allow" {
			for _, a := range st.Actions {
				granted[a] = true
			}
		}
	}
	for _, a := range l.Actions {
		if !granted[a.Action] {
			t.Errorf("terraform/iam-actions.json lists %s (%s) but no terraform policy grants it", a.Action, a.Principal)
		}
	}
}

// TestIAMDocMatchesList fails when docs/iam.md does not name an action the
// code needs, or does not point at the list.
func TestIAMDocMatchesList(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs/iam.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "terraform/iam-actions.json") {
		t.Error("docs/iam.md must point at terraform/iam-actions.json")
	}
	ops, err := awsperms.CodeOperations(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range load(t).Actions {
		if len(a.CodeOperations) > 0 && !strings.Contains(string(doc), "`"+a.Action+"`") {
			t.Errorf("docs/iam.md does not list %s, which the code needs", a.Action)
		}
	}
	for op := range ops {
		if !strings.Contains(string(doc), "`"+op+"`") {
			t.Errorf("docs/iam.md does not name the operation %s, which the code calls", op)
		}
	}
}

// TestScanFindsCalls proves the scan sees method calls, paginators and IAM
// auth tokens, and refuses a service it does not know.
func TestScanFindsCalls(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "x", "x.go"), `package x

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/feature/rds/auth"
	awsrds "github.com/aws/aws-sdk-go-v2/service/rds"
)

func f(ctx context.Context, c *awsrds.Client) {
	c.DeleteDBCluster(ctx, nil)
	_ = awsrds.NewDescribeDBInstancesPaginator(c, nil)
	auth.BuildAuthToken(ctx, "", "", "", nil)
}
`)
	write(t, filepath.Join(dir, "x", "x_test.go"), `package x

import "github.com/aws/aws-sdk-go-v2/service/rds"

func g(c *rds.Client) { c.DeleteDBInstance(nil, nil) }
`)
	write(t, filepath.Join(dir, "internal", "fakeaws", "f.go"), `package fakeaws

import "github.com/aws/aws-sdk-go-v2/service/rds"

func g(c *rds.Client) { c.RebootDBInstance(nil, nil) }
`)
	ops, err := awsperms.CodeOperations(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for op := range ops {
		got = append(got, op)
	}
	sort.Strings(got)
	want := []string{"rds-db:connect", "rds:DeleteDBCluster", "rds:DescribeDBInstances"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CodeOperations = %v, want %v", got, want)
	}

	write(t, filepath.Join(dir, "y", "y.go"), `package y

import "github.com/aws/aws-sdk-go-v2/service/sqs"

var _ sqs.Client
`)
	if _, err := awsperms.CodeOperations(dir); err == nil || !strings.Contains(err.Error(), "sqs") {
		t.Errorf("an unknown AWS service must fail the scan, got %v", err)
	}
}

// TestStatementsSeeWildcards proves the terraform reader sees document and
// jsonencode statements, wildcard actions and "*" resources.
func TestStatementsSeeWildcards(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "m", "main.tf"), `
data "aws_iam_policy_document" "a" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = [1]
    content {
      effect    = "Deny"
      actions   = ["ec2:DescribeRegions"]
      resources = ["arn:aws:ec2:*:1:x"]
    }
  }
}

resource "aws_iam_role_policy" "b" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["sqs:SendMessage", "sns:Publish"], Resource = ["*"] }]
  })
}
`)
	write(t, filepath.Join(dir, "m", ".terraform", "modules", "ignored.tf"), `data "aws_iam_policy_document" "z" {
  statement {
    actions = ["iam:*"]
  }
}
`)
	sts, err := awsperms.TerraformStatements(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []awsperms.Statement{
		{Pos: "m/main.tf:3", Effect: "Allow", Actions: []string{"s3:*"}, StarResource: true},
		{Pos: "m/main.tf:9", Effect: "Deny", Actions: []string{"ec2:DescribeRegions"}},
		{Pos: "m/main.tf:19", Effect: "Allow", Actions: []string{"sns:Publish", "sqs:SendMessage"}, StarResource: true},
	}
	if !reflect.DeepEqual(sts, want) {
		t.Errorf("TerraformStatements =\n%+v\nwant\n%+v", sts, want)
	}

	write(t, filepath.Join(dir, "m", "bad.tf"), `data "aws_iam_policy_document" "c" {
  statement {
    actions = var.actions
  }
}
`)
	if _, err := awsperms.TerraformStatements(dir); err == nil || !strings.Contains(err.Error(), "literal") {
		t.Errorf("non-literal actions must be refused, got %v", err)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

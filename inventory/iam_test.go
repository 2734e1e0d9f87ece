package inventory

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// TestIAMDocListsEveryOperation scans the non-test Go sources of the
// repository for calls of AWS SDK operations (client methods and
// paginators of the services auroradoc uses) and fails when docs/iam.md
// does not list the matching IAM action.
func TestIAMDocListsEveryOperation(t *testing.T) {
	const awsconfigDir = "../internal/awsconfig"
	doc, err := os.ReadFile("../docs/iam.md")
	if err != nil {
		t.Fatal(err)
	}
	services := map[string]reflect.Type{
		"rds":            reflect.TypeOf(&rds.Client{}),
		"ec2":            reflect.TypeOf(&ec2.Client{}),
		"secretsmanager": reflect.TypeOf(&secretsmanager.Client{}),
		"s3":             reflect.TypeOf(&s3.Client{}),
	}
	ops := map[string][]string{} // operation name → services that have it
	for svc, typ := range services {
		for i := 0; i < typ.NumMethod(); i++ {
			ops[typ.Method(i).Name] = append(ops[typ.Method(i).Name], svc)
		}
	}
	call := regexp.MustCompile(`\.([A-Z][A-Za-z0-9]+)\(`)
	paginator := regexp.MustCompile(`\b(rds|ec2|secretsmanager|s3)\.New([A-Za-z0-9]+)Paginator\(`)
	used := map[string]bool{}
	// internal/ holds the test fakes, which are not the crawler, and
	// internal/awsconfig, which assumes the accounts' roles: walked apart.
	walk := func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != ".." && p != awsconfigDir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "internal") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(src)
		for _, m := range paginator.FindAllStringSubmatch(text, -1) {
			used[m[1]+":"+m[2]] = true
		}
		for _, m := range call.FindAllStringSubmatch(text, -1) {
			for _, svc := range ops[m[1]] {
				if strings.Contains(text, `"github.com/aws/aws-sdk-go-v2/service/`+svc+`"`) && m[1] != "Options" {
					used[svc+":"+m[1]] = true
				}
			}
		}
		if strings.Contains(text, "auth.BuildAuthToken(") {
			used["rds-db:connect"] = true
		}
		if strings.Contains(text, "stscreds.NewAssumeRoleProvider(") {
			used["sts:AssumeRole"] = true
		}
		return nil
	}
	for _, root := range []string{"..", awsconfigDir} {
		if err := filepath.WalkDir(root, walk); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	for a := range used {
		names = append(names, a)
	}
	sort.Strings(names)
	t.Logf("AWS actions used by the code: %v", names)
	for _, want := range []string{"rds:DescribeDBClusters", "rds:DescribeDBParameters", "secretsmanager:GetSecretValue", "rds-db:connect", "s3:PutObject", "s3:ListObjectsV2", "sts:AssumeRole"} {
		if !used[want] {
			t.Errorf("scanner did not find %s: the scan is broken", want)
		}
	}
	for _, a := range names {
		if !strings.Contains(string(doc), "`"+a+"`") {
			t.Errorf("docs/iam.md does not list %s, which the code calls", a)
		}
	}
}

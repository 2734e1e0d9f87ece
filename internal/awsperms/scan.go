package awsperms

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

const servicePath = "github.com/aws/aws-sdk-go-v2/service/"

// testInfrastructure reports whether the package at rel is one the scan
// leaves out: it fakes or starts AWS services for tests and never runs in
// production.
func testInfrastructure(rel string) bool {
	switch rel {
	case "internal/fakeaws", "internal/fakes3", "internal/dynamolocal":
		return true
	}
	return false
}

// clientTypes are the SDK clients whose method sets name the operations.
// A service the code imports but that is missing here fails the scan.
func clientTypes() map[string]reflect.Type {
	return map[string]reflect.Type{
		"rds":            reflect.TypeOf(&rds.Client{}),
		"ec2":            reflect.TypeOf(&ec2.Client{}),
		"secretsmanager": reflect.TypeOf(&secretsmanager.Client{}),
		"s3":             reflect.TypeOf(&s3.Client{}),
		"dynamodb":       reflect.TypeOf(&dynamodb.Client{}),
		"sts":            reflect.TypeOf(&sts.Client{}),
		"bedrockruntime": reflect.TypeOf(&bedrockruntime.Client{}),
		"ssm":            reflect.TypeOf(&ssm.Client{}),
		"scheduler":      reflect.TypeOf(&scheduler.Client{}),
	}
}

// CodeOperations scans the non-test Go files under root (skipping hidden
// directories, testdata, and the test infrastructure: internal/fakeaws,
// internal/fakes3, internal/dynamolocal) and returns the
// AWS operations they call as service:Operation, each with the files that
// call it. It finds client method calls (x.DescribeDBClusters(…)) in files
// that import the service, paginators (rds.NewDescribeDBClustersPaginator)
// IAM database authentication tokens (auth.BuildAuthToken →
// rds-db:connect) and assumed roles (stscreds.NewAssumeRoleProvider →
// sts:AssumeRole).
func CodeOperations(root string) (map[string][]string, error) {
	clients := clientTypes()
	methods := map[string]map[string]bool{}
	for svc, typ := range clients {
		methods[svc] = map[string]bool{}
		for i := 0; i < typ.NumMethod(); i++ {
			if name := typ.Method(i).Name; name != "Options" {
				methods[svc][name] = true
			}
		}
	}
	found := map[string]map[string]bool{}
	add := func(op, file string) {
		if found[op] == nil {
			found[op] = map[string]bool{}
		}
		found[op][file] = true
	}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			// Test infrastructure, not calls to AWS: the fake AWS, the fake
			// S3 and DynamoDB Local for tests.
			if p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || testInfrastructure(rel)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("scanning %s for AWS calls: %w", rel, err)
		}
		imported := map[string]string{} // local name → service
		authName, stscredsName := "", ""
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "github.com/aws/aws-sdk-go-v2/feature/rds/auth" {
				authName = importName(imp, "auth")
				continue
			}
			if path == "github.com/aws/aws-sdk-go-v2/credentials/stscreds" {
				stscredsName = importName(imp, "stscreds")
				continue
			}
			svc, ok := strings.CutPrefix(path, servicePath)
			if !ok || strings.Contains(svc, "/") {
				continue
			}
			if _, known := clients[svc]; !known {
				return fmt.Errorf("%s imports the AWS service %s, which the permission scan does not know: add its client type to clientTypes in internal/awsperms/scan.go and its actions to terraform/iam-actions.json", rel, svc)
			}
			imported[importName(imp, svc)] = svc
		}
		if len(imported) == 0 && authName == "" && stscredsName == "" {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			name := sel.Sel.Name
			if pkg, ok := sel.X.(*ast.Ident); ok {
				if svc, ok := imported[pkg.Name]; ok {
					if op, ok := strings.CutPrefix(name, "New"); ok && strings.HasSuffix(op, "Paginator") {
						add(svc+":"+strings.TrimSuffix(op, "Paginator"), rel)
					}
					return true // other package functions (NewFromConfig, …) are not calls to AWS
				}
				if pkg.Name == authName && name == "BuildAuthToken" {
					add("rds-db:connect", rel)
					return true
				}
				if pkg.Name == stscredsName && name == "NewAssumeRoleProvider" {
					add("sts:AssumeRole", rel) // the provider calls it when credentials expire
					return true
				}
			}
			for _, svc := range imported {
				if methods[svc][name] {
					add(svc+":"+name, rel)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(found))
	for op, files := range found {
		for f := range files {
			out[op] = append(out[op], f)
		}
		sort.Strings(out[op])
	}
	return out, nil
}

func importName(imp *ast.ImportSpec, def string) string {
	if imp.Name != nil {
		return imp.Name.Name
	}
	return def
}

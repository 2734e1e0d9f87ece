package tfcheck_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/tfcheck"
)

const repoTerraform = "../../terraform"

// setup finds the toolchain and copies terraform/ to a temp dir. A missing
// tool fails under CI=true (scripts/test.sh provides them) and skips
// otherwise, saying what is missing.
func setup(t *testing.T) (*tfcheck.Runner, string) {
	t.Helper()
	tools, err := tfcheck.Find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: %v", err)
		}
		t.Skipf("skipping: %v", err)
	}
	scratch := t.TempDir()
	root := filepath.Join(scratch, "terraform")
	if err := tfcheck.CopyTree(repoTerraform, root); err != nil {
		t.Fatal(err)
	}
	r, err := tfcheck.NewRunner(tools, scratch)
	if err != nil {
		t.Fatal(err)
	}
	return r, root
}

func context10(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func dirs(t *testing.T, root string) []string {
	t.Helper()
	d, err := tfcheck.Dirs(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(d) < 7 {
		t.Fatalf("found only %v under terraform/: expected 5 modules and 2 examples", d)
	}
	return d
}

// TestFormat is terraform fmt -check -recursive over terraform/.
func TestFormat(t *testing.T) {
	r, root := setup(t)
	out, err := r.Terraform(context10(t), root, "fmt", "-check", "-recursive", "-diff", "-no-color")
	if err != nil {
		t.Fatalf("terraform fmt -check: files need formatting (run terraform fmt -recursive terraform/):\n%s\n%v", out, err)
	}
}

// TestValidate runs terraform init (offline, provider mirror) and validate
// for every module and example.
func TestValidate(t *testing.T) {
	r, root := setup(t)
	ctx := context10(t)
	for _, d := range dirs(t, root) {
		t.Run(d, func(t *testing.T) {
			t.Parallel() // each is a separate copy; terraform is the bottleneck
			dir := filepath.Join(root, d)
			if err := tfcheck.AddAliasedProviders(dir); err != nil {
				t.Fatal(err)
			}
			if out, err := r.Init(ctx, dir); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if out, err := r.Terraform(ctx, dir, "validate", "-no-color"); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
		})
	}
}

// TestModuleTests runs each module's terraform test files (offline: the
// real provider with fake keys and skip_* settings, overridden data sources
// and computed ARNs).
func TestModuleTests(t *testing.T) {
	r, root := setup(t)
	ctx := context10(t)
	for _, d := range dirs(t, root) {
		if !strings.HasPrefix(d, "modules") {
			continue
		}
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(root, d)
			tests, _ := filepath.Glob(filepath.Join(dir, "tests", "*.tftest.hcl"))
			if len(tests) == 0 {
				t.Fatalf("%s has no tests/*.tftest.hcl", d)
			}
			if out, err := r.Init(ctx, dir); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			out, err := r.Terraform(ctx, dir, "test", "-no-color")
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if !regexp.MustCompile(`Success! [1-9][0-9]* passed, 0 failed`).MatchString(out) {
				t.Fatalf("terraform test did not report success:\n%s", out)
			}
			t.Log(lastLine(out))
		})
	}
}

// TestLint runs tflint with its bundled terraform ruleset (preset all, see
// terraform/.tflint.hcl) on every module and example.
func TestLint(t *testing.T) {
	r, root := setup(t)
	ctx := context10(t)
	cfg := filepath.Join(root, ".tflint.hcl")
	for _, d := range dirs(t, root) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			out, err := r.TFLint(ctx, filepath.Join(root, d), "--config="+cfg, "--no-color", "--format=compact")
			if err != nil || strings.TrimSpace(out) != "" {
				t.Fatalf("tflint found problems (%v):\n%s", err, out)
			}
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

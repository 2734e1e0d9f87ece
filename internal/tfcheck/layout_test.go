package tfcheck_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/auroradoc/auroradoc/internal/tfcheck"
)

// TestModuleLayout checks the terraform-aws-modules layout: every module has
// main.tf, variables.tf, outputs.tf, versions.tf, tests/*.tftest.hcl and a
// README naming each input and output; every variable and output has a
// description and every variable a type.
func TestModuleLayout(t *testing.T) {
	ds, err := tfcheck.Dirs(repoTerraform)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		dir := filepath.Join(repoTerraform, d)
		files := []string{"main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"}
		for _, f := range files {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s: missing %s", d, f)
			}
		}
		if strings.HasPrefix(d, "modules") {
			if tests, _ := filepath.Glob(filepath.Join(dir, "tests", "*.tftest.hcl")); len(tests) == 0 {
				t.Errorf("%s: no tests/*.tftest.hcl", d)
			}
		}
		readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
		for _, kind := range []string{"variable", "output"} {
			blocks, err := topBlocks(dir, kind)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range blocks {
				name := b.Labels[0]
				if _, ok := b.Body.Attributes["description"]; !ok {
					t.Errorf("%s: %s %q has no description", d, kind, name)
				}
				if _, ok := b.Body.Attributes["type"]; kind == "variable" && !ok {
					t.Errorf("%s: variable %q has no type", d, name)
				}
				if !strings.Contains(string(readme), "`"+name+"`") {
					t.Errorf("%s/README.md does not document the %s `%s`", d, kind, name)
				}
			}
		}
	}
}

// TestCSPHeaderMatchesPages holds the CloudFront Content-Security-Policy
// header to the <meta> CSP the pages carry (templates/html/layout.html),
// plus frame-ancestors, which only a header can set.
func TestCSPHeaderMatchesPages(t *testing.T) {
	layout, err := os.ReadFile("../../templates/html/layout.html")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]+)"`).FindSubmatch(layout)
	if m == nil {
		t.Fatal("no CSP <meta> in templates/html/layout.html")
	}
	main, err := os.ReadFile(filepath.Join(repoTerraform, "modules/store-and-site/main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	h := regexp.MustCompile(`content_security_policy = "([^"]+)"`).FindSubmatch(main)
	if h == nil {
		t.Fatal("no content_security_policy local in modules/store-and-site/main.tf")
	}
	if want := string(m[1]) + "; frame-ancestors 'none'"; string(h[1]) != want {
		t.Errorf("CloudFront CSP header\n  %s\nwant the pages' CSP plus frame-ancestors\n  %s", h[1], want)
	}
}

func topBlocks(dir, kind string) ([]*hclsyntax.Block, error) {
	tfs, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	var out []*hclsyntax.Block
	for _, f := range tfs {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		file, diags := hclsyntax.ParseConfig(src, f, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("parsing %s: %s", f, diags.Error())
		}
		for _, b := range file.Body.(*hclsyntax.Body).Blocks {
			if b.Type == kind && len(b.Labels) == 1 {
				out = append(out, b)
			}
		}
	}
	return out, nil
}

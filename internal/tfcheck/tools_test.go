package tfcheck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/tfcheck"
)

// TestFindRefusesWrongEnvironment: a set variable that points at the wrong
// place is an error naming it, never a silent fallback.
func TestFindRefusesWrongEnvironment(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(tfcheck.EnvPluginDir, empty)
	t.Setenv(tfcheck.EnvTerraform, filepath.Join(empty, "no-terraform"))
	t.Setenv(tfcheck.EnvTFLint, filepath.Join(empty, "no-tflint"))
	_, err := tfcheck.Find()
	if err == nil {
		t.Fatal("Find accepted a mirror without providers and missing binaries")
	}
	for _, want := range []string{tfcheck.EnvPluginDir, tfcheck.EnvTerraform, tfcheck.EnvTFLint} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

// TestCopyTreeLeavesOutInitArtefacts: the copy the tests run on never takes
// .terraform, lock files or state along.
func TestCopyTreeLeavesOutInitArtefacts(t *testing.T) {
	src := t.TempDir()
	for _, f := range []string{"m/main.tf", "m/.terraform/x", "m/.terraform.lock.hcl", "m/terraform.tfstate", "m/terraform.tfstate.backup", "m/tests/a.tftest.hcl"} {
		p := filepath.Join(src, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dst := filepath.Join(t.TempDir(), "copy")
	if err := tfcheck.CopyTree(src, dst); err != nil {
		t.Fatal(err)
	}
	var got []string
	_ = filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dst, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	})
	if strings.Join(got, ",") != "m/main.tf,m/tests/a.tftest.hcl" {
		t.Errorf("copied %v, want only m/main.tf and m/tests/a.tftest.hcl", got)
	}
}

package tfcheck

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Tools are the paths of the Terraform toolchain.
type Tools struct {
	Terraform string // terraform binary
	PluginDir string // provider mirror: the directory holding registry.terraform.io/
	TFLint    string // tflint binary
}

// Environment variables that scripts/test.sh exports (and a user may set).
const (
	EnvTerraform = "AURORADOC_TERRAFORM"
	EnvPluginDir = "AURORADOC_TF_PLUGIN_DIR"
	EnvTFLint    = "AURORADOC_TFLINT"
)

// mirrorCandidates are the usual places of a filesystem provider mirror.
func mirrorCandidates() []string {
	c := []string{"/opt/tf-plugins", "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins"}
	if home, err := os.UserHomeDir(); err == nil {
		c = append(c, filepath.Join(home, ".terraform.d", "plugins"), filepath.Join(home, ".local", "share", "terraform", "plugins"))
	}
	return c
}

// Find locates the toolchain. Each tool comes from its environment variable
// when set (which must then be right), else from PATH or the usual places.
// The error names every tool that is missing and how to get it.
func Find() (Tools, error) {
	var t Tools
	var missing []string
	var err error
	if t.Terraform, err = binary(EnvTerraform, "terraform", nil); err != nil {
		missing = append(missing, err.Error()+" (Terraform >= 1.7; scripts/test.sh looks for it)")
	}
	if t.TFLint, err = binary(EnvTFLint, "tflint", gobinCandidates("tflint")); err != nil {
		missing = append(missing, err.Error()+" (go install github.com/terraform-linters/tflint@v0.64.0; scripts/test.sh builds it when missing)")
	}
	if t.PluginDir, err = pluginDir(); err != nil {
		missing = append(missing, err.Error())
	}
	if len(missing) > 0 {
		return t, fmt.Errorf("terraform toolchain incomplete: %v", missing)
	}
	return t, nil
}

func gobinCandidates(name string) []string {
	var c []string
	if gobin := os.Getenv("GOBIN"); gobin != "" {
		c = append(c, filepath.Join(gobin, name))
	}
	if gopath := os.Getenv("GOPATH"); gopath != "" {
		c = append(c, filepath.Join(gopath, "bin", name))
	}
	if home, err := os.UserHomeDir(); err == nil {
		c = append(c, filepath.Join(home, "go", "bin", name))
	}
	return c
}

func binary(env, name string, extra []string) (string, error) {
	if p := os.Getenv(env); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("%s=%s is not an executable: %w", env, p, err)
		}
		return p, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, p := range extra {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found (set %s)", name, env)
}

func pluginDir() (string, error) {
	if p := os.Getenv(EnvPluginDir); p != "" {
		if !isMirror(p) {
			return "", fmt.Errorf("%s=%s does not hold registry.terraform.io/hashicorp/aws", EnvPluginDir, p)
		}
		return p, nil
	}
	for _, p := range mirrorCandidates() {
		if isMirror(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("no provider mirror with registry.terraform.io/hashicorp/aws found (set %s to the directory holding registry.terraform.io/)", EnvPluginDir)
}

func isMirror(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, "registry.terraform.io", "hashicorp", "aws"))
	return err == nil && fi.IsDir()
}

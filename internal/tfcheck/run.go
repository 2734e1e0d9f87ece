package tfcheck

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// CopyTree copies the terraform tree src to dst, leaving out .terraform
// directories, lock files and state.
func CopyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		name := d.Name()
		if d.IsDir() {
			if name == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		if name == ".terraform.lock.hcl" || strings.HasSuffix(name, ".tfstate") || strings.Contains(name, ".tfstate.") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("copying the terraform tree: %w", err)
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// Runner runs terraform and tflint offline.
type Runner struct {
	Tools Tools
	env   []string
}

// NewRunner prepares an environment with an empty CLI configuration in
// scratch (no credentials helpers, no network mirrors), no checkpoint calls
// and no AWS credentials or profile from the caller's environment.
func NewRunner(tools Tools, scratch string) (*Runner, error) {
	cfg := filepath.Join(scratch, "terraformrc")
	if err := os.WriteFile(cfg, nil, 0o644); err != nil {
		return nil, fmt.Errorf("writing an empty terraform CLI config: %w", err)
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") || strings.HasPrefix(k, "TF_") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"TF_CLI_CONFIG_FILE="+cfg,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"AWS_EC2_METADATA_DISABLED=true",
		"TFLINT_LOG=",
	)
	return &Runner{Tools: tools, env: env}, nil
}

// Terraform runs terraform with args in dir and returns its combined output.
func (r *Runner) Terraform(ctx context.Context, dir string, args ...string) (string, error) {
	return r.run(ctx, dir, r.Tools.Terraform, args...)
}

// TFLint runs tflint with args in dir and returns its combined output.
func (r *Runner) TFLint(ctx context.Context, dir string, args ...string) (string, error) {
	return r.run(ctx, dir, r.Tools.TFLint, args...)
}

func (r *Runner) run(ctx context.Context, dir, bin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = r.env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s in %s: %w", filepath.Base(bin), strings.Join(args, " "), dir, err)
	}
	return out.String(), nil
}

// Init runs terraform init against the provider mirror, without a backend.
func (r *Runner) Init(ctx context.Context, dir string) (string, error) {
	return r.Terraform(ctx, dir, "init", "-backend=false", "-input=false", "-no-color", "-plugin-dir="+r.Tools.PluginDir)
}

var aliasesRE = regexp.MustCompile(`configuration_aliases\s*=\s*\[([^\]]*)\]`)

// AddAliasedProviders gives a module that needs aliased providers
// (configuration_aliases) a provider block for each, so it can be validated
// on its own as a root module. Not for terraform test: the test files
// declare those providers themselves.
func AddAliasedProviders(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "versions.tf"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading versions.tf: %w", err)
	}
	m := aliasesRE.FindSubmatch(b)
	if m == nil {
		return nil
	}
	var blocks strings.Builder
	for _, a := range strings.Split(string(m[1]), ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		provider, alias, ok := strings.Cut(a, ".")
		if !ok {
			return fmt.Errorf("%s: configuration alias %q is not provider.alias", dir, a)
		}
		fmt.Fprintf(&blocks, "provider %q {\n  alias = %q\n}\n\n", provider, alias)
	}
	return os.WriteFile(filepath.Join(dir, "zz_validate_providers.tf"), []byte(blocks.String()), 0o644)
}

// Dirs lists the module and example directories of a terraform tree
// (terraform/modules/* and terraform/examples/*), relative to root.
func Dirs(root string) ([]string, error) {
	var dirs []string
	for _, kind := range []string{"modules", "examples"} {
		entries, err := os.ReadDir(filepath.Join(root, kind))
		if err != nil {
			return nil, fmt.Errorf("listing terraform %s: %w", kind, err)
		}
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join(kind, e.Name()))
			}
		}
	}
	return dirs, nil
}

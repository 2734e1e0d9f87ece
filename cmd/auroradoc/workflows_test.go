package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestWorkflowsUseRealFlags keeps the example workflows in step with the
// CLI: every `auroradoc <command> --flag …` in a run: step of
// .github/workflows must name a command and flags that exist.
func TestWorkflowsUseRealFlags(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", ".github", "workflows", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows found: %v", err)
	}
	cmds := map[string]*command{}
	for _, c := range commands() {
		cmds[c.name] = c
	}
	invocation := regexp.MustCompile(`auroradoc"?\s+([a-z]+)\s([^\n]*)`)
	checked := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Run string `yaml:"run"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(data, &wf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, job := range wf.Jobs {
			for _, step := range job.Steps {
				script := strings.ReplaceAll(step.Run, "\\\n", " ")
				for _, m := range invocation.FindAllStringSubmatch(script, -1) {
					c := cmds[m[1]]
					if c == nil {
						if m[1] == "cmd" { // "go build … ./cmd/auroradoc"
							continue
						}
						t.Errorf("%s: unknown command %q in %q", f, m[1], m[0])
						continue
					}
					fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
					fs.SetOutput(io.Discard)
					c.register(fs)
					for _, word := range strings.Fields(m[2]) {
						if !strings.HasPrefix(word, "--") {
							continue
						}
						name, _, _ := strings.Cut(strings.TrimPrefix(word, "--"), "=")
						if fs.Lookup(name) == nil {
							t.Errorf("%s: auroradoc %s has no flag --%s", f, c.name, name)
						}
					}
					checked++
				}
			}
		}
	}
	if checked < 3 {
		t.Errorf("only %d auroradoc invocations found in the workflows; the pattern is broken", checked)
	}
}

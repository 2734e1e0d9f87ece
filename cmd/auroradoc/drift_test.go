package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/drift/report"
	dt "github.com/auroradoc/auroradoc/internal/drifttest"
	"github.com/auroradoc/auroradoc/policy"
)

// The drift and baseline commands parse flags and print what drift/assess
// gives; what an assessment finds is tested there, on the same store
// (internal/drifttest). These tests are about the commands.

// declaringPolicy declares every change of set 2 (drifttest.OrdersChanges).
const declaringPolicy = `volatile: [long_query_time]
declared:
  - {kind: parameter, object: max_connections, reason: "PR #42"}
  - {kind: variable, object: max_connections, reason: "PR #42"}
  - {kind: schema, object: "shop.customer*", reason: "PR #43"}
`

// TestDriftFlagsReachTheAssessment: each flag that selects what is
// assessed, and how, gives the report assess.Run gives for the same
// inputs, byte for byte, with its exit code.
func TestDriftFlagsReachTheAssessment(t *testing.T) {
	b := dt.DriftStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	polFile := writeFile(t, dir, "policy.yaml", declaringPolicy)
	pol, err := policy.Parse(polFile, []byte(declaringPolicy))
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "baseline.json")
	if code, _, errOut := runCLI(t, nil, "baseline", "--store", b.Dir, "--set", b.IDs[0], "--out", base); code != exitOK {
		t.Fatalf("baseline: exit %d, %s", code, errOut)
	}
	readBase := func() *assess.Baseline {
		bl, err := assess.ReadBaseline(base)
		if err != nil {
			t.Fatal(err)
		}
		return bl
	}
	for _, c := range []struct {
		args     []string
		from, to string
		baseline bool
		o        assess.Options
		code     int
	}{
		{nil, "", "", false, assess.Options{GroupBy: assess.DefaultGroupBy}, 0},
		{[]string{"--from", b.IDs[0], "--to", b.IDs[1]}, b.IDs[0], b.IDs[1], false, assess.Options{GroupBy: assess.DefaultGroupBy}, 1},
		{[]string{"--to", b.IDs[1]}, "", b.IDs[1], false, assess.Options{GroupBy: assess.DefaultGroupBy}, 1},
		{[]string{"--from", b.IDs[0], "--to", b.IDs[1], "--policy", polFile}, b.IDs[0], b.IDs[1], false, assess.Options{Policy: pol, GroupBy: assess.DefaultGroupBy}, 0},
		{[]string{"--group-by", ""}, "", "", false, assess.Options{}, 0},
		{[]string{"--baseline", base, "--to", b.IDs[1]}, "", b.IDs[1], true, assess.Options{GroupBy: assess.DefaultGroupBy}, 1},
	} {
		var in assess.Input
		in.Store = b.St
		if c.baseline {
			if in.To, err = assess.Set(ctx, b.St, c.to); err != nil {
				t.Fatal(err)
			}
			in.Baseline = readBase()
		} else if in.From, in.To, err = assess.Sets(ctx, b.St, c.from, c.to); err != nil {
			t.Fatal(err)
		}
		r, err := assess.Run(ctx, in, c.o)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := report.Write(&want, r, "json"); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := runCLI(t, nil, append([]string{"drift", "--store", b.Dir, "--format", "json"}, c.args...)...)
		if code != c.code || r.ExitCode(nil) != c.code || out != want.String() {
			t.Errorf("%q: exit %d (library %d), want %d; stdout equals the library's report: %v; stderr %s", c.args, code, r.ExitCode(nil), c.code, out == want.String(), errOut)
		}
	}
}

// TestDriftFailOn: --fail-on parses a severity (any case) and makes state
// findings at or above it fail the gate.
func TestDriftFailOn(t *testing.T) {
	b := dt.DriftStore(t)
	for sev, want := range map[string]int{"": 0, "critical": 0, "high": 1, "HIGH": 1, "info": 1} {
		args := []string{"drift", "--store", b.Dir, "--format", "text"}
		if sev != "" {
			args = append(args, "--fail-on", sev)
		}
		if code, out, errOut := runCLI(t, nil, args...); code != want {
			t.Errorf("--fail-on %q: exit %d, want %d\n%s%s", sev, code, want, out, errOut)
		}
	}
}

func TestDriftPolicyErrors(t *testing.T) {
	b := dt.DriftStore(t)
	dir := t.TempDir()
	pol := writeFile(t, dir, "policy.yaml", "volatile: [x]\ndeclard:\n  - {kind: schema, reason: r}\n")
	out := filepath.Join(dir, "report.md")
	code, stdout, errOut := runCLI(t, nil, "drift", "--store", b.Dir, "--policy", pol, "--format", "markdown", "--out", out)
	if code != exitUsage {
		t.Fatalf("exit %d, want 2", code)
	}
	if want := pol + `:2:1: declard: unknown key (did you mean "declared"?)`; !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errOut)
	}
	assertNothingWritten(t, stdout, out)
	if code, _, errOut := runCLI(t, nil, "drift", "--store", b.Dir, "--policy", filepath.Join(dir, "missing.yaml")); code != exitUsage || !strings.Contains(errOut, "missing.yaml") {
		t.Errorf("missing policy: exit %d, stderr %s", code, errOut)
	}
}

func assertNothingWritten(t *testing.T, stdout, out string) {
	t.Helper()
	if stdout != "" {
		t.Errorf("stdout not empty:\n%s", stdout)
	}
	ents, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() != "policy.yaml" {
			t.Errorf("%s left in the output directory", e.Name())
		}
	}
}

// TestDriftDamagedSnapshot: a damaged snapshot costs its target only: the
// report is written (every other target compared), names the damaged
// snapshot, and the gate fails (exit 1).
func TestDriftDamagedSnapshot(t *testing.T) {
	b := dt.DriftStore(t)
	p := filepath.Join(b.Dir, b.IDs[1], "targets", "eu-west-1", "orders-prd.json.gz")
	if err := os.WriteFile(p, []byte("\x1f\x8bnot gzip at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "report.txt")
	code, stdout, errOut := runCLI(t, nil, "drift", "--store", b.Dir, "--from", b.IDs[0], "--to", b.IDs[1], "--out", out)
	if code != 1 || stdout != "" || errOut != "" {
		t.Fatalf("exit %d, want 1; stdout %q, stderr:\n%s", code, stdout, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"damaged snapshots", dt.Orders, b.IDs[1], "1 damaged snapshot", dt.Billing} {
		if !strings.Contains(string(data), want) {
			t.Errorf("report lacks %q:\n%s", want, data)
		}
	}
}

func TestDriftUsageErrors(t *testing.T) {
	b := dt.DriftStore(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "yaml"}, `unknown format "yaml"`},
		{[]string{"--fail-on", "severe"}, `unknown severity "severe"`},
		{[]string{"--baseline", "b.json", "--from", b.IDs[0]}, "exclude each other"},
		{[]string{"--to", "2026-01-01T000000Z"}, "manifest of set 2026-01-01T000000Z"},
		{[]string{"--to", b.IDs[0]}, "no snapshot set before " + b.IDs[0]},
		{[]string{"--baseline", filepath.Join(t.TempDir(), "missing.json")}, "missing.json"},
		{[]string{"extra"}, "unexpected arguments"},
	} {
		code, stdout, errOut := runCLI(t, nil, append([]string{"drift", "--store", b.Dir}, c.args...)...)
		if code != exitUsage || stdout != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr:\n%s", c.args, code, stdout, errOut)
		}
	}
	if code, _, errOut := runCLI(t, nil, "drift"); code != exitUsage || !strings.Contains(errOut, "--store is required") {
		t.Errorf("no --store: exit %d, %s", code, errOut)
	}
	one := dt.NewStore(t)
	id := one.Set(21, dt.Target{Snap: dt.Aurora(t, dt.Orders)})
	if code, stdout, errOut := runCLI(t, nil, "drift", "--store", one.Dir); code != exitUsage || stdout != "" || !strings.Contains(errOut, "one snapshot set ("+id+")") {
		t.Errorf("one set: exit %d, stdout %q, stderr:\n%s", code, stdout, errOut)
	}
	code, out, _ := runCLI(t, nil, "drift", "--help")
	if code != 0 || !strings.Contains(out, "--fail-on") || !strings.Contains(out, "Exit codes") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// TestDriftFormats: every format writes, --out writes the file and not
// stdout, and the same comparison writes the same bytes twice.
func TestDriftFormats(t *testing.T) {
	b := dt.DriftStore(t)
	dir := t.TempDir()
	for _, format := range []string{"text", "markdown", "json", "github"} {
		out := filepath.Join(dir, "report."+format)
		args := []string{"drift", "--store", b.Dir, "--from", b.IDs[0], "--to", b.IDs[1], "--format", format}
		code, stdout, errOut := runCLI(t, nil, append(args, "--out", out)...)
		if code != 1 || stdout != "" {
			t.Fatalf("%s: exit %d, stdout %q, stderr %s", format, code, stdout, errOut)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		_, again, _ := runCLI(t, nil, args...)
		if again != string(data) {
			t.Errorf("%s: --out and stdout differ, or the output is not deterministic", format)
		}
		if !strings.Contains(again, "idx_customer_status_created") {
			t.Errorf("%s report lacks the dropped index:\n%s", format, again)
		}
	}
}

// TestBaselineCommand: baseline writes assess.WriteBaseline's bytes to
// --out and says how many targets; warns on stderr of a target left out;
// documents the format in --help; and a failed write leaves nothing.
func TestBaselineCommand(t *testing.T) {
	b := dt.DriftStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	base := filepath.Join(dir, "baseline.json")
	code, out, errOut := runCLI(t, nil, "baseline", "--store", b.Dir, "--set", b.IDs[0], "--out", base)
	if code != exitOK || !strings.HasSuffix(out, ": 4 targets\n") || errOut != "" {
		t.Fatalf("baseline: exit %d\n%s%s", code, out, errOut)
	}
	m, err := assess.Set(ctx, b.St, b.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if _, _, err := assess.WriteBaseline(ctx, &want, b.St, m, assess.DriftOptions(nil).VolatileMatcher()); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(base); err != nil || !bytes.Equal(data, want.Bytes()) {
		t.Errorf("baseline file is not assess.WriteBaseline's output (%v)", err)
	}

	// Set 2's baseline leaves legacy out, saying so on stderr.
	code, out, errOut = runCLI(t, nil, "baseline", "--store", b.Dir, "--set", b.IDs[1], "--out", filepath.Join(dir, "baseline2.json"))
	if code != exitOK || !strings.HasSuffix(out, ": 3 targets\n") || !strings.Contains(errOut, "auroradoc baseline: warning: target legacy has no snapshot in set "+b.IDs[1]) {
		t.Errorf("baseline of set 2: exit %d, stdout %q, stderr %s", code, out, errOut)
	}
	one := dt.NewStore(t)
	one.Set(21, dt.Target{Snap: dt.Aurora(t, dt.Orders)})
	if code, out, errOut := runCLI(t, nil, "baseline", "--store", one.Dir, "--out", filepath.Join(dir, "one.json")); code != exitOK || errOut != "" || !strings.HasSuffix(out, ": 1 target\n") {
		t.Errorf("one target: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// Required flags; a failing write leaves nothing behind.
	if code, _, errOut := runCLI(t, nil, "baseline", "--store", b.Dir); code != exitUsage || !strings.Contains(errOut, "--out is required") {
		t.Errorf("no --out: exit %d, %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "baseline", "--out", base); code != exitUsage || !strings.Contains(errOut, "--store is required") {
		t.Errorf("no --store: exit %d, %s", code, errOut)
	}
	if err := os.Remove(filepath.Join(b.Dir, b.IDs[2], "targets", "stale.json.gz")); err != nil {
		t.Fatal(err)
	}
	failed := filepath.Join(t.TempDir(), "baseline.json")
	code, stdout, errOut := runCLI(t, nil, "baseline", "--store", b.Dir, "--out", failed)
	if code != exitUsage || !strings.Contains(errOut, "stale") || !strings.Contains(errOut, b.IDs[2]) {
		t.Errorf("missing snapshot: exit %d, stderr %s", code, errOut)
	}
	assertNothingWritten(t, stdout, failed)
	code, out2, _ := runCLI(t, nil, "baseline", "--help")
	if code != 0 || !strings.Contains(out2, `"format": "auroradoc-baseline"`) {
		t.Errorf("baseline --help does not document the format:\n%s", out2)
	}
}

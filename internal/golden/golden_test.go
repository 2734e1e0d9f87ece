package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeTB records what Assert and AssertFiles report. Fatalf stops the
// goroutine like the real one; methods the helpers should not call panic
// through the nil embedded TB.
type fakeTB struct {
	testing.TB
	name   string
	errors []string
	fatal  string
}

func (f *fakeTB) Helper()      {}
func (f *fakeTB) Name() string { return f.name }
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run calls fn with a fake TB named TestX/sub on its own goroutine and
// returns the fake once fn returned or called Fatalf.
func run(fn func(tb testing.TB)) *fakeTB {
	f := &fakeTB{name: "TestX/sub"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

// setUpdate sets -update for the rest of the test.
func setUpdate(t *testing.T, v bool) {
	old := *update
	*update = v
	t.Cleanup(func() { *update = old })
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAssertEqual(t *testing.T) {
	setUpdate(t, false)
	p := filepath.Join(t.TempDir(), "a.txt")
	writeFile(t, p, "one\ntwo\n")
	f := run(func(tb testing.TB) { Assert(tb, p, []byte("one\ntwo\n")) })
	if f.fatal != "" || len(f.errors) != 0 {
		t.Errorf("equal content reported: fatal %q, errors %q", f.fatal, f.errors)
	}
}

func TestAssertMismatchNamesFirstDifferingLine(t *testing.T) {
	setUpdate(t, false)
	p := filepath.Join(t.TempDir(), "a.txt")
	writeFile(t, p, "one\ntwo\nthree\n")
	f := run(func(tb testing.TB) { Assert(tb, p, []byte("one\ntwo\nTHREE\n")) })
	if f.fatal != "" {
		t.Errorf("mismatch is a Fatalf, want Errorf: %q", f.fatal)
	}
	if len(f.errors) != 1 {
		t.Fatalf("errors = %q, want one", f.errors)
	}
	msg := f.errors[0]
	for _, want := range []string{p, "line 3", `"THREE\n"`, `"three\n"`, "-update", "go test ./internal/golden -run '^TestX$/^sub$' -update"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message does not contain %q:\n%s", want, msg)
		}
	}
	if got := readFile(t, p); got != "one\ntwo\nthree\n" {
		t.Errorf("golden file changed without -update: %q", got)
	}
}

func TestAssertMismatchAtEndOfFile(t *testing.T) {
	setUpdate(t, false)
	p := filepath.Join(t.TempDir(), "a.txt")
	writeFile(t, p, "one\n")
	f := run(func(tb testing.TB) { Assert(tb, p, []byte("one\ntwo\n")) })
	if len(f.errors) != 1 || !strings.Contains(f.errors[0], "line 2") || !strings.Contains(f.errors[0], "(end of file)") {
		t.Errorf("errors = %q, want one naming line 2 and the end of the golden file", f.errors)
	}
}

func TestAssertLongLineIsShortened(t *testing.T) {
	setUpdate(t, false)
	p := filepath.Join(t.TempDir(), "a.svg")
	long := strings.Repeat("x", 10000)
	writeFile(t, p, long+"a"+long)
	f := run(func(tb testing.TB) { Assert(tb, p, []byte(long+"b"+long)) })
	if len(f.errors) != 1 {
		t.Fatalf("errors = %q, want one", f.errors)
	}
	if msg := f.errors[0]; len(msg) > 1000 || !strings.Contains(msg, "byte 10001") {
		t.Errorf("message of %d bytes, want a short excerpt at byte 10001:\n%.300s", len(msg), msg)
	}
}

func TestAssertMissingGoldenFile(t *testing.T) {
	setUpdate(t, false)
	p := filepath.Join(t.TempDir(), "none", "a.txt")
	reached := false
	f := run(func(tb testing.TB) {
		Assert(tb, p, []byte("x"))
		reached = true
	})
	if reached {
		t.Error("Assert returned after a missing golden file, want Fatalf")
	}
	for _, want := range []string{p, "does not exist", "-update"} {
		if !strings.Contains(f.fatal, want) {
			t.Errorf("Fatalf %q does not contain %q", f.fatal, want)
		}
	}
}

func TestAssertUpdateWrites(t *testing.T) {
	setUpdate(t, true)
	p := filepath.Join(t.TempDir(), "new", "dir", "a.txt")
	f := run(func(tb testing.TB) { Assert(tb, p, []byte("fresh\n")) })
	if f.fatal != "" || len(f.errors) != 0 {
		t.Errorf("-update reported: fatal %q, errors %q", f.fatal, f.errors)
	}
	if got := readFile(t, p); got != "fresh\n" {
		t.Errorf("golden file = %q after -update", got)
	}
	f = run(func(tb testing.TB) { Assert(tb, p, []byte("changed\n")) })
	if f.fatal != "" || len(f.errors) != 0 {
		t.Errorf("-update over an existing file reported: fatal %q, errors %q", f.fatal, f.errors)
	}
	if got := readFile(t, p); got != "changed\n" {
		t.Errorf("golden file = %q after a second -update", got)
	}
}

func TestAssertFiles(t *testing.T) {
	setUpdate(t, false)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "same.html"), "same")
	writeFile(t, filepath.Join(dir, "sub", "differs.html"), "old")
	writeFile(t, filepath.Join(dir, "sub", "gone.html"), "gone")
	f := run(func(tb testing.TB) {
		AssertFiles(tb, dir, map[string][]byte{
			"same.html":        []byte("same"),
			"sub/differs.html": []byte("new"),
			"sub/new.html":     []byte("new"),
		})
	})
	if f.fatal != "" {
		t.Errorf("Fatalf %q", f.fatal)
	}
	if len(f.errors) != 3 {
		t.Fatalf("errors = %q, want three", f.errors)
	}
	for i, want := range []string{"sub/differs.html differs", "sub/new.html: not in the golden files", "sub/gone.html: in the golden files in " + dir + " but no longer written"} {
		if !strings.Contains(f.errors[i], want) || !strings.Contains(f.errors[i], "-update") {
			t.Errorf("error %d = %q, want %q and -update", i, f.errors[i], want)
		}
	}
}

func TestAssertFilesEqual(t *testing.T) {
	setUpdate(t, false)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a"), "a")
	writeFile(t, filepath.Join(dir, "d", "b"), "b")
	f := run(func(tb testing.TB) {
		AssertFiles(tb, dir, map[string][]byte{"a": []byte("a"), "d/b": []byte("b")})
	})
	if f.fatal != "" || len(f.errors) != 0 {
		t.Errorf("equal trees reported: fatal %q, errors %q", f.fatal, f.errors)
	}
}

func TestAssertFilesMissingDir(t *testing.T) {
	setUpdate(t, false)
	dir := filepath.Join(t.TempDir(), "golden")
	f := run(func(tb testing.TB) { AssertFiles(tb, dir, map[string][]byte{"a": nil}) })
	for _, want := range []string{dir, "does not exist", "-update"} {
		if !strings.Contains(f.fatal, want) {
			t.Errorf("Fatalf %q does not contain %q", f.fatal, want)
		}
	}
}

func TestAssertFilesUpdateReplacesTheDirectory(t *testing.T) {
	setUpdate(t, true)
	dir := filepath.Join(t.TempDir(), "golden")
	writeFile(t, filepath.Join(dir, "stale", "old.html"), "old")
	f := run(func(tb testing.TB) {
		AssertFiles(tb, dir, map[string][]byte{"a.html": []byte("a"), "d/e/b.html": []byte("b")})
	})
	if f.fatal != "" || len(f.errors) != 0 {
		t.Errorf("-update reported: fatal %q, errors %q", f.fatal, f.errors)
	}
	got, err := ReadTree(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || string(got["a.html"]) != "a" || string(got["d/e/b.html"]) != "b" {
		t.Errorf("golden dir after -update = %q", got)
	}
}

func TestRerunQuotesTheTestName(t *testing.T) {
	f := &fakeTB{name: "TestGolden/it's_a.svg"}
	want := `go test ./internal/golden -run '^TestGolden$/^it'\''s_a\.svg$' -update`
	if got := rerun(f); got != want {
		t.Errorf("rerun = %s\n want %s", got, want)
	}
}

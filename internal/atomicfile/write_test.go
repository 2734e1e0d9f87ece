package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// entries lists dir's file names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestWriteFileCreatesAndReplaces, for WriteFile and WriteFileNoSync
// (which differs only in not syncing to disk).
func TestWriteFileCreatesAndReplaces(t *testing.T) {
	for name, writeFile := range map[string]func(string, []byte, os.FileMode) error{"WriteFile": WriteFile, "WriteFileNoSync": WriteFileNoSync} {
		t.Run(name, func(t *testing.T) { testCreatesAndReplaces(t, writeFile) })
	}
}

func testCreatesAndReplaces(t *testing.T, writeFile func(string, []byte, os.FileMode) error) {
	dir := t.TempDir()
	p := filepath.Join(dir, "page.html")
	for _, data := range []string{"first", "second, longer than the first", "3"} {
		if err := writeFile(p, []byte(data), 0); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != data {
			t.Errorf("content = %q, want %q", got, data)
		}
	}
	if got := entries(t, dir); len(got) != 1 || got[0] != "page.html" {
		t.Errorf("directory holds %q, want only page.html", got)
	}
}

func TestWriteFailureKeepsOldContent(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "state.json")
	if err := WriteFile(p, []byte("old and complete"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(p, 0o644, func(w io.Writer) error {
		io.WriteString(w, "new but half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write = %v, want the callback's error", err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "old and complete" {
		t.Errorf("after a failed write the file holds %q, want the old content", got)
	}
	if got := entries(t, dir); len(got) != 1 || got[0] != "state.json" {
		t.Errorf("directory holds %q after a failed write, want only state.json (no temporary file)", got)
	}
}

func TestWriteFailureCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "new.txt")
	if err := Write(p, 0, func(io.Writer) error { return errors.New("no") }); err == nil {
		t.Fatal("Write succeeded, want the callback's error")
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("directory holds %q after a failed write of a new file, want nothing", got)
	}
}

func TestWritePanicLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x")
	func() {
		defer func() { recover() }()
		Write(p, 0, func(w io.Writer) error {
			io.WriteString(w, "partial")
			panic("callback panicked")
		})
	}()
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("directory holds %q after a panicking write, want nothing", got)
	}
}

func TestWriteMissingDirectory(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "no", "such", "file.txt")
	err := WriteFile(p, []byte("x"), 0)
	if err == nil {
		t.Fatal("WriteFile into a missing directory succeeded")
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v is not fs.ErrNotExist", err)
	}
	want := "writing " + p + ": directory " + filepath.Join(dir, "no", "such") + " does not exist"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %q, want it to start with %q", err, want)
	}
}

func TestWriteReplacesSymlinkInsteadOfFollowing(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(dir, "outside")
	if err := os.WriteFile(outside, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "link")
	if err := os.Symlink(outside, p); err != nil {
		t.Skip("no symbolic links:", err)
	}
	if err := WriteFile(p, []byte("new"), 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(outside); string(got) != "keep me" {
		t.Errorf("the link's target was written: %q", got)
	}
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !fi.Mode().IsRegular() {
		t.Errorf("%s is %v, want a regular file", p, fi.Mode())
	}
}

func TestConcurrentWritersNeverTear(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "shared")
	const writers, rounds, size = 8, 20, 64 << 10
	contents := make([][]byte, writers)
	for i := range contents {
		contents[i] = bytes.Repeat([]byte{byte('a' + i)}, size)
	}
	if err := WriteFile(p, contents[0], 0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, writers+1)
	wg.Add(1)
	go func() { // a reader that must only ever see one writer's whole file
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(p)
			if err != nil {
				errs <- fmt.Errorf("reading while writers run: %w", err)
				return
			}
			if len(b) != size || !bytes.Equal(b, bytes.Repeat(b[:1], size)) {
				errs <- fmt.Errorf("torn read: %d bytes, starting %q", len(b), b[:min(len(b), 8)])
				return
			}
		}
	}()
	var writersWG sync.WaitGroup
	for i := range writers {
		writersWG.Add(1)
		go func() {
			defer writersWG.Done()
			for range rounds {
				err := Write(p, 0, func(w io.Writer) error {
					// Write in pieces, so a non-atomic writer would be caught.
					for off := 0; off < size; off += 4096 {
						if _, err := w.Write(contents[i][off : off+4096]); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	writersWG.Wait()
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %q after concurrent writes, want only the file", got)
	}
}

func TestTempNames(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("é", 200) // 400 bytes: too long for a name with a prefix
	var seen string
	err := Write(filepath.Join(dir, "x"+long[:250]), 0, func(io.Writer) error {
		names := entries(t, dir)
		if len(names) != 1 {
			return fmt.Errorf("while writing, directory holds %q", names)
		}
		seen = names[0]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !IsTemp(seen) {
		t.Errorf("temporary file %q is not IsTemp", seen)
	}
	if len(seen) > 255 {
		t.Errorf("temporary name is %d bytes long", len(seen))
	}
	if IsTemp("page.html") || IsTemp("tmp-x") {
		t.Error("IsTemp accepts an ordinary name")
	}
}

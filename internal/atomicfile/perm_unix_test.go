//go:build unix

package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestWritePermissions(t *testing.T) {
	old := syscall.Umask(0o077) // the mode is set exactly, whatever the umask
	defer syscall.Umask(old)
	dir := t.TempDir()
	for _, tc := range []struct {
		perm, want os.FileMode
	}{{0, 0o644}, {0o600, 0o600}, {0o640, 0o640}, {0o755, 0o755}} {
		p := filepath.Join(dir, fmt.Sprintf("f-%o", tc.perm))
		if err := WriteFile(p, []byte("x"), tc.perm); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != tc.want {
			t.Errorf("perm %o: file mode = %o, want %o", tc.perm, got, tc.want)
		}
		// Replacing a file gives it the requested mode, not the old one's.
		if err := WriteFile(p, []byte("y"), 0o600); err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
			t.Errorf("perm %o, then 0600: file mode = %o", tc.perm, fi.Mode().Perm())
		}
	}
}

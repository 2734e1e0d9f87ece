package testbed

import (
	"bytes"
	"fmt"
	"os"
)

// tail returns the last n lines of b.
func tail(b []byte, n int) string {
	b = bytes.TrimRight(b, "\n")
	lines := bytes.Split(b, []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}

// errorsOrTail returns the lines of b that mention ERROR (at most n), or its
// last n lines when none do: tools like mariadb-install-db bury the one line
// that matters under a page of boilerplate advice.
func errorsOrTail(b []byte, n int) string {
	var errs [][]byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		if bytes.Contains(l, []byte("ERROR")) && len(errs) < n {
			errs = append(errs, l)
		}
	}
	if len(errs) == 0 {
		return tail(b, n)
	}
	return string(bytes.Join(errs, []byte("\n")))
}

// fileTail returns the last n lines of the file at path, or a note saying
// why it could not be read.
func fileTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return fmt.Sprintf("(%s is empty)", path)
	}
	return tail(b, n)
}

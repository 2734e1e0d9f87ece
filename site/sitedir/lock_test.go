package sitedir

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary hold a lock in a child process
// (AURORADOC_TEST_HOLD_LOCK=dir) until it is killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv("AURORADOC_TEST_HOLD_LOCK"); dir != "" {
		if _, err := LockExclusive(dir, "render", "2026-11-20T030000Z"); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("locked")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestLockOfAKilledRenderIsReleased: while a render (another process)
// holds the lock, a render and a publish fail at once, naming its pid and
// set; once it is killed (SIGKILL: nothing is cleaned up), both go ahead.
func TestLockOfAKilledRenderIsReleased(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "AURORADOC_TEST_HOLD_LOCK="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("child: %q", line)
	}

	_, err = LockExclusive(dir, "render", "2026-11-21T030000Z")
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", cmd.Process.Pid)) ||
		!strings.Contains(err.Error(), "set 2026-11-20T030000Z") {
		t.Errorf("render while another holds the lock: %v", err)
	}
	if _, err := LockShared(dir); !errors.Is(err, ErrBusy) {
		t.Errorf("publish while a render holds the lock: %v", err)
	}

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	l, err := LockShared(dir)
	if err != nil {
		t.Fatalf("publish after the render was killed: %v", err)
	}
	l.Release()
	l, err = LockExclusive(dir, "render", "2026-11-21T030000Z")
	if err != nil {
		t.Fatalf("render after the render was killed: %v", err)
	}
	l.Release()
}

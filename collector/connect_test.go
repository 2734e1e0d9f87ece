package collector

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// silentServer listens on 127.0.0.1 and accepts connections without ever
// writing a byte (no MySQL greeting), holding them until the test ends.
func silentServer(t *testing.T) *net.TCPAddr {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().(*net.TCPAddr)
}

// TestConnectTimeoutCoversGreeting: a server that accepts TCP but never
// sends the MySQL greeting fails the target after the connect timeout, not
// after the per-target timeout, with an error saying it did not greet.
func TestConnectTimeoutCoversGreeting(t *testing.T) {
	addr := silentServer(t)
	target := Target{Name: "silent", Host: addr.IP.String(), Port: addr.Port, User: "u", Password: "p"}
	o := FleetOptions{ConnectTimeout: time.Second, Timeout: 60 * time.Second}
	start := time.Now()
	var res Result
	err := Crawl(context.Background(), []Target{target}, o, func(_ context.Context, r Result) error {
		res = r
		return nil
	})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if res.Err == nil {
		t.Fatal("crawl of a server that never greets succeeded")
	}
	if took > 20*time.Second {
		t.Errorf("target failed after %s, want about the connect timeout (1s), well under the per-target timeout (60s)", took)
	}
	t.Logf("took %s: %v", took, res.Err)
	if msg := res.Err.Error(); !strings.Contains(msg, "did not greet") || !strings.Contains(msg, "connect timeout") {
		t.Errorf("error does not say the server did not greet within the connect timeout: %s", msg)
	}
}

package wireproxy_test

import (
	"context"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/wireproxy"
)

func TestCloseEndsConnectionsAndLeavesNoGoroutines(t *testing.T) {
	if left := proxyGoroutines(); len(left) > 0 {
		t.Fatalf("proxy goroutines before the test:\n%s", strings.Join(left, "\n\n"))
	}
	up := startServer(t, echo)
	release := make(chan struct{})
	p, err := wireproxy.Start(t.Context(), wireproxy.Options{
		Upstream:  up.addr(),
		Delay:     time.Hour, // bytes written are still queued at Close
		OnCommand: func(int64, byte) { <-release },
	})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}

	idle := dial(t, p.Addr())
	queued := dial(t, p.Addr())
	if _, err := queued.Write(randomBytes(1 << 20)); err != nil {
		t.Fatal(err)
	}
	halfClosed := dial(t, p.Addr())
	halfClosed.CloseWrite()
	// A connection stalled in OnCommand: Close waits for it to return.
	stalled := dial(t, p.Addr())
	if _, err := stalled.Write(slices.Concat(packet(1, handshakeResponse(clientProtocol41)), packet(0, []byte{0x03}))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // let the proxy take them all in

	closed := make(chan error, 1)
	go func() { closed <- p.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while OnCommand was blocked", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return 10s after OnCommand was released")
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if left := proxyGoroutines(); len(left) > 0 {
		t.Fatalf("proxy goroutines left after Close returned:\n%s", strings.Join(left, "\n\n"))
	}

	for name, c := range map[string]net.Conn{"idle": idle, "queued": queued, "half-closed": halfClosed, "stalled": stalled} {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.Copy(io.Discard, c); err != nil && !isClosed(err) {
			t.Errorf("%s connection after Close: %v, want EOF or reset", name, err)
		}
	}
	if _, err := net.DialTimeout("tcp", p.Addr(), time.Second); err == nil {
		t.Error("proxy still accepts connections after Close")
	}
}

func TestContextEndClosesProxy(t *testing.T) {
	up := startServer(t, echo)
	ctx, cancel := context.WithCancel(t.Context())
	p, err := wireproxy.Start(ctx, wireproxy.Options{Upstream: up.addr()})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	c := dial(t, p.Addr())
	if _, err := roundTrip(c); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	cancel()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.Copy(io.Discard, c); err != nil && !isClosed(err) {
		t.Errorf("connection after the context ended: %v, want EOF or reset", err)
	}
	if left := waitNoProxyGoroutines(10 * time.Second); len(left) > 0 {
		t.Fatalf("proxy goroutines left after the context ended:\n%s", strings.Join(left, "\n\n"))
	}
	if err := p.Close(); err != nil {
		t.Errorf("Close after the context ended: %v", err)
	}
}

func TestUnreachableUpstreamClosesClient(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	p := startProxy(t, wireproxy.Options{Upstream: addr})
	// The proxy resets the client connection, which may already fail the
	// dial, like connecting to the unreachable server directly would.
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		return
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Read(make([]byte, 1)); !isClosed(err) {
		t.Fatalf("read with no upstream: %v, want EOF or reset", err)
	}
}

func TestStartRejectsBadOptions(t *testing.T) {
	for name, o := range map[string]wireproxy.Options{
		"no upstream":    {},
		"negative delay": {Upstream: "127.0.0.1:1", Delay: -time.Second},
		"bad listen":     {Upstream: "127.0.0.1:1", Listen: "nonsense"},
	} {
		if p, err := wireproxy.Start(t.Context(), o); err == nil {
			p.Close()
			t.Errorf("%s: Start succeeded", name)
		}
	}
}

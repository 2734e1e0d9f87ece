package wireproxy_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/wireproxy"
)

// TestMain fails the run if any test left a proxy goroutine behind.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if left := waitNoProxyGoroutines(5 * time.Second); len(left) > 0 {
			fmt.Fprintf(os.Stderr, "proxy goroutines left after all tests:\n%s\n", strings.Join(left, "\n\n"))
			code = 1
		}
	}
	os.Exit(code)
}

// proxyGoroutines returns the stacks of goroutines running the package's
// own (non-test) code.
func proxyGoroutines() []string {
	buf := make([]byte, 8<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "auroradoc/internal/wireproxy.") {
			out = append(out, g)
		}
	}
	return out
}

func waitNoProxyGoroutines(limit time.Duration) []string {
	deadline := time.Now().Add(limit)
	for {
		left := proxyGoroutines()
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startProxy starts a proxy closed at the end of the test.
func startProxy(t *testing.T, o wireproxy.Options) *wireproxy.Proxy {
	t.Helper()
	p, err := wireproxy.Start(t.Context(), o)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return p
}

// server is a test upstream: a listener whose connections are handled by
// handle, all closed and waited for at the end of the test.
type server struct {
	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns []net.Conn
}

func (s *server) addr() string { return s.ln.Addr().String() }

func startServer(t *testing.T, handle func(net.Conn)) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening: %v", err)
	}
	s := &server{ln: ln}
	s.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			s.wg.Go(func() {
				defer c.Close()
				handle(c)
			})
		}
	})
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for _, c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

// echo copies everything back and half-closes at EOF.
func echo(c net.Conn) {
	if _, err := io.Copy(c, c); err == nil {
		c.(*net.TCPConn).CloseWrite()
	}
}

func dial(t *testing.T, addr string) *net.TCPConn {
	t.Helper()
	var d net.Dialer
	c, err := d.DialContext(t.Context(), "tcp", addr)
	if err != nil {
		t.Fatalf("dialling %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c.(*net.TCPConn)
}

// packet frames one MySQL packet.
func packet(seq byte, payload []byte) []byte {
	if len(payload) > 0xFFFFFF {
		panic("payload too long for one packet")
	}
	b := make([]byte, 4, 4+len(payload))
	b[0], b[1], b[2], b[3] = byte(len(payload)), byte(len(payload)>>8), byte(len(payload)>>16), seq
	return append(b, payload...)
}

// readPacket reads one MySQL packet.
func readPacket(r io.Reader) (seq byte, payload []byte, err error) {
	var h [4]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := int(h[0]) | int(h[1])<<8 | int(h[2])<<16
	payload = make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return 0, nil, err
	}
	return h[3], payload, nil
}

// handshakeResponse is a plausible protocol-41 handshake response payload
// with the given capability flags.
func handshakeResponse(caps uint32) []byte {
	b := binary.LittleEndian.AppendUint32(nil, caps)
	b = binary.LittleEndian.AppendUint32(b, 1<<24) // max packet size
	b = append(b, 45)                              // charset
	b = append(b, make([]byte, 23)...)             // filler
	return append(b, "crawler\x00\x00"...)         // user, empty auth
}

const clientProtocol41 = 0x200

// fakeMySQL speaks just enough MySQL: greeting, OK to the handshake
// response, then OK to every command except COM_QUIT, which ends the
// connection. Each command byte received is sent on got.
// The values sent on got precede the end of their connection on ended.
type fakeMySQL struct {
	*server
	got   chan byte
	ended chan struct{} // one value per connection that has ended
}

func startFakeMySQL(t *testing.T) *fakeMySQL {
	f := &fakeMySQL{got: make(chan byte, 100), ended: make(chan struct{}, 100)}
	f.server = startServer(t, func(c net.Conn) {
		defer func() { f.ended <- struct{}{} }()
		if _, err := c.Write(packet(0, []byte("\x0a8.0.0-fake\x00"))); err != nil {
			return
		}
		for {
			seq, payload, err := readPacket(c)
			if err != nil {
				return
			}
			switch {
			case seq == 1: // handshake response
				if _, err := c.Write(packet(2, []byte{0, 0, 0, 2, 0, 0, 0})); err != nil {
					return
				}
			case seq == 0 && len(payload) > 0:
				f.got <- payload[0]
				if payload[0] == 0x01 {
					return
				}
				if _, err := c.Write(packet(1, []byte{0, 0, 0, 2, 0, 0, 0})); err != nil {
					return
				}
			}
		}
	})
	return f
}

// mysqlClient connects through addr and completes the fake handshake.
func mysqlClient(t *testing.T, addr string) *net.TCPConn {
	t.Helper()
	c := dial(t, addr)
	if _, _, err := readPacket(c); err != nil {
		t.Fatalf("reading greeting: %v", err)
	}
	if _, err := c.Write(packet(1, handshakeResponse(clientProtocol41))); err != nil {
		t.Fatalf("writing handshake response: %v", err)
	}
	if _, _, err := readPacket(c); err != nil {
		t.Fatalf("reading handshake OK: %v", err)
	}
	return c
}

// query sends one command and waits for its response.
func query(c net.Conn, cmd byte, arg string) error {
	if _, err := c.Write(packet(0, append([]byte{cmd}, arg...))); err != nil {
		return fmt.Errorf("sending command %#x: %w", cmd, err)
	}
	if _, _, err := readPacket(c); err != nil {
		return fmt.Errorf("reading response to %#x: %w", cmd, err)
	}
	return nil
}

// isClosed reports whether err means the connection was closed or reset
// (as opposed to a timeout).
func isClosed(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return err != nil
}

func withTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

package wireproxy_test

import (
	"bytes"
	"io"
	"maps"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/wireproxy"
)

// sink reads each connection to EOF and sends what it read on got.
func startSink(t *testing.T) (*server, chan []byte) {
	got := make(chan []byte, 10)
	s := startServer(t, func(c net.Conn) {
		b, _ := io.ReadAll(c)
		got <- b
	})
	return s, got
}

type call struct {
	n   int64
	cmd byte
}

// recorder collects OnCommand calls.
type recorder struct {
	mu    sync.Mutex
	calls []call
}

func (r *recorder) on(n int64, cmd byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, call{n, cmd})
}

func (r *recorder) get() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

func TestCountsCommandsSplitAcrossWrites(t *testing.T) {
	up, got := startSink(t)
	var rec recorder
	p := startProxy(t, wireproxy.Options{Upstream: up.addr(), OnCommand: rec.on})

	big := randomBytes(0xFFFFFF + 10) // two packets: 0xFFFFFF bytes, then 10
	big[0] = 0x17                     // COM_STMT_EXECUTE
	var stream []byte
	var cuts []int
	add := func(b []byte, cutsWithin ...int) {
		for _, c := range cutsWithin {
			cuts = append(cuts, len(stream)+c)
		}
		stream = append(stream, b...)
	}
	add(packet(1, handshakeResponse(clientProtocol41)), 2, 20)
	add(packet(0, []byte("\x03SELECT 1")), 2)        // header split in the middle
	add(packet(0, []byte("\x16SELECT ? FROM t")), 4) // between header and command byte
	add(packet(0, big[:0xFFFFFF]), 5, 1<<20, 10<<20) // after the command byte, then mid-payload
	add(packet(1, big[0xFFFFFF:]), 1, 3)             // continuation, header split twice
	add(packet(0, []byte{0x01}), 3)                  // COM_QUIT

	c := dial(t, p.Addr())
	prev := 0
	for _, cut := range append(cuts, len(stream)) {
		if _, err := c.Write(stream[prev:cut]); err != nil {
			t.Fatalf("writing: %v", err)
		}
		prev = cut
		time.Sleep(5 * time.Millisecond) // let the proxy read each piece on its own
	}
	if err := c.CloseWrite(); err != nil {
		t.Fatalf("half-closing: %v", err)
	}
	// The upstream has everything once the proxy has parsed everything.
	select {
	case b := <-got:
		if !bytes.Equal(b, stream) {
			t.Fatalf("upstream got %d bytes that differ from the %d sent", len(b), len(stream))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("upstream did not get the stream")
	}

	if n := p.Commands(); n != 3 {
		t.Errorf("Commands() = %d, want 3", n)
	}
	want := map[byte]int64{0x03: 1, 0x16: 1, 0x17: 1}
	if by := p.CommandsByType(); !maps.Equal(by, want) {
		t.Errorf("CommandsByType() = %v, want %v", by, want)
	}
	wantCalls := []call{{1, 0x03}, {2, 0x16}, {3, 0x17}, {4, 0x01}}
	if calls := rec.get(); !slices.Equal(calls, wantCalls) {
		t.Errorf("OnCommand calls %v, want %v", calls, wantCalls)
	}
}

func TestCountsAcrossConnectionsAndResets(t *testing.T) {
	up := startFakeMySQL(t)
	var rec recorder
	p := startProxy(t, wireproxy.Options{Upstream: up.addr(), OnCommand: rec.on})

	a, b := mysqlClient(t, p.Addr()), mysqlClient(t, p.Addr())
	for _, c := range []net.Conn{a, b, a} {
		if err := query(c, 0x03, "SELECT 1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := query(b, 0x16, "SELECT ?"); err != nil {
		t.Fatal(err)
	}
	if n := p.Commands(); n != 4 {
		t.Errorf("Commands() = %d, want 4", n)
	}
	if by, want := p.CommandsByType(), map[byte]int64{0x03: 3, 0x16: 1}; !maps.Equal(by, want) {
		t.Errorf("CommandsByType() = %v, want %v", by, want)
	}

	p.ResetCounts()
	if n, by := p.Commands(), p.CommandsByType(); n != 0 || len(by) != 0 {
		t.Errorf("after ResetCounts: Commands() = %d, CommandsByType() = %v; want 0 and empty", n, by)
	}
	if err := query(a, 0x17, "\x01\x00\x00\x00"); err != nil {
		t.Fatal(err)
	}
	if n := p.Commands(); n != 1 {
		t.Errorf("Commands() = %d after reset and one command, want 1", n)
	}
	if calls := rec.get(); len(calls) != 5 || calls[4] != (call{5, 0x17}) {
		t.Errorf("OnCommand calls %v: want the fifth to be {5 0x17}", calls)
	}
}

func TestTLSConnectionIsForwardedButNotCounted(t *testing.T) {
	up, got := startSink(t)
	p := startProxy(t, wireproxy.Options{Upstream: up.addr()})

	sslRequest := handshakeResponse(clientProtocol41 | 0x800)[:32]
	// What follows the SSL request is TLS; here, bytes that would parse as
	// commands if the proxy kept looking.
	stream := slices.Concat(packet(1, sslRequest), packet(0, []byte("\x03SELECT 1")), randomBytes(100_000))
	c := dial(t, p.Addr())
	if _, err := c.Write(stream); err != nil {
		t.Fatalf("writing: %v", err)
	}
	c.CloseWrite()
	if b := <-got; !bytes.Equal(b, stream) {
		t.Fatalf("upstream got %d bytes that differ from the %d sent", len(b), len(stream))
	}
	if n := p.Commands(); n != 0 {
		t.Errorf("Commands() = %d on a TLS connection, want 0", n)
	}
}

func TestOnCommandStallsOnlyItsConnection(t *testing.T) {
	up := startFakeMySQL(t)
	release := make(chan struct{})
	var once sync.Once
	defer once.Do(func() { close(release) }) // let Close finish if the test fails early
	p := startProxy(t, wireproxy.Options{Upstream: up.addr(), OnCommand: func(n int64, cmd byte) {
		if n == 2 {
			<-release
		}
	}})

	a, b := mysqlClient(t, p.Addr()), mysqlClient(t, p.Addr())
	if err := query(a, 0x03, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	if cmd := <-up.got; cmd != 0x03 {
		t.Fatalf("upstream got command %#x, want 0x03", cmd)
	}

	// Command 2 stalls: no response, and the upstream never sees it.
	if _, err := a.Write(packet(0, []byte("\x03SELECT 2"))); err != nil {
		t.Fatalf("writing: %v", err)
	}
	a.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	if _, _, err := readPacket(a); err == nil || isClosed(err) {
		t.Fatalf("stalled command: read returned %v, want a timeout", err)
	}
	select {
	case cmd := <-up.got:
		t.Fatalf("upstream got stalled command %#x", cmd)
	default:
	}

	// Another connection is not stalled.
	if err := query(b, 0x0e, ""); err != nil {
		t.Fatalf("other connection while one is stalled: %v", err)
	}
	if cmd := <-up.got; cmd != 0x0e {
		t.Fatalf("upstream got command %#x, want 0x0e", cmd)
	}

	once.Do(func() { close(release) })
	a.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, _, err := readPacket(a); err != nil {
		t.Fatalf("response after release: %v", err)
	}
	if cmd := <-up.got; cmd != 0x03 {
		t.Fatalf("upstream got command %#x after release, want 0x03", cmd)
	}
}

func TestCutAllFromOnCommand(t *testing.T) {
	up := startFakeMySQL(t)
	var p *wireproxy.Proxy
	p = startProxy(t, wireproxy.Options{Upstream: up.addr(), OnCommand: func(n int64, cmd byte) {
		if n == 2 {
			p.CutAll()
		}
	}})

	a := mysqlClient(t, p.Addr())
	if err := query(a, 0x03, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	<-up.got
	a.SetDeadline(time.Now().Add(10 * time.Second))
	err := query(a, 0x03, "SELECT 2")
	if !isClosed(err) {
		t.Fatalf("command after CutAll: got %v, want the connection closed", err)
	}
	// The upstream connection was cut too, and the cut command never
	// reached it.
	select {
	case <-up.ended:
	case <-time.After(10 * time.Second):
		t.Fatal("upstream connection still open 10s after CutAll")
	}
	select {
	case cmd := <-up.got:
		t.Fatalf("upstream got cut command %#x", cmd)
	default:
	}

	// The proxy still accepts new connections.
	b := mysqlClient(t, p.Addr())
	if err := query(b, 0x03, "SELECT 3"); err != nil {
		t.Fatalf("new connection after CutAll: %v", err)
	}
}

func TestCutAllClosesIdleConnectionsBothSides(t *testing.T) {
	upstreamOpen, upstreamEnd := make(chan struct{}), make(chan error, 1)
	up := startServer(t, func(c net.Conn) {
		if _, err := c.Read(make([]byte, 2)); err != nil {
			upstreamEnd <- err
			return
		}
		close(upstreamOpen)
		_, err := c.Read(make([]byte, 1))
		upstreamEnd <- err
	})
	p := startProxy(t, wireproxy.Options{Upstream: up.addr(), Delay: time.Millisecond})
	c := dial(t, p.Addr())
	if _, err := c.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-upstreamOpen:
	case err := <-upstreamEnd:
		t.Fatalf("upstream read: %v", err)
	}
	clientEnd := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 1))
		clientEnd <- err
	}()

	p.CutAll()
	for side, end := range map[string]chan error{"client": clientEnd, "upstream": upstreamEnd} {
		select {
		case err := <-end:
			if !isClosed(err) {
				t.Errorf("%s read after CutAll: %v, want EOF or reset", side, err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("%s still connected 10s after CutAll", side)
		}
	}
}

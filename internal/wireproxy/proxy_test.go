package wireproxy_test

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/wireproxy"
)

// transfer writes data through c in uneven pieces, half-closes, and
// returns everything read back until EOF.
func transfer(t *testing.T, c interface {
	io.ReadWriter
	CloseWrite() error
}, data []byte) []byte {
	t.Helper()
	var werr error
	var wg sync.WaitGroup
	wg.Go(func() {
		rng := rand.New(rand.NewPCG(1, 2))
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 1+rng.IntN(200_000))
			if _, werr = c.Write(rest[:n]); werr != nil {
				return
			}
			rest = rest[n:]
		}
		werr = c.CloseWrite()
	})
	got, rerr := io.ReadAll(c)
	wg.Wait()
	if werr != nil {
		t.Fatalf("writing: %v", werr)
	}
	if rerr != nil {
		t.Fatalf("reading: %v", rerr)
	}
	return got
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.NewChaCha8([32]byte{7}).Read(b)
	return b
}

func TestPassesBytesUnchangedBothWays(t *testing.T) {
	up := startServer(t, echo)
	for _, delay := range []time.Duration{0, 2 * time.Millisecond} {
		t.Run(delay.String(), func(t *testing.T) {
			p := startProxy(t, wireproxy.Options{Upstream: up.addr(), Delay: delay})
			data := randomBytes(12 << 20)
			got := transfer(t, dial(t, p.Addr()), data)
			if !bytes.Equal(got, data) {
				t.Fatalf("echoed %d bytes differ from the %d sent", len(got), len(data))
			}
		})
	}
}

func TestServerSpeaksFirstAndClosePropagates(t *testing.T) {
	greeting := randomBytes(100_000)
	up := startServer(t, func(c net.Conn) {
		c.Write(greeting)
		c.(*net.TCPConn).CloseWrite()
		io.Copy(io.Discard, c) // until the client's close arrives
	})
	p := startProxy(t, wireproxy.Options{Upstream: up.addr(), Delay: time.Millisecond})
	c := dial(t, p.Addr())
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading greeting: %v", err)
	}
	if !bytes.Equal(got, greeting) {
		t.Fatalf("greeting: got %d bytes, want the %d sent", len(got), len(greeting))
	}
	// The upstream half-closed; the client can still write until it closes.
	if _, err := c.Write([]byte("still here")); err != nil {
		t.Fatalf("writing after the server's half-close: %v", err)
	}
}

// roundTrip sends one byte and waits for it to come back.
func roundTrip(c io.ReadWriter) (time.Duration, error) {
	start := time.Now()
	if _, err := c.Write([]byte{'x'}); err != nil {
		return 0, err
	}
	if _, err := io.ReadFull(c, make([]byte, 1)); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

func TestDelayAppliesEachWayAndConnectionsRunInParallel(t *testing.T) {
	const delay = 20 * time.Millisecond
	up := startServer(t, echo)
	p := startProxy(t, wireproxy.Options{Upstream: up.addr(), Delay: delay})

	// Fully serialised, n round trips would take n times as long as one;
	// n is twice the bound asserted below so that the test tells the two
	// apart even on a slow machine.
	const n = 10
	conns := make([]io.ReadWriter, n)
	for i := range conns {
		conns[i] = dial(t, p.Addr())
		if _, err := roundTrip(conns[i]); err != nil { // upstream dialled
			t.Fatalf("warm-up round trip: %v", err)
		}
	}
	single, err := roundTrip(conns[0])
	if err != nil {
		t.Fatalf("round trip: %v", err)
	}
	if single < 2*delay {
		t.Fatalf("round trip took %v, want at least %v", single, 2*delay)
	}

	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, c := range conns {
		wg.Go(func() {
			var d time.Duration
			d, errs[i] = roundTrip(c)
			if errs[i] == nil && d < 2*delay {
				t.Errorf("parallel round trip took %v, want at least %v", d, 2*delay)
			}
		})
	}
	wg.Wait()
	total := time.Since(start)
	for _, err := range errs {
		if err != nil {
			t.Fatalf("parallel round trip: %v", err)
		}
	}
	if total >= 5*single {
		t.Errorf("%d parallel round trips took %v, a single one %v: connections are serialised", n, total, single)
	}
}

func TestSetDelayChangesLatency(t *testing.T) {
	up := startServer(t, echo)
	p := startProxy(t, wireproxy.Options{Upstream: up.addr()})
	c := dial(t, p.Addr())
	if _, err := roundTrip(c); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	const delay = 30 * time.Millisecond
	p.SetDelay(delay)
	d, err := roundTrip(c)
	if err != nil {
		t.Fatalf("round trip: %v", err)
	}
	if d < 2*delay {
		t.Fatalf("round trip after SetDelay(%v) took %v, want at least %v", delay, d, 2*delay)
	}
}

// TestDelayDoesNotLimitThroughput moves far more data than a proxy that
// let each chunk wait out the delay behind the previous one could move in
// the time allowed.
func TestDelayDoesNotLimitThroughput(t *testing.T) {
	const delay = 50 * time.Millisecond
	up := startServer(t, echo)
	p := startProxy(t, wireproxy.Options{Upstream: up.addr(), Delay: delay})
	c := dial(t, p.Addr())
	if _, err := roundTrip(c); err != nil {
		t.Fatalf("warm-up round trip: %v", err)
	}

	// 16 MiB is at least 256 reads of 64 KiB per direction: 12.8 s at one
	// read per delay.
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<20)
	start := time.Now()
	got := transfer(t, c, data)
	took := time.Since(start)
	if !bytes.Equal(got, data) {
		t.Fatalf("echoed %d bytes differ from the %d sent", len(got), len(data))
	}
	if took < 2*delay {
		t.Errorf("transfer took %v, less than one round trip (%v)", took, 2*delay)
	}
	if limit := 6 * time.Second; took > limit {
		t.Errorf("transfer of %d MiB with %v delay took %v (> %v): chunks are waiting for each other", len(data)>>20, delay, took, limit)
	}
	t.Logf("%d MiB echoed with %v delay each way in %v", len(data)>>20, delay, took)
}

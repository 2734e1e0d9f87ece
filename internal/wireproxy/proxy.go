package wireproxy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy forwards TCP connections from its listening address to one
// upstream server. It is safe for concurrent use.
type Proxy struct {
	o      Options
	log    *slog.Logger
	ln     net.Listener
	ctx    context.Context // ends when the proxy shuts down
	cancel context.CancelFunc

	delayNS atomic.Int64
	counts  counts
	wg      sync.WaitGroup // every goroutine the proxy started

	mu     sync.Mutex
	links  map[*link]struct{}
	closed bool

	closeErr error // set by shutdown; read after wg.Wait
}

// Start listens on o.Listen and forwards each accepted connection to
// o.Upstream until Close is called or ctx ends.
func Start(ctx context.Context, o Options) (*Proxy, error) {
	if err := o.validate(); err != nil {
		return nil, fmt.Errorf("starting proxy: %w", err)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", o.listenAddr())
	if err != nil {
		return nil, fmt.Errorf("starting proxy to %s: listening on %s: %w", o.Upstream, o.listenAddr(), err)
	}
	pctx, cancel := context.WithCancel(ctx)
	p := &Proxy{
		o:      o,
		log:    o.logger().With("proxy", ln.Addr().String(), "upstream", o.Upstream),
		ln:     ln,
		ctx:    pctx,
		cancel: cancel,
		links:  make(map[*link]struct{}),
	}
	p.delayNS.Store(int64(o.Delay))
	p.wg.Go(p.shutdown)
	p.wg.Go(p.accept)
	return p, nil
}

// Addr is the address clients should connect to.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Commands is the number of client commands seen since Start or the last
// ResetCounts, over all connections; the handshake and COM_QUIT do not
// count.
func (p *Proxy) Commands() int64 { return p.counts.commands() }

// CommandsByType breaks Commands down by command byte, so it has no
// COM_QUIT (0x01) entry.
func (p *Proxy) CommandsByType() map[byte]int64 { return p.counts.commandsByType() }

// ResetCounts sets Commands and CommandsByType back to zero. The numbers
// passed to OnCommand go on increasing.
func (p *Proxy) ResetCounts() { p.counts.reset() }

// SetDelay changes the delay for every chunk not yet written, on current
// and future connections. Negative values count as zero.
func (p *Proxy) SetDelay(d time.Duration) { p.delayNS.Store(int64(max(d, 0))) }

func (p *Proxy) delay() time.Duration { return time.Duration(p.delayNS.Load()) }

// CutAll resets every current connection, client and upstream side, at
// once; bytes still queued are dropped. New connections are still
// accepted. It may be called from OnCommand.
func (p *Proxy) CutAll() {
	for _, l := range p.current() {
		l.end(true)
	}
}

// Close stops listening, closes every connection and waits for all the
// proxy's goroutines to finish. It can be called more than once; ending
// Start's context has the same effect, but only Close waits.
func (p *Proxy) Close() error {
	p.cancel()
	p.wg.Wait()
	return p.closeErr
}

// shutdown waits for the proxy's context to end, then stops accepting and
// closes every connection.
func (p *Proxy) shutdown() {
	<-p.ctx.Done()
	if err := p.ln.Close(); err != nil {
		p.closeErr = fmt.Errorf("closing proxy listener %s: %w", p.Addr(), err)
	}
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	for _, l := range p.current() {
		l.end(false)
	}
}

func (p *Proxy) current() []*link {
	p.mu.Lock()
	defer p.mu.Unlock()
	ls := make([]*link, 0, len(p.links))
	for l := range p.links {
		ls = append(ls, l)
	}
	return ls
}

// track registers l, or reports false once the proxy is closed.
func (p *Proxy) track(l *link) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.links[l] = struct{}{}
	return true
}

func (p *Proxy) untrack(l *link) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.links, l)
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			if p.ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return
			}
			// Usually out of file descriptors: wait rather than spin.
			p.log.Warn("wireproxy: accepting connection", "err", err)
			select {
			case <-time.After(10 * time.Millisecond):
			case <-p.ctx.Done():
				return
			}
			continue
		}
		p.wg.Go(func() { p.serve(c) })
	}
}

// serve proxies one client connection until both directions have ended or
// the link is cut.
func (p *Proxy) serve(c net.Conn) {
	l := newLink(c, p.log)
	if !p.track(l) {
		l.end(false)
		return
	}
	defer p.untrack(l)

	var d net.Dialer
	s, err := d.DialContext(p.ctx, "tcp", p.o.Upstream)
	if err != nil {
		if p.ctx.Err() == nil {
			l.log.Warn("wireproxy: dialling upstream", "err", err)
		}
		l.end(true)
		return
	}
	if !l.setServer(s) {
		closeConn(s, true)
		return
	}
	l.log.Debug("wireproxy: connection open")

	up := newPipe(p, l, c, s, "client→server", &cmdScanner{})
	down := newPipe(p, l, s, c, "server→client", nil)
	var wg sync.WaitGroup
	wg.Go(up.read)
	wg.Go(up.write)
	wg.Go(down.read)
	wg.Go(down.write)
	wg.Wait()
	l.end(false)
	l.log.Debug("wireproxy: connection closed")
}

// command records one client command and runs OnCommand.
func (p *Proxy) command(cmd byte) {
	n := p.counts.add(cmd)
	if p.o.OnCommand != nil {
		p.o.OnCommand(n, cmd)
	}
}

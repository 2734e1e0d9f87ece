package wireproxy

import (
	"log/slog"
	"net"
	"sync"
)

// link is one proxied connection: a client and the upstream connection
// dialled for it.
type link struct {
	client net.Conn
	log    *slog.Logger

	done chan struct{} // closed when the link ends, normally or not
	once sync.Once

	mu     sync.Mutex
	server net.Conn // nil until dialled
}

func newLink(client net.Conn, log *slog.Logger) *link {
	return &link{
		client: client,
		log:    log.With("client", client.RemoteAddr().String()),
		done:   make(chan struct{}),
	}
}

// setServer attaches the upstream connection; it reports false, and the
// caller must close c, when the link has already ended.
func (l *link) setServer(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.done:
		return false
	default:
	}
	l.server = c
	return true
}

// end closes both connections once; abrupt ends reset them instead of
// closing them gracefully, so peers see an error rather than just EOF
// where the kernel allows.
func (l *link) end(abrupt bool) {
	l.once.Do(func() {
		close(l.done)
		l.mu.Lock()
		server := l.server
		l.mu.Unlock()
		closeConn(l.client, abrupt)
		if server != nil {
			closeConn(server, abrupt)
		}
	})
}

// fail ends the link abruptly because of err.
func (l *link) fail(err error) {
	select {
	case <-l.done:
		return // already ending; the error is a consequence
	default:
	}
	l.log.Debug("wireproxy: connection failed", "err", err)
	l.end(true)
}

func (l *link) ended() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

func closeConn(c net.Conn, abrupt bool) {
	if tc, ok := c.(*net.TCPConn); ok && abrupt {
		_ = tc.SetLinger(0) // best effort: Close below still closes
	}
	_ = c.Close() // nothing useful to do with an error while tearing down
}

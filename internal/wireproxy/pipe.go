package wireproxy

import (
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

const (
	readSize = 64 << 10
	// queueLen bounds the chunks in flight per direction; a full queue
	// stops reading, like a full TCP window.
	queueLen = 256
)

// segment is a chunk of bytes (or the end of the stream) and when it
// arrived.
type segment struct {
	b   []byte
	at  time.Time
	eof bool
}

// pipe carries one direction of a link: read timestamps chunks and queues
// them, write sends each when its delay has passed.
type pipe struct {
	p        *Proxy
	l        *link
	src, dst net.Conn
	dir      string      // for errors: "client→server" or "server→client"
	scan     *cmdScanner // nil when this direction is not counted
	q        chan segment
}

func newPipe(p *Proxy, l *link, src, dst net.Conn, dir string, scan *cmdScanner) *pipe {
	return &pipe{p: p, l: l, src: src, dst: dst, dir: dir, scan: scan, q: make(chan segment, queueLen)}
}

func (d *pipe) read() {
	buf := make([]byte, readSize)
	var carry []byte // start of a packet held back until it is known not to be a command
	for {
		n, err := d.src.Read(buf)
		at := time.Now()
		if n > 0 {
			var ok bool
			if carry, ok = d.forward(carry, buf[:n], at); !ok {
				return
			}
		}
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) {
			if len(carry) > 0 && !d.put(segment{b: carry, at: at}) {
				return
			}
			d.put(segment{eof: true, at: at})
			return
		}
		d.l.fail(fmt.Errorf("reading %s: %w", d.dir, err))
		return
	}
}

// forward queues carry followed by a copy of b, reporting each command
// before queueing its packet. It returns the new carry, the tail that must
// wait for more bytes, and false when the link has ended.
func (d *pipe) forward(carry, b []byte, at time.Time) ([]byte, bool) {
	chunk := make([]byte, len(carry)+len(b))
	copy(chunk, carry)
	copy(chunk[len(carry):], b)
	if d.scan == nil {
		return nil, d.put(segment{b: chunk, at: at})
	}
	sent := 0
	for i := len(carry); i < len(chunk); {
		k, cmd, found := d.scan.scan(chunk[i:])
		i += k
		if !found {
			continue
		}
		if start := i - headerLen - 1; start > sent {
			if !d.put(segment{b: chunk[sent:start], at: at}) {
				return nil, false
			}
			sent = start
		}
		d.p.command(cmd)
		if d.l.ended() {
			return nil, false // OnCommand cut it: drop the command
		}
	}
	keep := max(len(chunk)-d.scan.held(), sent)
	if keep > sent && !d.put(segment{b: chunk[sent:keep], at: at}) {
		return nil, false
	}
	return append([]byte(nil), chunk[keep:]...), true
}

func (d *pipe) put(s segment) bool {
	select {
	case d.q <- s:
		return true
	case <-d.l.done:
		return false
	}
}

func (d *pipe) write() {
	t := time.NewTimer(time.Hour)
	t.Stop()
	defer t.Stop()
	for {
		var s segment
		select {
		case s = <-d.q:
		case <-d.l.done:
			return
		}
		if wait := time.Until(s.at.Add(d.p.delay())); wait > 0 {
			t.Reset(wait)
			select {
			case <-t.C:
			case <-d.l.done:
				return
			}
		}
		if s.eof {
			d.closeWrite()
			return
		}
		if _, err := d.dst.Write(s.b); err != nil {
			d.l.fail(fmt.Errorf("writing %s: %w", d.dir, err))
			return
		}
	}
}

// closeWrite passes a half-close on.
func (d *pipe) closeWrite() {
	cw, ok := d.dst.(interface{ CloseWrite() error })
	if !ok {
		d.l.end(false) // cannot half-close: close both ways
		return
	}
	if err := cw.CloseWrite(); err != nil {
		d.l.fail(fmt.Errorf("half-closing %s: %w", d.dir, err))
	}
}

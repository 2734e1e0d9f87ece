package wireproxy

const (
	headerLen  = 4        // 3-byte payload length + 1-byte sequence id
	maxPayload = 0xFFFFFF // a packet this long is continued by the next one

	// Client capability flags after which the stream is no longer plain
	// packets.
	capCompress = 0x00000020
	capSSL      = 0x00000800
	capZstd     = 0x04000000
)

// cmdScanner follows the client→server stream of one MySQL connection,
// across arbitrary chunk boundaries, and finds the first payload byte of
// each client command. Once the stream stops looking like plain MySQL
// packets it goes quiet for good.
type cmdScanner struct {
	off bool // not (or no longer) parseable: stop looking

	hdr  [headerLen]byte
	hdrN int // header bytes of the next packet collected so far

	left     int  // payload bytes of the current packet still to come
	more     bool // current packet is maxPayload long: the next one continues it
	awaitCmd bool // current packet is a command and its first byte is next

	greeted bool // the handshake response (first client packet) has started
	inHello bool // reading the capability flags of the handshake response
	caps    [4]byte
	capsN   int
}

// scan consumes p up to and including the first byte of the next command.
// It returns how much of p it consumed and, if it stopped at a command, the
// command byte. That command's packet starts headerLen+1 bytes before the
// end of the consumed stream.
func (s *cmdScanner) scan(p []byte) (n int, cmd byte, found bool) {
	for n < len(p) && !s.off {
		switch {
		case s.left == 0:
			s.hdr[s.hdrN] = p[n]
			s.hdrN++
			n++
			if s.hdrN == headerLen {
				s.startPacket()
			}
		case s.awaitCmd:
			s.awaitCmd = false
			s.left--
			return n + 1, p[n], true
		case s.inHello:
			s.caps[s.capsN] = p[n]
			s.capsN++
			s.left--
			n++
			if s.capsN == len(s.caps) {
				s.inHello = false
				s.checkCaps()
			}
		default:
			k := min(s.left, len(p)-n)
			s.left -= k
			n += k
		}
	}
	if s.off {
		n = len(p)
	}
	return n, 0, false
}

// held reports how many of the bytes consumed so far are the start of a
// packet that may still turn out to be a command, and so must not be
// forwarded before the command is reported. The first packet is never a
// command, so nothing is held until the stream has shown itself to be
// MySQL; after that, MySQL clients always write whole packets, so the few
// bytes held back never wait for long.
func (s *cmdScanner) held() int {
	switch {
	case s.off || !s.greeted:
		return 0
	case s.awaitCmd:
		return headerLen
	case s.left == 0 && !s.more:
		return s.hdrN
	}
	return 0
}

func (s *cmdScanner) startPacket() {
	length := int(s.hdr[0]) | int(s.hdr[1])<<8 | int(s.hdr[2])<<16
	seq := s.hdr[3]
	s.hdrN = 0
	s.left = length
	continued := s.more
	s.more = length == maxPayload
	switch {
	case continued:
		// The rest of a long packet, whatever its sequence id.
	case !s.greeted:
		// The client's first packet is its handshake response (or SSL
		// request), sequence id 1, starting with 4 bytes of capabilities.
		s.greeted = true
		if seq != 1 || length < len(s.caps) {
			s.off = true
			return
		}
		s.inHello = true
	case seq == 0:
		if length == 0 {
			s.off = true // a command without a command byte: not MySQL
			return
		}
		s.awaitCmd = true
	}
}

// checkCaps stops scanning when the handshake asks for TLS or compression,
// after which the stream is opaque.
func (s *cmdScanner) checkCaps() {
	caps := uint32(s.caps[0]) | uint32(s.caps[1])<<8 | uint32(s.caps[2])<<16 | uint32(s.caps[3])<<24
	if caps&(capSSL|capCompress|capZstd) != 0 {
		s.off = true
	}
}

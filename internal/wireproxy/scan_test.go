package wireproxy

import (
	"bytes"
	"encoding/binary"
	"log/slog"
	"net"
	"slices"
	"testing"
	"time"
)

func pkt(seq byte, payload []byte) []byte {
	b := []byte{byte(len(payload)), byte(len(payload) >> 8), byte(len(payload) >> 16), seq}
	return append(b, payload...)
}

func hello(caps uint32) []byte {
	b := binary.LittleEndian.AppendUint32(nil, caps)
	b = append(b, make([]byte, 28)...)
	return append(b, "crawler\x00\x00"...)
}

// hit is a command found in a stream: where its packet starts and its byte.
type hit struct {
	at  int
	cmd byte
}

// stream concatenates packets, recording where each command packet starts.
type stream struct {
	b    []byte
	want []hit
}

func (s *stream) add(seq byte, payload []byte, isCmd bool) {
	if isCmd {
		s.want = append(s.want, hit{len(s.b), payload[0]})
	}
	s.b = append(s.b, pkt(seq, payload)...)
}

// scanCut runs a fresh scanner over b delivered in pieces cut at cuts.
func scanCut(b []byte, cuts ...int) []hit {
	var s cmdScanner
	var got []hit
	prev := 0
	for _, c := range append(cuts, len(b)) {
		for i := prev; i < c; {
			n, cmd, found := s.scan(b[i:c])
			i += n
			if found {
				got = append(got, hit{i - headerLen - 1, cmd})
			}
		}
		prev = c
	}
	return got
}

func smallStream() stream {
	var s stream
	s.add(1, hello(clientProtocol41), false)
	s.add(2, []byte("auth switch reply"), false)
	s.add(0, []byte("\x03SELECT 1"), true)
	s.add(0, []byte{0x0e}, true) // COM_PING: a one-byte command
	s.add(0, []byte("\x16SELECT ?"), true)
	s.add(0, []byte{0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0}, true)
	s.add(0, []byte{0x01}, true)
	return s
}

const clientProtocol41 = 0x200

func TestScanFindsCommandsAtEverySplit(t *testing.T) {
	s := smallStream()
	if got := scanCut(s.b); !slices.Equal(got, s.want) {
		t.Fatalf("whole stream: got %v, want %v", got, s.want)
	}
	for i := 0; i <= len(s.b); i++ {
		for j := i; j <= len(s.b); j++ {
			if got := scanCut(s.b, i, j); !slices.Equal(got, s.want) {
				t.Fatalf("cut at %d and %d: got %v, want %v", i, j, got, s.want)
			}
		}
	}
	var every []int
	for i := range len(s.b) {
		every = append(every, i)
	}
	if got := scanCut(s.b, every...); !slices.Equal(got, s.want) {
		t.Fatalf("byte by byte: got %v, want %v", got, s.want)
	}
}

func TestScanCountsMultiPacketCommandOnce(t *testing.T) {
	var s stream
	s.add(1, hello(clientProtocol41), false)
	big := bytes.Repeat([]byte{0}, maxPayload)
	big[0] = 0x17
	s.add(0, big, true)
	// The continuation: its first byte must not be taken for a command.
	s.add(1, []byte{0x03, 0x03, 0x03}, false)
	// A payload of exactly maxPayload ends with an empty continuation.
	big[0] = 0x03
	s.add(0, big, true)
	s.add(1, nil, false)
	// A long non-command packet whose continuation's sequence id wraps to 0.
	s.add(255, big, false)
	s.add(0, []byte{0x16, 0x16}, false)
	s.add(0, []byte("\x03SELECT 2"), true)

	var bounds []int // every packet boundary
	for i := 0; i < len(s.b); {
		bounds = append(bounds, i)
		i += headerLen + (int(s.b[i]) | int(s.b[i+1])<<8 | int(s.b[i+2])<<16)
	}
	var cuts []int
	for _, b := range bounds {
		for d := -2; d <= headerLen+2; d++ {
			if c := b + d; c > 0 && c < len(s.b) {
				cuts = append(cuts, c)
			}
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	if got := scanCut(s.b); !slices.Equal(got, s.want) {
		t.Fatalf("whole stream: got %v, want %v", got, s.want)
	}
	for _, c := range cuts {
		if got := scanCut(s.b, c); !slices.Equal(got, s.want) {
			t.Fatalf("cut at %d: got %v, want %v", c, got, s.want)
		}
	}
	if got := scanCut(s.b, cuts...); !slices.Equal(got, s.want) {
		t.Fatalf("cut at all of %v: got %v, want %v", cuts, got, s.want)
	}
}

func TestScanStopsOnOpaqueStreams(t *testing.T) {
	cmds := slices.Concat(pkt(0, []byte("\x03SELECT 1")), pkt(0, []byte{0x0e}))
	for _, tc := range []struct {
		name  string
		start []byte
	}{
		{"SSL request", pkt(1, hello(clientProtocol41 | capSSL)[:32])},
		{"compression", pkt(1, hello(clientProtocol41|capCompress))},
		{"zstd compression", pkt(1, hello(clientProtocol41|capZstd))},
		{"no handshake response", nil},
		{"handshake response too short", pkt(1, []byte{0, 2})},
		{"empty command", slices.Concat(pkt(1, hello(clientProtocol41)), pkt(0, nil))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := slices.Concat(tc.start, cmds)
			if got := scanCut(b); len(got) != 0 {
				t.Errorf("found commands %v in an opaque stream", got)
			}
			var s cmdScanner
			if n, _, _ := s.scan(b); n != len(b) {
				t.Errorf("consumed %d of %d bytes", n, len(b))
			}
			if h := s.held(); h != 0 {
				t.Errorf("holds back %d bytes after giving up", h)
			}
		})
	}
}

// TestForwardHoldsCommandUntilReported checks, for every way of cutting a
// stream into three reads, that when OnCommand runs exactly the bytes
// before that command's packet have been queued, and that in the end
// every byte is queued once, in order.
func TestForwardHoldsCommandUntilReported(t *testing.T) {
	s := smallStream()
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	for i := 0; i <= len(s.b); i++ {
		for j := i; j <= len(s.b); j++ {
			var queued []byte
			var got []hit
			p := &Proxy{}
			l := newLink(a, slog.New(slog.DiscardHandler))
			d := newPipe(p, l, nil, nil, "test", &cmdScanner{})
			drain := func() {
				for {
					select {
					case seg := <-d.q:
						queued = append(queued, seg.b...)
					default:
						return
					}
				}
			}
			p.o.OnCommand = func(n int64, cmd byte) {
				drain()
				got = append(got, hit{len(queued), cmd})
				if n != int64(len(got)) {
					t.Fatalf("command number %d, want %d", n, len(got))
				}
			}
			var carry []byte
			prev := 0
			for _, c := range []int{i, j, len(s.b)} {
				var ok bool
				if carry, ok = d.forward(carry, s.b[prev:c], time.Time{}); !ok {
					t.Fatal("forward reported an ended link")
				}
				drain()
				prev = c
			}
			queued = append(queued, carry...)
			if !slices.Equal(got, s.want) {
				t.Fatalf("cuts %d,%d: commands reported with queued bytes %v, want %v", i, j, got, s.want)
			}
			if !bytes.Equal(queued, s.b) {
				t.Fatalf("cuts %d,%d: queued bytes differ from the stream", i, j)
			}
		}
	}
}

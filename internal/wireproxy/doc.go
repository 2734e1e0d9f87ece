// Package wireproxy is a TCP proxy for MySQL-protocol test beds: it forwards
// bytes between clients and one upstream server while adding latency,
// counting client commands at the wire, and injecting faults.
//
// Latency: every chunk read from either side is timestamped and written to
// the other side once Options.Delay (or the value set with SetDelay) has
// passed since it arrived, so a request/response round trip costs 2×Delay,
// chunks keep their order, and throughput is not limited to one chunk per
// Delay. Connections are independent of each other.
//
// Counting: the client→server stream is parsed as MySQL packets
// (3-byte little-endian length, 1-byte sequence id, payload). A packet with
// sequence id 0 that does not continue a 0xFFFFFF-long packet is a client
// command; its first payload byte is the command type. Every command counts
// as one, even the few that get no response (COM_STMT_CLOSE,
// COM_STMT_SEND_LONG_DATA), so subtract those by type when counting round
// trips.
//
// Counting needs a plain connection. When the client asks for TLS or
// compression in its handshake, or the stream does not start with a
// handshake response (sequence id 1), the proxy stops counting for that
// connection and forwards its bytes untouched. A LOAD DATA LOCAL upload of
// more than 255 packets wraps the sequence id to 0 and would be miscounted.
//
// Faults: Options.OnCommand runs before any byte of a command is forwarded
// and may block to stall it or call CutAll to reset every connection. To
// that end the proxy holds back the (at most four) header bytes of a packet
// until its first payload byte has arrived; MySQL clients write whole
// packets, so this does not delay them.
package wireproxy

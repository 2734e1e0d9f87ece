package wireproxy

import (
	"errors"
	"log/slog"
	"time"
)

// Options configures a Proxy.
type Options struct {
	// Upstream is the server's address, e.g. "127.0.0.1:3306". It is dialled
	// once per accepted client connection, not at Start.
	Upstream string
	// Listen is the address to listen on; "" means 127.0.0.1 on a free port.
	Listen string
	// Delay is added to every chunk in each direction, so a request/response
	// round trip costs 2×Delay. SetDelay changes it at run time.
	Delay time.Duration
	// OnCommand, if set, is called for each client command before the
	// command's packet is forwarded, with the command's 1-based number among
	// all commands this proxy has seen (COM_QUIT included, never reset) and
	// the command byte (0x03 COM_QUERY, 0x16 COM_STMT_PREPARE, 0x01 COM_QUIT,
	// ...). Calls for different connections may run concurrently.
	//
	// It may block to stall the connection, or call CutAll. Close waits for
	// it, so a blocking OnCommand must be released for Close to return.
	OnCommand func(n int64, cmd byte)
	// Logger receives connection events at debug level and upstream dial
	// failures at warn level; nil discards them.
	Logger *slog.Logger
}

func (o Options) validate() error {
	if o.Upstream == "" {
		return errors.New("no upstream address")
	}
	if o.Delay < 0 {
		return errors.New("negative delay")
	}
	return nil
}

func (o Options) listenAddr() string {
	if o.Listen == "" {
		return "127.0.0.1:0"
	}
	return o.Listen
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

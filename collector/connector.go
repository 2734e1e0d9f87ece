package collector

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// handshakeConnector bounds each new connection by timeout: the TCP
// connect, the server's greeting and the login together. go-sql-driver's
// Config.Timeout bounds only the dial; a server that accepts TCP and never
// greets would otherwise hold the connection until the per-target deadline.
// The driver watches the context during the handshake only, so the
// deadline does not outlive Connect.
type handshakeConnector struct {
	driver.Connector
	timeout time.Duration
	addr    string
}

// Connect opens one connection within the connect timeout.
func (c handshakeConnector) Connect(ctx context.Context) (driver.Conn, error) {
	hctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	conn, err := c.Connector.Connect(hctx)
	if err != nil && ctx.Err() == nil && errors.Is(hctx.Err(), context.DeadlineExceeded) {
		// Not driver.ErrBadConn: database/sql must not retry a server that
		// does not answer.
		return nil, fmt.Errorf("%s did not greet and log in within the connect timeout of %s (TCP connect, MySQL handshake and login): %v",
			c.addr, c.timeout, err)
	}
	return conn, err
}

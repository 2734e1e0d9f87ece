package gmsserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"

	sqle "github.com/dolthub/go-mysql-server"
	"github.com/dolthub/go-mysql-server/memory"
	"github.com/dolthub/go-mysql-server/server"
	gmssql "github.com/dolthub/go-mysql-server/sql"
	"github.com/sirupsen/logrus"
)

// Server is a running go-mysql-server. Its databases live in memory and
// vanish with it.
type Server struct {
	srv  *server.Server
	addr string
	done chan struct{} // closed when the accept loop has returned

	closeOnce sync.Once
	closeErr  error
}

// Start starts a go-mysql-server with in-memory databases and the `mysql`
// database enabled (so CREATE USER and GRANT work), with a root superuser
// whose password is opts.RootPassword. It returns once a root login on the
// listening address succeeds; ctx bounds that wait.
//
// go-mysql-server logs connection events and query errors through the
// process-wide logrus standard logger, which Start therefore redirects to
// io.Discard (nothing else in auroradoc uses logrus); the per-session
// loggers are this server's own and discard everything too. Nothing is
// written to stdout.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.Version == "" {
		opts.Version = DefaultVersion
	}
	logrus.SetOutput(io.Discard)
	if err := setGlobalVersion(opts.Version); err != nil {
		return nil, err
	}

	// Native primary-key indexes: without them every FOREIGN KEY is
	// rejected with "missing index for foreign key".
	pro := memory.NewDBProvider()
	pro.WithOption(memory.NativeIndexProvider(true))
	engine := sqle.NewDefault(pro)
	if err := enableAccounts(engine, opts.RootPassword); err != nil {
		return nil, err
	}

	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("gmsserver: listening on %s: %w", opts.Addr, err)
	}
	cfg := server.Config{
		Protocol: "tcp",
		Address:  ln.Addr().String(),
		Listener: ln,
		Version:  opts.Version,
	}
	srv, err := server.NewServer(cfg, engine, gmssql.NewContext, quietSessions(pro), nil)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("gmsserver: creating the server on %s: %w", cfg.Address, err)
	}
	s := &Server{srv: srv, addr: cfg.Address, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = srv.Start() // accepts until the listener is closed; always nil
	}()
	if err := s.waitReady(ctx, opts.RootPassword); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Addr returns the host:port the server listens on.
func (s *Server) Addr() string { return s.addr }

// Close stops the server: it closes the listener, kills running queries and
// stops the engine's background threads. Connections still open fail their
// next ping. Close is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		if err := s.srv.Close(); err != nil {
			errs = append(errs, err)
		}
		<-s.done
		// The background threads report their cancellation as an error.
		if err := s.srv.Engine.Close(); err != nil && !errors.Is(err, context.Canceled) {
			errs = append(errs, err)
		}
		if err := errors.Join(errs...); err != nil {
			s.closeErr = fmt.Errorf("gmsserver: closing %s: %w", s.addr, err)
		}
	})
	return s.closeErr
}

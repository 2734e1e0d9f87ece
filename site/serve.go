package site

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Serve serves the rendered site in dir on l until ctx ends (local
// preview; `auroradoc serve` and the demo listen on 127.0.0.1).
func Serve(ctx context.Context, l net.Listener, dir string) error {
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

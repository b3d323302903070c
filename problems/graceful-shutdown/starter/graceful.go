// Package graceful wraps an HTTP server so that it can be stopped without
// cutting off the requests it is handling: in-flight requests finish, new
// connections are refused, and a deadline bounds the wait.
package graceful

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
)

// ForcedError is returned by Shutdown when its context ended before every
// in-flight request had finished, so the server was closed by force.
type ForcedError struct {
	Abandoned int   // requests still running when the server was forced
	Err       error // the context's error
}

// Error returns "graceful: shutdown forced with <Abandoned> requests in
// flight: <Err>".
func (e *ForcedError) Error() string {
	return fmt.Sprintf("graceful: shutdown forced with %d requests in flight: %v", e.Abandoned, e.Err)
}

// Unwrap returns the context's error.
func (e *ForcedError) Unwrap() error { return e.Err }

// Server is an HTTP server with a graceful Shutdown. Its methods are safe
// for concurrent use.
type Server struct {
	// Add fields here.
}

// New returns a Server that serves h.
func New(h http.Handler) *Server {
	return &Server{}
}

// Serve accepts connections on l and serves them. It always returns an
// error: http.ErrServerClosed after Shutdown or Close (also when they were
// called before Serve), else the error that stopped the accept loop. Serve
// closes l.
func (s *Server) Serve(l net.Listener) error {
	l.Close()
	return errors.New("not implemented")
}

// InFlight returns the number of requests whose handler is running.
func (s *Server) InFlight() int {
	return 0
}

// Shutdown stops the server gracefully: it closes the listeners at once (new
// connections are refused), closes idle connections, and waits for the
// in-flight requests to finish. It returns nil when they all did. If ctx
// ends first, Shutdown cancels the contexts of the requests still running,
// closes every connection, and returns a *ForcedError wrapping ctx.Err();
// it does not wait for those handlers to return. A second call (or a call
// after Close) returns http.ErrServerClosed at once.
func (s *Server) Shutdown(ctx context.Context) error {
	return errors.New("not implemented")
}

// Close stops the server at once: listeners and connections are closed
// and the contexts of running requests are cancelled.
func (s *Server) Close() error {
	return errors.New("not implemented")
}

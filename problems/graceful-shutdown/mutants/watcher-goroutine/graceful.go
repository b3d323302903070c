// Package graceful wraps an HTTP server so that it can be stopped without
// cutting off the requests it is handling: in-flight requests finish, new
// connections are refused, and a deadline bounds the wait.
package graceful

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// ForcedError is returned by Shutdown when its context ended before every
// in-flight request had finished, so the server was closed by force.
type ForcedError struct {
	Abandoned int   // requests still running when the server was forced
	Err       error // the context's error
}

func (e *ForcedError) Error() string {
	return fmt.Sprintf("graceful: shutdown forced with %d requests in flight: %v", e.Abandoned, e.Err)
}

func (e *ForcedError) Unwrap() error { return e.Err }

// Server is an HTTP server with a graceful Shutdown. Its methods are safe
// for concurrent use.
type Server struct {
	srv      *http.Server
	inFlight atomic.Int64
	// base is the parent of every request context; cancelling it tells
	// the handlers still running that the server is going away.
	base   context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	stopped bool // Shutdown or Close has been called
}

// New returns a Server that serves h.
func New(h http.Handler) *Server {
	s := &Server{}
	s.base, s.cancel = context.WithCancel(context.Background())
	s.srv = &http.Server{
		Handler:     s.track(h),
		BaseContext: func(net.Listener) context.Context { return s.base },
	}
	return s
}

// track counts the requests being handled.
func (s *Server) track(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		h.ServeHTTP(w, r)
	})
}

// Serve accepts connections on l and serves them. It always returns an
// error: http.ErrServerClosed after Shutdown or Close (also when they were
// called before Serve), else the error that stopped the accept loop. Serve
// closes l.
func (s *Server) Serve(l net.Listener) error {
	return s.srv.Serve(l)
}

// InFlight returns the number of requests whose handler is running.
func (s *Server) InFlight() int {
	return int(s.inFlight.Load())
}

// Shutdown stops the server gracefully: it closes the listeners at once (new
// connections are refused), closes idle connections, and waits for the
// in-flight requests to finish. It returns nil when they all did. If ctx
// ends first, Shutdown cancels the contexts of the requests still running,
// closes every connection, and returns a *ForcedError wrapping ctx.Err();
// it does not wait for those handlers to return. A second call (or a call
// after Close) returns http.ErrServerClosed at once.
func (s *Server) Shutdown(ctx context.Context) error {
	if !s.markStopped() {
		return http.ErrServerClosed
	}
	// Force the server closed as soon as ctx ends.
	forced := make(chan int, 1)
	go func() {
		<-ctx.Done()
		abandoned := s.InFlight()
		s.forceClose()
		forced <- abandoned
	}()
	err := s.srv.Shutdown(ctx)
	if err == nil || ctx.Err() == nil {
		s.cancel()
		return err
	}
	return &ForcedError{Abandoned: <-forced, Err: err}
}

// Close stops the server at once: listeners and connections are closed
// and the contexts of running requests are cancelled.
func (s *Server) Close() error {
	s.markStopped()
	return s.forceClose()
}

// forceClose closes the listeners and every connection, then cancels the
// request contexts. In that order: a handler that returns as soon as its
// context ends must not get a half-finished response out to the client.
func (s *Server) forceClose() error {
	err := s.srv.Close()
	s.cancel()
	return err
}

// markStopped records that the server is stopping and reports whether
// this is the first call to do so.
func (s *Server) markStopped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return false
	}
	s.stopped = true
	return true
}

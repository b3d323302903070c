// Package middleware provides composable HTTP middleware for a small
// service: request logging, panic recovery and per-request timeouts.
package middleware

import (
	"net/http"
	"time"
)

// Middleware wraps a handler with extra behaviour.
type Middleware func(http.Handler) http.Handler

// Chain wraps h with mws so that mws[0] is the outermost layer: a request
// passes through mws[0], then mws[1], ..., then reaches h.
// Chain(h) with no middleware returns h.
func Chain(h http.Handler, mws ...Middleware) http.Handler {
	return h
}

// Entry is one access-log record.
type Entry struct {
	Method   string        // r.Method
	Path     string        // r.URL.Path (no query string)
	Status   int           // final status code sent (see the statement)
	Bytes    int64         // body bytes accepted by the underlying writer
	Duration time.Duration // Clock.Now() after the handler minus Clock.Now() before
}

// Logger receives one Entry per request. It may be called concurrently.
type Logger interface {
	Log(e Entry)
}

// Clock tells the time; tests inject a fake one.
type Clock interface {
	Now() time.Time
}

// Logging logs exactly one Entry per request through l, measuring the
// duration with c. The entry is logged even when the next handler panics;
// the panic then continues up the stack unchanged.
func Logging(l Logger, c Clock) Middleware {
	return func(next http.Handler) http.Handler {
		return next
	}
}

// Recover turns a panic in the next handler into a 500 response with the
// body "Internal Server Error\n". onPanic, when not nil, is told about each
// recovered panic. If the response has already started, nothing more is
// written. A panic with http.ErrAbortHandler is not recovered: it is
// re-panicked unchanged, without calling onPanic or writing anything.
func Recover(onPanic func(r *http.Request, v any)) Middleware {
	return func(next http.Handler) http.Handler {
		return next
	}
}

// Timeout gives each request a context that expires d from now (or
// earlier, if the incoming context already has a closer deadline) and is
// cancelled when the next handler returns. If the handler returns without
// having written anything and the deadline has passed, Timeout answers 503
// with the body "request timed out\n". Timeout panics if d is not positive.
func Timeout(d time.Duration) Middleware {
	return func(next http.Handler) http.Handler {
		return next
	}
}

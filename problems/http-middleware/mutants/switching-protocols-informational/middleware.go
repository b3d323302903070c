// Package middleware provides composable HTTP middleware for a small
// service: request logging, panic recovery and per-request timeouts.
package middleware

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Middleware wraps a handler with extra behaviour.
type Middleware func(http.Handler) http.Handler

// Chain wraps h with mws so that mws[0] is the outermost layer: a request
// passes through mws[0], then mws[1], ..., then reaches h.
func Chain(h http.Handler, mws ...Middleware) http.Handler {
	// Wrap from the inside out so the first middleware ends up outermost.
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// Entry is one access-log record.
type Entry struct {
	Method   string
	Path     string
	Status   int
	Bytes    int64
	Duration time.Duration
}

// Logger receives one Entry per request. It may be called concurrently.
type Logger interface {
	Log(e Entry)
}

// Clock tells the time; tests inject a fake one.
type Clock interface {
	Now() time.Time
}

// recorder wraps a ResponseWriter and remembers the final status code and
// the number of body bytes written. Each request gets its own recorder.
type recorder struct {
	http.ResponseWriter
	status int // final status; 0 while nothing has been sent
	bytes  int64
}

func (rw *recorder) WriteHeader(code int) {
	// 1xx informational responses may precede the real one: pass them on,
	// but they are not the status of the request.
	informational := code >= 100 && code <= 199
	if rw.status == 0 && !informational {
		rw.status = code
	}
	rw.ResponseWriter.WriteHeader(code)
}

func (rw *recorder) Write(p []byte) (int, error) {
	if rw.status == 0 {
		// net/http sends an implicit 200 on the first Write.
		rw.status = http.StatusOK
	}
	n, err := rw.ResponseWriter.Write(p)
	rw.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer's
// optional interfaces (Flusher, Hijacker, deadlines).
func (rw *recorder) Unwrap() http.ResponseWriter {
	return rw.ResponseWriter
}

// Logging logs one Entry per request through l, measuring the duration
// with c. The entry is logged even when the next handler panics; the panic
// then continues up the stack.
func Logging(l Logger, c Clock) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := c.Now()
			rec := &recorder{ResponseWriter: w}
			returned := false
			// A deferred log runs on panic too; not recovering lets the
			// panic reach whoever handles it (Recover or net/http).
			defer func() {
				status := rec.status
				if status == 0 {
					status = http.StatusOK // net/http sends 200 for an empty response
					if !returned {
						status = http.StatusInternalServerError
					}
				}
				l.Log(Entry{
					Method:   r.Method,
					Path:     r.URL.Path,
					Status:   status,
					Bytes:    rec.bytes,
					Duration: c.Now().Sub(start),
				})
			}()
			next.ServeHTTP(rec, r)
			returned = true
		})
	}
}

// Recover turns a panic in the next handler into a 500 response. onPanic,
// when not nil, is told about each recovered panic. If the response has
// already started, nothing more is written. http.ErrAbortHandler is not
// recovered: it is net/http's way to abort a response on purpose.
func Recover(onPanic func(r *http.Request, v any)) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &recorder{ResponseWriter: w}
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v)
				}
				if onPanic != nil {
					onPanic(r, v)
				}
				// Once the status line is out, a 500 would only corrupt
				// the body the client is already reading.
				if rec.status == 0 {
					http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(rec, r)
		})
	}
}

// Timeout gives each request a context that expires d from now (or
// earlier, if the incoming context already has a closer deadline) and is
// cancelled when the next handler returns. If the handler returns without
// writing anything after the deadline passed, Timeout answers 503 with the
// body "request timed out\n". Timeout panics if d is not positive.
func Timeout(d time.Duration) Middleware {
	if d <= 0 {
		panic("middleware: Timeout duration must be positive")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			rec := &recorder{ResponseWriter: w}
			next.ServeHTTP(rec, r.WithContext(ctx))
			// A cancelled (not expired) context means the client went
			// away: there is nobody to answer.
			if rec.status == 0 && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				http.Error(w, "request timed out", http.StatusServiceUnavailable)
			}
		})
	}
}

// Package tracing follows one request across services: it reads and writes
// the W3C traceparent header, records timed spans with their parents, and
// carries the current span in the request's context.
package tracing

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// TraceID names a whole trace; the zero value is invalid.
type TraceID [16]byte

// SpanID names one span; the zero value is invalid (a root span's ParentID).
type SpanID [8]byte

// Flags is the traceparent's trace-flags byte.
type Flags byte

// FlagSampled is the only flag of traceparent version 00: the trace is
// recorded.
const FlagSampled Flags = 0x01

// SpanContext is what crosses a process boundary: the trace, the span the
// next hop is a child of, and the flags.
type SpanContext struct {
	TraceID TraceID
	SpanID  SpanID
	Flags   Flags
}

// IsValid reports whether both ids are non-zero.
func (sc SpanContext) IsValid() bool {
	return false
}

// Traceparent formats sc as a version 00 traceparent header value:
// "00-" + 32 hex digits + "-" + 16 hex digits + "-" + 2 hex digits,
// lowercase.
func (sc SpanContext) Traceparent() string {
	return ""
}

// ErrMalformed is returned by ParseTraceparent for any value it refuses.
var ErrMalformed = errors.New("tracing: malformed traceparent")

// ParseTraceparent reads a traceparent header value (see the statement for
// what is valid).  On error it returns the zero SpanContext and
// ErrMalformed.
func ParseTraceparent(v string) (SpanContext, error) {
	return SpanContext{}, ErrMalformed
}

// Kind says which side of a call a span describes.
type Kind int

const (
	KindInternal Kind = iota // work inside one process
	KindServer               // an incoming request, from the middleware
	KindClient               // an outgoing request, from the transport
)

// Span is one finished span, as given to the Recorder.
type Span struct {
	Name     string
	Kind     Kind
	TraceID  TraceID
	SpanID   SpanID
	ParentID SpanID // zero for the root of a trace
	Flags    Flags
	Start    time.Time
	End      time.Time
}

// Recorder receives every sampled span once, when it ends.  It may be
// called from many goroutines at once.
type Recorder interface {
	Record(s Span)
}

// Clock tells the time; tests inject a fake one.
type Clock interface {
	Now() time.Time
}

// IDSource makes new ids; tests inject a predictable one.  It may be called
// from many goroutines at once.
type IDSource interface {
	NewTraceID() TraceID
	NewSpanID() SpanID
}

// Tracer starts spans of one service.
type Tracer struct {
	// your fields
}

// NewTracer returns a tracer recording through rec.  A nil clock is the
// real time (time.Now), nil ids random non-zero ids.
func NewTracer(rec Recorder, clock Clock, ids IDSource) *Tracer {
	return &Tracer{}
}

// ContextWithSpanContext returns a copy of ctx whose current span is sc: the
// next Start on it starts a child of sc.
func ContextWithSpanContext(ctx context.Context, sc SpanContext) context.Context {
	return ctx
}

// SpanContextFromContext returns the current span of ctx; ok is false when
// ctx has none (or only an invalid one).
func SpanContextFromContext(ctx context.Context) (sc SpanContext, ok bool) {
	return SpanContext{}, false
}

// ActiveSpan is a span that has started and not yet ended.
type ActiveSpan struct {
	// your fields
}

// Start starts a span named name as a child of the current span of ctx,
// or as the root of a new, sampled trace when ctx has none.  The returned
// context carries the new span.
func (t *Tracer) Start(ctx context.Context, name string, kind Kind) (context.Context, *ActiveSpan) {
	return ctx, &ActiveSpan{}
}

// SpanContext returns the identity of s, to pass to the next hop.
func (s *ActiveSpan) SpanContext() SpanContext {
	return SpanContext{}
}

// End ends s and records it if it is sampled.  Only the first call counts;
// End may be called from several goroutines at once.
func (s *ActiveSpan) End() {
}

// Middleware traces every request to next with a server span named
// "METHOD /path" (see the statement).
func (t *Tracer) Middleware(next http.Handler) http.Handler {
	return next
}

// Transport returns a RoundTripper that traces each request with a client
// span named "METHOD /path" and sends it in the traceparent header (see the
// statement).  A nil base is http.DefaultTransport.
func (t *Tracer) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return base
}

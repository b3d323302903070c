// Package tracing follows one request across services: it reads and writes
// the W3C traceparent header, records timed spans with their parents, and
// carries the current span in the request's context.
package tracing

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
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
	return sc.TraceID != TraceID{} && sc.SpanID != SpanID{}
}

// Traceparent formats sc as a version 00 traceparent header value.
func (sc SpanContext) Traceparent() string {
	var b [55]byte
	b[0], b[1], b[2] = '0', '0', '-'
	hex.Encode(b[3:35], sc.TraceID[:])
	b[35] = '-'
	hex.Encode(b[36:52], sc.SpanID[:])
	b[52] = '-'
	hex.Encode(b[53:55], []byte{byte(sc.Flags)})
	return string(b[:])
}

// ErrMalformed is returned by ParseTraceparent for any value it refuses.
var ErrMalformed = errors.New("tracing: malformed traceparent")

// ParseTraceparent reads a traceparent header value.  Version 00 is exactly
// 55 bytes; a later version (01 to fe) may carry more after a '-' at byte
// 55, which is ignored.  Hex is lowercase only; version ff and all-zero ids
// are refused.
func ParseTraceparent(v string) (SpanContext, error) {
	var sc SpanContext
	if len(v) < 55 || v[2] != '-' || v[35] != '-' || v[52] != '-' {
		return sc, ErrMalformed
	}
	var ver [1]byte
	var fl [1]byte
	if !decodeLower(ver[:], v[0:2]) || ver[0] == 0xff ||
		!decodeLower(sc.TraceID[:], v[3:35]) ||
		!decodeLower(sc.SpanID[:], v[36:52]) ||
		!decodeLower(fl[:], v[53:55]) {
		return SpanContext{}, ErrMalformed
	}
	// Version 00 has exactly four fields; a later version may add fields
	// after a dash, which a version 00 reader skips.
	if len(v) > 55 && (ver[0] == 0 || v[55] != '-') {
		return SpanContext{}, ErrMalformed
	}
	sc.Flags = Flags(fl[0])
	if !sc.IsValid() {
		return SpanContext{}, ErrMalformed
	}
	return sc, nil
}

// decodeLower decodes lowercase hex s into dst (len(s) == 2*len(dst)).
func decodeLower(dst []byte, s string) bool {
	for i := range dst {
		hi, ok1 := nibble(s[2*i])
		lo, ok2 := nibble(s[2*i+1])
		if !ok1 || !ok2 {
			return false
		}
		dst[i] = hi<<4 | lo
	}
	return true
}

func nibble(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
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
	rec   Recorder
	clock Clock
	ids   IDSource
}

// NewTracer returns a tracer recording through rec.  A nil clock is the
// real time, nil ids random non-zero ids.
func NewTracer(rec Recorder, clock Clock, ids IDSource) *Tracer {
	if clock == nil {
		clock = realClock{}
	}
	if ids == nil {
		ids = newRandomIDs()
	}
	return &Tracer{rec: rec, clock: clock, ids: ids}
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// randomIDs draws ids from a ChaCha8 generator seeded from crypto/rand.
type randomIDs struct {
	mu  sync.Mutex
	rng *rand.ChaCha8
}

func newRandomIDs() *randomIDs {
	var seed [32]byte
	crand.Read(seed[:])
	return &randomIDs{rng: rand.NewChaCha8(seed)}
}

func (r *randomIDs) NewTraceID() TraceID {
	r.mu.Lock()
	defer r.mu.Unlock()
	var id TraceID
	for id == (TraceID{}) {
		binary.LittleEndian.PutUint64(id[:8], r.rng.Uint64())
		binary.LittleEndian.PutUint64(id[8:], r.rng.Uint64())
	}
	return id
}

func (r *randomIDs) NewSpanID() SpanID {
	r.mu.Lock()
	defer r.mu.Unlock()
	var id SpanID
	for id == (SpanID{}) {
		binary.LittleEndian.PutUint64(id[:], r.rng.Uint64())
	}
	return id
}

type ctxKey struct{}

// ContextWithSpanContext returns a copy of ctx whose current span is sc: the
// next Start on it starts a child of sc.  The middleware uses it for the
// caller's span, which lives in another process.
func ContextWithSpanContext(ctx context.Context, sc SpanContext) context.Context {
	return context.WithValue(ctx, ctxKey{}, sc)
}

// SpanContextFromContext returns the current span of ctx, if any.
func SpanContextFromContext(ctx context.Context) (SpanContext, bool) {
	sc, ok := ctx.Value(ctxKey{}).(SpanContext)
	return sc, ok && sc.IsValid()
}

// ActiveSpan is a span that has started and not yet ended.
type ActiveSpan struct {
	t     *Tracer
	span  Span
	ended atomic.Bool
}

// Start starts a span named name as a child of the current span of ctx,
// or as the root of a new, sampled trace when ctx has none.  The returned
// context carries the new span.
func (t *Tracer) Start(ctx context.Context, name string, kind Kind) (context.Context, *ActiveSpan) {
	s := &ActiveSpan{t: t}
	s.span.Name = name
	s.span.Kind = kind
	if parent, ok := SpanContextFromContext(ctx); ok {
		s.span.ParentID = parent.SpanID
		// Version 00 defines only the sampled bit; others are not passed on.
		s.span.Flags = parent.Flags & FlagSampled
	} else {
		s.span.Flags = FlagSampled
	}
	s.span.TraceID = t.ids.NewTraceID()
	s.span.SpanID = t.ids.NewSpanID()
	s.span.Start = t.clock.Now()
	return ContextWithSpanContext(ctx, s.SpanContext()), s
}

// SpanContext returns the identity of s, to pass to the next hop.
func (s *ActiveSpan) SpanContext() SpanContext {
	return SpanContext{TraceID: s.span.TraceID, SpanID: s.span.SpanID, Flags: s.span.Flags}
}

// End ends s and records it if it is sampled.  Only the first call counts;
// End may be called from several goroutines.
func (s *ActiveSpan) End() {
	if !s.ended.CompareAndSwap(false, true) {
		return
	}
	sp := s.span
	sp.End = s.t.clock.Now()
	if sp.Flags&FlagSampled != 0 {
		s.t.rec.Record(sp)
	}
}

// Middleware traces every request to next with a server span named
// "METHOD /path": a child of the caller's span when the request carries
// exactly one valid traceparent, else the root of a new trace.  The span
// is the current span of the request's context, and ends when next
// returns, or panics.
func (t *Tracer) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The parent is the caller's span or nothing: a span already in
		// r's context (a test's, an outer server's) is not the caller's.
		var parent SpanContext
		if vs := r.Header.Values("traceparent"); len(vs) == 1 {
			parent, _ = ParseTraceparent(vs[0])
		}
		ctx := ContextWithSpanContext(r.Context(), parent)
		ctx, span := t.Start(ctx, r.Method+" "+r.URL.Path, KindServer)
		defer span.End()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Transport returns a RoundTripper that traces each request with a client
// span named "METHOD /path", a child of the current span of the request's
// context, and sends that span in the traceparent header.  The caller's
// request is not modified.  The span ends when base's RoundTrip returns.
// A nil base is http.DefaultTransport.
func (t *Tracer) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{t: t, base: base}
}

type transport struct {
	t    *Tracer
	base http.RoundTripper
}

func (tr *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, span := tr.t.Start(req.Context(), req.Method+" "+req.URL.Path, KindClient)
	defer span.End()
	// A RoundTripper must not modify the caller's request: send a copy
	// with its own header map.
	out := req.WithContext(ctx)
	out.Header = req.Header.Clone()
	if out.Header == nil {
		out.Header = make(http.Header, 1)
	}
	out.Header.Set("traceparent", span.SpanContext().Traceparent())
	return tr.base.RoundTrip(out)
}

package tracing_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"tracing"
)

// pubClock is a fake clock that only moves when told to.
type pubClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *pubClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *pubClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// pubIDs hands out 1, 2, 3, ... in the last byte of each id.
type pubIDs struct {
	mu   sync.Mutex
	n    byte
	tags byte
}

func (g *pubIDs) NewTraceID() tracing.TraceID {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return tracing.TraceID{0: g.tags, 15: g.n}
}

func (g *pubIDs) NewSpanID() tracing.SpanID {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return tracing.SpanID{0: g.tags, 7: g.n}
}

// pubRecorder keeps the spans it is given.
type pubRecorder struct {
	mu    sync.Mutex
	spans []tracing.Span
}

func (r *pubRecorder) Record(s tracing.Span) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.spans = append(r.spans, s)
}

func TestPublicParseExample(t *testing.T) {
	const v = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	sc, err := tracing.ParseTraceparent(v)
	if err != nil {
		t.Fatalf("ParseTraceparent(%q): %v", v, err)
	}
	want := tracing.SpanContext{
		TraceID: tracing.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:  tracing.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		Flags:   tracing.FlagSampled,
	}
	if sc != want {
		t.Fatalf("got %+v, want %+v", sc, want)
	}
	if got := sc.Traceparent(); got != v {
		t.Fatalf("Traceparent() = %q, want %q", got, v)
	}
	if _, err := tracing.ParseTraceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"); err == nil {
		t.Fatal("uppercase hex accepted")
	}
}

func TestPublicSpansParentChild(t *testing.T) {
	rec := &pubRecorder{}
	clock := &pubClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	tr := tracing.NewTracer(rec, clock, &pubIDs{tags: 0xaa})

	ctx, root := tr.Start(context.Background(), "root", tracing.KindInternal)
	_, child := tr.Start(ctx, "child", tracing.KindInternal)
	clock.Advance(3 * time.Millisecond)
	child.End()
	root.End()

	if len(rec.spans) != 2 {
		t.Fatalf("recorded %d spans, want 2", len(rec.spans))
	}
	c, r := rec.spans[0], rec.spans[1]
	if r.ParentID != (tracing.SpanID{}) || r.Flags != tracing.FlagSampled {
		t.Fatalf("root = %+v, want no parent and flags 01", r)
	}
	if c.TraceID != r.TraceID || c.ParentID != r.SpanID {
		t.Fatalf("child %+v is not a child of root %+v", c, r)
	}
	if d := c.End.Sub(c.Start); d != 3*time.Millisecond {
		t.Fatalf("child lasted %v, want 3ms on the injected clock", d)
	}
}

func TestPublicPropagationTwoHops(t *testing.T) {
	clock := &pubClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	recA, recB := &pubRecorder{}, &pubRecorder{}
	trA := tracing.NewTracer(recA, clock, &pubIDs{tags: 0xaa})
	trB := tracing.NewTracer(recB, clock, &pubIDs{tags: 0xbb})

	var seen string
	b := httptest.NewServer(trB.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Get("traceparent")
	})))
	defer b.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()
	client := &http.Client{Transport: trA.Transport(base)}

	a := trA.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := http.NewRequestWithContext(r.Context(), "GET", b.URL+"/b", nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("call to B: %v", err)
			return
		}
		resp.Body.Close()
	}))
	in := httptest.NewRequest("GET", "/a", nil)
	in.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	a.ServeHTTP(httptest.NewRecorder(), in)

	if len(recA.spans) != 2 || len(recB.spans) != 1 {
		t.Fatalf("A recorded %d spans, B %d; want 2 and 1", len(recA.spans), len(recB.spans))
	}
	aClient, aServer, bServer := recA.spans[0], recA.spans[1], recB.spans[0]
	if aServer.Name != "GET /a" || aServer.Kind != tracing.KindServer || aClient.Kind != tracing.KindClient {
		t.Fatalf("A's spans %+v and %+v: want a server span \"GET /a\" and a client span", aServer, aClient)
	}
	want := tracing.SpanContext{TraceID: aServer.TraceID, SpanID: aClient.SpanID, Flags: tracing.FlagSampled}.Traceparent()
	if seen != want {
		t.Fatalf("B received traceparent %q, want %q (A's client span)", seen, want)
	}
	if bServer.TraceID != aServer.TraceID || bServer.ParentID != aClient.SpanID {
		t.Fatalf("B's server span %+v is not a child of A's client span %+v", bServer, aClient)
	}
}

package tracing_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"tracing"
)

type benchClock struct{ t time.Time }

func (c *benchClock) Now() time.Time { return c.t }

// benchIDs counts; never zero.
type benchIDs struct{ n uint64 }

func (g *benchIDs) NewTraceID() tracing.TraceID {
	g.n++
	return tracing.TraceID{0: 1, 8: byte(g.n >> 56), 15: byte(g.n)}
}

func (g *benchIDs) NewSpanID() tracing.SpanID {
	g.n++
	return tracing.SpanID{0: 1, 6: byte(g.n >> 8), 7: byte(g.n)}
}

type benchRecorder struct{ n int }

func (r *benchRecorder) Record(s tracing.Span) { r.n++ }

// benchBase answers every request at once with the same empty response.
type benchBase struct{ resp http.Response }

func (b *benchBase) RoundTrip(req *http.Request) (*http.Response, error) {
	if len(req.Header.Get("traceparent")) != 55 {
		panic("no traceparent sent")
	}
	return &b.resp, nil
}

type benchWriter struct{ h http.Header }

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) WriteHeader(int)             {}
func (w *benchWriter) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkHop measures one traced hop: an incoming request with a
// traceparent through the middleware, whose handler makes one traced
// outgoing call; both transports are in memory.
func BenchmarkHop(b *testing.B) {
	tr := tracing.NewTracer(&benchRecorder{}, &benchClock{}, &benchIDs{})
	out, err := http.NewRequest("GET", "http://next.invalid/price", nil)
	if err != nil {
		b.Fatal(err)
	}
	out.Header.Set("Accept", "application/json")
	client := tr.Transport(&benchBase{resp: http.Response{StatusCode: 200, Body: http.NoBody}})
	h := tr.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := client.RoundTrip(out.WithContext(r.Context()))
		if err != nil {
			panic(err)
		}
		io.WriteString(w, "ok")
		resp.Body.Close()
	}))
	in := httptest.NewRequest("GET", "/quote", nil)
	in.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	w := &benchWriter{h: make(http.Header)}
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, in)
	}
}

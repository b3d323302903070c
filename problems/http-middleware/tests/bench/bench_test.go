package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"middleware"
)

type benchClock struct{ t time.Time }

func (c *benchClock) Now() time.Time { return c.t }

type benchLogger struct{ n int64 }

func (l *benchLogger) Log(e middleware.Entry) { l.n += e.Bytes }

// discardWriter is a ResponseWriter that costs (almost) nothing.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(int)             {}
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkChain measures the per-request cost of the three middlewares
// around a handler that streams a 16 KiB body in 1 KiB chunks.
func BenchmarkChain(b *testing.B) {
	chunk := make([]byte, 1024)
	h := middleware.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		for range 16 {
			w.Write(chunk)
		}
	}), middleware.Logging(&benchLogger{}, &benchClock{}), middleware.Recover(nil), middleware.Timeout(time.Minute))
	w := &discardWriter{h: make(http.Header)}
	req := httptest.NewRequest("GET", "/bench", nil)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}

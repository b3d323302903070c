package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"middleware"
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

// pubLogger collects entries.
type pubLogger struct {
	mu      sync.Mutex
	entries []middleware.Entry
}

func (l *pubLogger) Log(e middleware.Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
}

func TestPublicChainOrder(t *testing.T) {
	var trace []string
	tag := func(name string) middleware.Middleware {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				trace = append(trace, name+">")
				next.ServeHTTP(w, r)
				trace = append(trace, "<"+name)
			})
		}
	}
	h := middleware.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		trace = append(trace, "handler")
	}), tag("a"), tag("b"))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	got := strings.Join(trace, " ")
	if want := "a> b> handler <b <a"; got != want {
		t.Fatalf("order = %q, want %q", got, want)
	}
}

func TestPublicLoggingStatusBytesDuration(t *testing.T) {
	clock := &pubClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	logger := &pubLogger{}
	h := middleware.Logging(logger, clock)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(42 * time.Millisecond)
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte("hello"))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/items?x=1", nil))

	if rec.Code != http.StatusCreated || rec.Body.String() != "hello" {
		t.Fatalf("response = %d %q, want 201 \"hello\"", rec.Code, rec.Body.String())
	}
	if len(logger.entries) != 1 {
		t.Fatalf("got %d log entries, want 1", len(logger.entries))
	}
	want := middleware.Entry{Method: "POST", Path: "/items", Status: 201, Bytes: 5, Duration: 42 * time.Millisecond}
	if got := logger.entries[0]; got != want {
		t.Fatalf("entry = %+v, want %+v", got, want)
	}
}

func TestPublicRecoverReturns500(t *testing.T) {
	defer func() {
		if v := recover(); v != nil {
			t.Fatalf("panic escaped Recover: %v", v)
		}
	}()
	var got any
	h := middleware.Recover(func(r *http.Request, v any) { got = v })(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			panic("boom")
		}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	if got != "boom" {
		t.Fatalf("onPanic got %v, want \"boom\"", got)
	}
}

func TestPublicTimeout503(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := middleware.Timeout(2 * time.Second)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // a well-behaved handler gives up when told to
		}))
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/slow", nil))
		if waited := time.Since(start); waited != 2*time.Second {
			t.Fatalf("handler was released after %v, want 2s", waited)
		}
		if rec.Code != http.StatusServiceUnavailable || rec.Body.String() != "request timed out\n" {
			t.Fatalf("response = %d %q, want 503 \"request timed out\\n\"", rec.Code, rec.Body.String())
		}
	})
}

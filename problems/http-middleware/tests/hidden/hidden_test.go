package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"middleware"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group chain: Chain's order and short-circuits.
// Group logging: one entry per request: the first final status (1xx informational except 101), bytes the writer accepted, duration on the injected clock, panics logged and re-raised, Flush reachable.
// Group recover: 500 only before the response started, the callback, ErrAbortHandler re-panicked.
// Group timeout: the deadline on the request context, cancelled on return, 503 for a silent slow handler only, client-gone stays silent.
// Group server: the whole chain behind a real server.

type hClock struct {
	mu  sync.Mutex
	now time.Time
}

func newHClock() *hClock { return &hClock{now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)} }

func (c *hClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *hClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type hLogger struct {
	mu      sync.Mutex
	entries []middleware.Entry
}

func (l *hLogger) Log(e middleware.Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, e)
}

func (l *hLogger) all() []middleware.Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.entries)
}

func (l *hLogger) only(t *testing.T) middleware.Entry {
	t.Helper()
	es := l.all()
	if len(es) != 1 {
		t.Fatalf("got %d log entries %+v, want exactly 1", len(es), es)
	}
	return es[0]
}

// spyWriter is a minimal ResponseWriter that records every WriteHeader
// call, unlike httptest.ResponseRecorder which keeps only the first.
type spyWriter struct {
	header  http.Header
	codes   []int
	body    strings.Builder
	maxIO   int // if > 0, each Write accepts at most maxIO bytes
	flushed int
}

func (s *spyWriter) Header() http.Header {
	if s.header == nil {
		s.header = make(http.Header)
	}
	return s.header
}

func (s *spyWriter) WriteHeader(code int) { s.codes = append(s.codes, code) }

func (s *spyWriter) Write(p []byte) (int, error) {
	if s.maxIO > 0 && len(p) > s.maxIO {
		s.body.Write(p[:s.maxIO])
		return s.maxIO, io.ErrShortWrite
	}
	return s.body.Write(p)
}

func (s *spyWriter) Flush() { s.flushed++ }

func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func handlerFunc(f func(w http.ResponseWriter, r *http.Request)) http.Handler {
	return http.HandlerFunc(f)
}

// noPanic, deferred, turns a panic that escaped the middleware into a
// test failure instead of a crash of the whole test binary.
func noPanic(t *testing.T) {
	if v := recover(); v != nil {
		t.Fatalf("panic escaped the middleware: %v", v)
	}
}

// catchPanic runs f and returns what it panicked with (nil if it did not).
func catchPanic(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestChainNoMiddleware(t *testing.T) {
	h := middleware.Chain(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	if rec := serve(h, "GET", "/"); rec.Code != http.StatusTeapot {
		t.Fatalf("status = %d, want 418", rec.Code)
	}
}

func TestChainOrderAndShortCircuit(t *testing.T) {
	var trace []string
	tag := func(name string, stop bool) middleware.Middleware {
		return func(next http.Handler) http.Handler {
			return handlerFunc(func(w http.ResponseWriter, r *http.Request) {
				trace = append(trace, name)
				if stop {
					w.WriteHeader(http.StatusForbidden)
					return
				}
				next.ServeHTTP(w, r)
			})
		}
	}
	h := middleware.Chain(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		trace = append(trace, "handler")
	}), tag("1", false), tag("2", false), tag("3", false), tag("4", false))
	serve(h, "GET", "/")
	if got := strings.Join(trace, ","); got != "1,2,3,4,handler" {
		t.Fatalf("order = %s, want 1,2,3,4,handler", got)
	}
	trace = nil
	h = middleware.Chain(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		trace = append(trace, "handler")
	}), tag("auth", true), tag("never", false))
	if rec := serve(h, "GET", "/"); rec.Code != http.StatusForbidden {
		t.Fatalf("status = %d, want 403", rec.Code)
	}
	if got := strings.Join(trace, ","); got != "auth" {
		t.Fatalf("trace = %s, want auth only", got)
	}
}

func TestLoggingImplicitStatus(t *testing.T) {
	for _, tc := range []struct {
		name   string
		h      func(w http.ResponseWriter, r *http.Request)
		status int
		bytes  int64
	}{
		{"write without WriteHeader", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "abc") }, 200, 3},
		{"empty response", func(w http.ResponseWriter, r *http.Request) {}, 200, 0},
		{"explicit 204", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }, 204, 0},
		{"two writes", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "hello, ")
			io.WriteString(w, "world")
		}, 200, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &hLogger{}
			serve(middleware.Logging(l, newHClock())(handlerFunc(tc.h)), "GET", "/x")
			e := l.only(t)
			if e.Status != tc.status || e.Bytes != tc.bytes {
				t.Fatalf("entry status=%d bytes=%d, want %d %d", e.Status, e.Bytes, tc.status, tc.bytes)
			}
		})
	}
}

func TestLoggingFirstStatusWins(t *testing.T) {
	l := &hLogger{}
	h := middleware.Logging(l, newHClock())(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		w.WriteHeader(http.StatusInternalServerError) // superfluous, ignored by net/http
		io.WriteString(w, "nope")
	}))
	rec := serve(h, "GET", "/missing")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status = %d, want 404", rec.Code)
	}
	if e := l.only(t); e.Status != http.StatusNotFound || e.Bytes != 4 {
		t.Fatalf("entry = %+v, want status 404 bytes 4", e)
	}
}

func TestLoggingInformationalIsNotFinal(t *testing.T) {
	l := &hLogger{}
	h := middleware.Logging(l, newHClock())(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</style.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "ok")
	}))
	spy := &spyWriter{}
	h.ServeHTTP(spy, httptest.NewRequest("GET", "/", nil))
	if !slices.Equal(spy.codes, []int{103, 202}) {
		t.Fatalf("underlying writer saw WriteHeader%v, want [103 202]", spy.codes)
	}
	if e := l.only(t); e.Status != http.StatusAccepted {
		t.Fatalf("logged status %d, want 202 (103 is informational)", e.Status)
	}
}

// 101 Switching Protocols is the one 1xx code that is final: the
// connection now speaks another protocol, and the log says so.
func TestLoggingSwitchingProtocolsIsFinal(t *testing.T) {
	l := &hLogger{}
	h := middleware.Logging(l, newHClock())(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Upgrade", "websocket")
		w.WriteHeader(http.StatusSwitchingProtocols)
	}))
	spy := &spyWriter{}
	h.ServeHTTP(spy, httptest.NewRequest("GET", "/ws", nil))
	if !slices.Equal(spy.codes, []int{101}) {
		t.Fatalf("underlying writer saw WriteHeader%v, want [101]", spy.codes)
	}
	if e := l.only(t); e.Status != http.StatusSwitchingProtocols {
		t.Fatalf("logged status %d, want 101 (Switching Protocols is final)", e.Status)
	}
}

func TestLoggingCountsBytesActuallyWritten(t *testing.T) {
	l := &hLogger{}
	var werr error
	h := middleware.Logging(l, newHClock())(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, werr = w.Write([]byte("0123456789"))
	}))
	spy := &spyWriter{maxIO: 4}
	h.ServeHTTP(spy, httptest.NewRequest("GET", "/", nil))
	if !errors.Is(werr, io.ErrShortWrite) {
		t.Fatalf("handler's Write error = %v, want the underlying io.ErrShortWrite", werr)
	}
	if e := l.only(t); e.Bytes != 4 {
		t.Fatalf("logged %d bytes, want 4 (what the underlying writer accepted)", e.Bytes)
	}
}

func TestLoggingDurationAndFields(t *testing.T) {
	clock := newHClock()
	l := &hLogger{}
	h := middleware.Logging(l, clock)(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(1500 * time.Millisecond)
		w.WriteHeader(http.StatusAccepted)
	}))
	clock.Advance(time.Hour) // time before the request does not count
	serve(h, "DELETE", "/v1/users/7?force=true")
	want := middleware.Entry{Method: "DELETE", Path: "/v1/users/7", Status: 202, Bytes: 0, Duration: 1500 * time.Millisecond}
	if e := l.only(t); e != want {
		t.Fatalf("entry = %+v, want %+v", e, want)
	}
}

func TestLoggingPanicIsLoggedAndPropagated(t *testing.T) {
	clock := newHClock()
	l := &hLogger{}
	h := middleware.Logging(l, clock)(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(3 * time.Millisecond)
		panic("kaput")
	}))
	v := catchPanic(func() { serve(h, "GET", "/p") })
	if v != "kaput" {
		t.Fatalf("Logging must let the panic through unchanged, got %v", v)
	}
	want := middleware.Entry{Method: "GET", Path: "/p", Status: 500, Bytes: 0, Duration: 3 * time.Millisecond}
	if e := l.only(t); e != want {
		t.Fatalf("entry = %+v, want %+v", e, want)
	}

	l2 := &hLogger{}
	h = middleware.Logging(l2, clock)(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "half")
		panic(http.ErrAbortHandler)
	}))
	if v := catchPanic(func() { serve(h, "GET", "/half") }); v != http.ErrAbortHandler {
		t.Fatalf("panic value = %v, want http.ErrAbortHandler", v)
	}
	if e := l2.only(t); e.Status != http.StatusAccepted || e.Bytes != 4 {
		t.Fatalf("entry = %+v, want status 202 bytes 4", e)
	}
}

func TestLoggingOutsideRecover(t *testing.T) {
	defer noPanic(t)
	l := &hLogger{}
	h := middleware.Chain(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(errors.New("db down"))
	}), middleware.Logging(l, newHClock()), middleware.Recover(nil))
	rec := serve(h, "GET", "/")
	if rec.Code != 500 {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	body := "Internal Server Error\n"
	if e := l.only(t); e.Status != 500 || e.Bytes != int64(len(body)) {
		t.Fatalf("entry = %+v, want status 500 bytes %d", e, len(body))
	}
}

func TestLoggingConcurrentRequests(t *testing.T) {
	l := &hLogger{}
	h := middleware.Logging(l, newHClock())(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.URL.Path)
	}))
	const n = 64
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			serve(h, "GET", fmt.Sprintf("/r/%d", i))
		}()
	}
	wg.Wait()
	es := l.all()
	if len(es) != n {
		t.Fatalf("got %d entries, want %d", len(es), n)
	}
	var paths []string
	for _, e := range es {
		paths = append(paths, e.Path)
	}
	sort.Strings(paths)
	for i := 1; i < len(paths); i++ {
		if paths[i] == paths[i-1] {
			t.Fatalf("path %s logged twice", paths[i])
		}
	}
}

func TestLoggingFlushThroughChain(t *testing.T) {
	defer noPanic(t)
	l := &hLogger{}
	h := middleware.Chain(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "event: 1\n\n")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("Flush through the middleware: %v", err)
		}
	}), middleware.Logging(l, newHClock()), middleware.Recover(nil), middleware.Timeout(time.Minute))
	rec := serve(h, "GET", "/events")
	if !rec.Flushed {
		t.Fatalf("the underlying writer was not flushed")
	}
	if e := l.only(t); e.Bytes != 10 || e.Status != 200 {
		t.Fatalf("entry = %+v, want status 200 bytes 10", e)
	}
}

func TestRecoverPassThrough(t *testing.T) {
	defer noPanic(t)
	called := false
	h := middleware.Recover(func(*http.Request, any) { called = true })(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ok", "1")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, "made")
	}))
	rec := serve(h, "PUT", "/")
	if rec.Code != 201 || rec.Body.String() != "made" || rec.Header().Get("X-Ok") != "1" {
		t.Fatalf("response = %d %q %v, want 201 \"made\" with X-Ok", rec.Code, rec.Body.String(), rec.Header())
	}
	if called {
		t.Fatalf("onPanic called without a panic")
	}
}

func TestRecoverBody500AndCallback(t *testing.T) {
	defer noPanic(t)
	var gotReq *http.Request
	var gotVal any
	h := middleware.Recover(func(r *http.Request, v any) { gotReq, gotVal = r, v })(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(fmt.Errorf("wrapped: %w", io.EOF))
	}))
	req := httptest.NewRequest("GET", "/boom", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 500 || rec.Body.String() != "Internal Server Error\n" {
		t.Fatalf("response = %d %q, want 500 \"Internal Server Error\\n\"", rec.Code, rec.Body.String())
	}
	if err, ok := gotVal.(error); !ok || !errors.Is(err, io.EOF) {
		t.Fatalf("onPanic value = %v, want the panicked error", gotVal)
	}
	if gotReq == nil || gotReq.URL.Path != "/boom" {
		t.Fatalf("onPanic request = %v, want the request for /boom", gotReq)
	}
}

func TestRecoverNilCallback(t *testing.T) {
	defer noPanic(t)
	h := middleware.Recover(nil)(handlerFunc(func(w http.ResponseWriter, r *http.Request) { panic(42) }))
	if rec := serve(h, "GET", "/"); rec.Code != 500 {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
}

func TestRecoverAfterResponseStarted(t *testing.T) {
	defer noPanic(t)
	calls := 0
	h := middleware.Recover(func(*http.Request, any) { calls++ })(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		panic("mid-stream")
	}))
	spy := &spyWriter{}
	h.ServeHTTP(spy, httptest.NewRequest("GET", "/", nil))
	if spy.body.String() != "partial" || len(spy.codes) != 0 {
		t.Fatalf("after a started response got WriteHeader%v body %q; want nothing added to \"partial\"", spy.codes, spy.body.String())
	}
	if calls != 1 {
		t.Fatalf("onPanic called %d times, want 1", calls)
	}
}

func TestRecoverAbortHandlerRepanics(t *testing.T) {
	called := false
	h := middleware.Recover(func(*http.Request, any) { called = true })(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	spy := &spyWriter{}
	v := catchPanic(func() { h.ServeHTTP(spy, httptest.NewRequest("GET", "/", nil)) })
	if v != http.ErrAbortHandler {
		t.Fatalf("panic value = %v, want http.ErrAbortHandler to propagate", v)
	}
	if called || len(spy.codes) != 0 || spy.body.Len() != 0 {
		t.Fatalf("abort must not be reported or answered: onPanic=%v codes=%v body=%q", called, spy.codes, spy.body.String())
	}
}

func TestTimeoutDeadlineOnContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var deadline time.Time
		var ok bool
		h := middleware.Timeout(750 * time.Millisecond)(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
			deadline, ok = r.Context().Deadline()
		}))
		start := time.Now()
		serve(h, "GET", "/")
		if !ok || !deadline.Equal(start.Add(750*time.Millisecond)) {
			t.Fatalf("deadline = %v (set %v), want start+750ms", deadline, ok)
		}

		// A closer deadline from upstream is kept.
		parent, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		req := httptest.NewRequest("GET", "/", nil).WithContext(parent)
		h.ServeHTTP(httptest.NewRecorder(), req)
		if want := start.Add(100 * time.Millisecond); !deadline.Equal(want) {
			t.Fatalf("deadline = %v, want the parent's %v", deadline, want)
		}
	})
}

func TestTimeoutContextCancelledOnReturn(t *testing.T) {
	var ctx context.Context
	h := middleware.Timeout(time.Hour)(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx = r.Context()
		io.WriteString(w, "fast")
	}))
	rec := serve(h, "GET", "/")
	if rec.Code != 200 || rec.Body.String() != "fast" {
		t.Fatalf("response = %d %q, want 200 \"fast\"", rec.Code, rec.Body.String())
	}
	if ctx == nil || !errors.Is(ctx.Err(), context.Canceled) {
		t.Fatalf("request context after the handler returned: err = %v, want context.Canceled", ctx.Err())
	}
}

func TestTimeoutSilentSlowHandler(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// This handler ignores its context, but still writes nothing.
		h := middleware.Timeout(time.Second)(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(3 * time.Second)
		}))
		rec := serve(h, "GET", "/")
		if rec.Code != 503 || rec.Body.String() != "request timed out\n" {
			t.Fatalf("response = %d %q, want 503", rec.Code, rec.Body.String())
		}
	})
}

func TestTimeoutLateResponseKept(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := middleware.Timeout(time.Second)(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
			w.WriteHeader(http.StatusGatewayTimeout)
			io.WriteString(w, "upstream too slow")
		}))
		rec := serve(h, "GET", "/")
		if rec.Code != 504 || rec.Body.String() != "upstream too slow" {
			t.Fatalf("response = %d %q, want the handler's own 504", rec.Code, rec.Body.String())
		}
	})
}

func TestTimeoutClientGone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		parent, cancel := context.WithCancel(context.Background())
		h := middleware.Timeout(time.Second)(handlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}))
		time.AfterFunc(200*time.Millisecond, cancel)
		spy := &spyWriter{}
		h.ServeHTTP(spy, httptest.NewRequest("GET", "/", nil).WithContext(parent))
		if len(spy.codes) != 0 || spy.body.Len() != 0 {
			t.Fatalf("cancelled request got WriteHeader%v body %q, want nothing", spy.codes, spy.body.String())
		}
	})
}

func TestTimeoutRejectsNonPositive(t *testing.T) {
	for _, d := range []time.Duration{0, -time.Second} {
		if v := catchPanic(func() { middleware.Timeout(d) }); v == nil {
			t.Fatalf("Timeout(%v) did not panic", d)
		}
	}
}

func TestServerEndToEnd(t *testing.T) {
	l := &hLogger{}
	var panics []any
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "fine") })
	mux.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) { panic("handler bug") })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	h := middleware.Chain(mux,
		middleware.Logging(l, newHClock()),
		middleware.Recover(func(r *http.Request, v any) {
			mu.Lock()
			defer mu.Unlock()
			panics = append(panics, v)
		}),
		middleware.Timeout(30*time.Millisecond),
	)
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := srv.Client()
	defer client.CloseIdleConnections()

	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/ok", 200, "fine"},
		{"/panic", 500, "Internal Server Error\n"},
		{"/slow", 503, "request timed out\n"},
		{"/missing", 404, "404 page not found\n"},
	} {
		resp, err := client.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatalf("GET %s: %v", tc.path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || string(b) != tc.body {
			t.Errorf("GET %s = %d %q, want %d %q", tc.path, resp.StatusCode, b, tc.status, tc.body)
		}
	}
	srv.Close()
	es := l.all()
	if len(es) != 4 {
		t.Fatalf("got %d entries, want 4", len(es))
	}
	for i, want := range []int{200, 500, 503, 404} {
		if es[i].Status != want {
			t.Errorf("entry %d (%s) status %d, want %d", i, es[i].Path, es[i].Status, want)
		}
	}
	if len(panics) != 1 || panics[0] != "handler bug" {
		t.Errorf("panics reported: %v, want [handler bug]", panics)
	}
}

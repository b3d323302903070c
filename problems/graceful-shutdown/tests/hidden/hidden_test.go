package graceful_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"graceful"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group graceful: Shutdown stops accepting, closes idle connections and waits for every in-flight request.
// Group forced: a context that ends first: connections closed, request contexts cancelled, ForcedError with the abandoned count; Close is immediate.
// Group lifecycle: Shutdown twice, before Serve, after Close; Serve's return values.
// Group accounting: InFlight counts (panicking handlers too), concurrent requests during a shutdown.

type harness struct {
	t        *testing.T
	s        *graceful.Server
	addr     string
	tr       *http.Transport
	client   *http.Client
	served   chan struct{}
	serveErr error
	clients  sync.WaitGroup
}

func start(t *testing.T, h http.Handler) *harness {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return serveOn(t, graceful.New(h), l)
}

func serveOn(t *testing.T, s *graceful.Server, l net.Listener) *harness {
	tr := &http.Transport{}
	hs := &harness{t: t, s: s, addr: l.Addr().String(), tr: tr, served: make(chan struct{}),
		client: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
	go func() {
		hs.serveErr = hs.s.Serve(l)
		close(hs.served)
	}()
	t.Cleanup(func() {
		hs.s.Close()
		hs.clients.Wait()
		tr.CloseIdleConnections()
		select {
		case <-hs.served:
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after Close")
		}
	})
	return hs
}

func (hs *harness) waitServe() error {
	hs.t.Helper()
	select {
	case <-hs.served:
		return hs.serveErr
	case <-time.After(5 * time.Second):
		hs.t.Fatal("Serve did not return")
		return nil
	}
}

type result struct {
	status int
	body   string
	err    error
}

func (hs *harness) get(path string) <-chan result {
	ch := make(chan result, 1)
	hs.clients.Add(1)
	go func() {
		defer hs.clients.Done()
		resp, err := hs.client.Get("http://" + hs.addr + path)
		if err != nil {
			ch <- result{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		ch <- result{resp.StatusCode, string(b), err}
	}()
	return ch
}

func (hs *harness) shutdown(ctx context.Context) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- hs.s.Shutdown(ctx) }()
	return ch
}

func (hs *harness) waitRefused() {
	hs.t.Helper()
	for deadline := time.Now().Add(3 * time.Second); ; {
		c, err := net.Dial("tcp", hs.addr)
		if err != nil {
			return
		}
		c.Close()
		if time.Now().After(deadline) {
			hs.t.Fatal("the server still accepts connections")
		}
		time.Sleep(time.Millisecond)
	}
}

func recvErr(t *testing.T, ch <-chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(5 * time.Second):
		t.Fatal("Shutdown did not return")
		return nil
	}
}

func recvResult(t *testing.T, ch <-chan result) result {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("request did not complete")
		return result{}
	}
}

// gate is a handler that reports when a request starts and then waits for
// release, or for its context when honourCtx is set.
type gate struct {
	started   chan string
	release   chan struct{}
	cancelled chan string
	honourCtx bool
	once      sync.Once
}

func newGate(honourCtx bool) *gate {
	return &gate{started: make(chan string, 64), release: make(chan struct{}), cancelled: make(chan string, 64), honourCtx: honourCtx}
}

func (g *gate) open() { g.once.Do(func() { close(g.release) }) }

// wait returns the path of the next request that reached the handler.
func (g *gate) wait(t *testing.T) string {
	t.Helper()
	select {
	case p := <-g.started:
		return p
	case <-time.After(5 * time.Second):
		t.Fatal("a request never reached the handler")
		return ""
	}
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.started <- r.URL.Path
	var ctxDone <-chan struct{}
	if g.honourCtx {
		ctxDone = r.Context().Done()
	}
	select {
	case <-g.release:
		io.WriteString(w, "done "+r.URL.Path)
	case <-ctxDone:
		g.cancelled <- r.URL.Path
	case <-time.After(5 * time.Second):
	}
}

func TestServeAndIdleShutdown(t *testing.T) {
	hs := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "pong") }))
	for range 3 {
		if r := recvResult(t, hs.get("/ping")); r.err != nil || r.body != "pong" {
			t.Fatalf("GET /ping = %+v", r)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	begin := time.Now()
	if err := recvErr(t, hs.shutdown(ctx)); err != nil {
		t.Fatalf("Shutdown = %v, want nil", err)
	}
	// The client keeps an idle keep-alive connection: it must not delay
	// the shutdown.
	if elapsed := time.Since(begin); elapsed > 2*time.Second {
		t.Fatalf("Shutdown of an idle server took %v", elapsed)
	}
	if err := hs.waitServe(); !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve = %v, want http.ErrServerClosed", err)
	}
}

func TestShutdownWaitsForAllInFlight(t *testing.T) {
	g := newGate(false)
	defer g.open()
	hs := start(t, g)
	var results []<-chan result
	for i := range 3 {
		results = append(results, hs.get(fmt.Sprintf("/r%d", i)))
		g.wait(t)
	}
	done := hs.shutdown(context.Background())
	hs.waitRefused()
	select {
	case err := <-done:
		t.Fatalf("Shutdown returned %v with 3 requests running", err)
	default:
	}
	g.open()
	if err := recvErr(t, done); err != nil {
		t.Fatalf("Shutdown = %v, want nil", err)
	}
	for i, ch := range results {
		if r := recvResult(t, ch); r.err != nil || r.status != 200 || r.body != fmt.Sprintf("done /r%d", i) {
			t.Errorf("request %d got %+v", i, r)
		}
	}
	if err := hs.waitServe(); !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve = %v, want http.ErrServerClosed", err)
	}
}

func TestShutdownRefusesNewConnections(t *testing.T) {
	g := newGate(false)
	defer g.open()
	hs := start(t, g)
	res := hs.get("/long")
	g.wait(t)
	done := hs.shutdown(context.Background())
	hs.waitRefused()
	if _, err := hs.client.Get("http://" + hs.addr + "/new"); err == nil {
		t.Fatal("a new request was served during shutdown")
	}
	g.open()
	if err := recvErr(t, done); err != nil {
		t.Fatalf("Shutdown = %v", err)
	}
	if r := recvResult(t, res); r.err != nil || r.body != "done /long" {
		t.Fatalf("in-flight request got %+v", r)
	}
}

func TestShutdownDeadlineForcesClose(t *testing.T) {
	g := newGate(false) // handlers ignore their context
	defer g.open()
	hs := start(t, g)
	a := hs.get("/a")
	g.wait(t)
	b := hs.get("/b")
	g.wait(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	begin := time.Now()
	err := recvErr(t, hs.shutdown(ctx))
	if elapsed := time.Since(begin); elapsed > 3*time.Second {
		t.Fatalf("Shutdown took %v with a 50ms deadline", elapsed)
	}
	var fe *graceful.ForcedError
	if !errors.As(err, &fe) || fe.Abandoned != 2 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown = %v, want *ForcedError{Abandoned: 2} wrapping context.DeadlineExceeded", err)
	}
	if fe.Err != ctx.Err() {
		t.Fatalf("ForcedError.Err = %v, want the context's error", fe.Err)
	}
	for _, ch := range []<-chan result{a, b} {
		if r := recvResult(t, ch); r.err == nil {
			t.Fatalf("abandoned request got a response %+v; its connection should be closed", r)
		}
	}
	if err := hs.waitServe(); !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve = %v, want http.ErrServerClosed", err)
	}
}

func TestShutdownForcedCancelsRequestContexts(t *testing.T) {
	g := newGate(true) // handlers stop when their context ends
	defer g.open()
	hs := start(t, g)
	hs.get("/x")
	g.wait(t)
	hs.get("/y")
	g.wait(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := hs.shutdown(ctx)
	hs.waitRefused()
	select {
	case p := <-g.cancelled:
		t.Fatalf("request %s was cancelled before the shutdown deadline", p)
	default:
	}
	cancel() // the operator gives up waiting
	err := recvErr(t, done)
	var fe *graceful.ForcedError
	if !errors.As(err, &fe) || fe.Abandoned != 2 || !errors.Is(err, context.Canceled) {
		t.Fatalf("Shutdown = %v, want *ForcedError{Abandoned: 2} wrapping context.Canceled", err)
	}
	for range 2 {
		select {
		case <-g.cancelled:
		case <-time.After(3 * time.Second):
			t.Fatal("a running handler's context was not cancelled after the forced shutdown")
		}
	}
}

func TestShutdownErrorMessage(t *testing.T) {
	fe := &graceful.ForcedError{Abandoned: 3, Err: context.DeadlineExceeded}
	want := "graceful: shutdown forced with 3 requests in flight: context deadline exceeded"
	if fe.Error() != want {
		t.Fatalf("Error() = %q, want %q", fe.Error(), want)
	}
	if !errors.Is(fmt.Errorf("stop: %w", fe), context.DeadlineExceeded) {
		t.Fatal("ForcedError must unwrap to its context error")
	}
}

func TestShutdownTwice(t *testing.T) {
	hs := start(t, http.NotFoundHandler())
	if err := recvErr(t, hs.shutdown(context.Background())); err != nil {
		t.Fatalf("first Shutdown = %v", err)
	}
	if err := recvErr(t, hs.shutdown(context.Background())); !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("second Shutdown = %v, want http.ErrServerClosed", err)
	}
}

func TestShutdownBeforeServe(t *testing.T) {
	s := graceful.New(http.NotFoundHandler())
	done := make(chan error, 1)
	go func() { done <- s.Shutdown(context.Background()) }()
	if err := recvErr(t, done); err != nil {
		t.Fatalf("Shutdown before Serve = %v, want nil", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := serveOn(t, s, l)
	if err := hs.waitServe(); !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve after Shutdown = %v, want http.ErrServerClosed", err)
	}
	hs.waitRefused() // Serve closed the listener it was given
}

func TestShutdownAfterClose(t *testing.T) {
	hs := start(t, http.NotFoundHandler())
	if err := hs.s.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if err := recvErr(t, hs.shutdown(context.Background())); !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Shutdown after Close = %v, want http.ErrServerClosed", err)
	}
}

func TestCloseIsImmediate(t *testing.T) {
	g := newGate(true)
	defer g.open()
	hs := start(t, g)
	res := hs.get("/c")
	g.wait(t)
	if err := hs.s.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if r := recvResult(t, res); r.err == nil {
		t.Fatalf("request survived Close: %+v", r)
	}
	select {
	case <-g.cancelled:
	case <-time.After(3 * time.Second):
		t.Fatal("Close did not cancel the running request's context")
	}
	if err := hs.waitServe(); !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve = %v, want http.ErrServerClosed", err)
	}
}

func TestInFlightCount(t *testing.T) {
	g := newGate(false)
	defer g.open()
	hs := start(t, g)
	if n := hs.s.InFlight(); n != 0 {
		t.Fatalf("InFlight = %d before any request", n)
	}
	var results []<-chan result
	for i := 1; i <= 3; i++ {
		results = append(results, hs.get(fmt.Sprintf("/%d", i)))
		g.wait(t)
		if n := hs.s.InFlight(); n != i {
			t.Fatalf("InFlight = %d with %d requests running", n, i)
		}
	}
	g.open()
	for _, ch := range results {
		recvResult(t, ch)
	}
	if n := hs.s.InFlight(); n != 0 {
		t.Fatalf("InFlight = %d after every response arrived", n)
	}
}

func TestInFlightCountsPanickingHandler(t *testing.T) {
	hs := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler) // net/http recovers it and drops the connection
	}))
	if r := recvResult(t, hs.get("/")); r.err == nil {
		t.Fatalf("aborted request got a response %+v", r)
	}
	for deadline := time.Now().Add(3 * time.Second); hs.s.InFlight() != 0; {
		if time.Now().After(deadline) {
			t.Fatalf("InFlight = %d after the handler panicked", hs.s.InFlight())
		}
		time.Sleep(time.Millisecond)
	}
	if err := recvErr(t, hs.shutdown(context.Background())); err != nil {
		t.Fatalf("Shutdown = %v", err)
	}
}

type failingListener struct {
	net.Listener
	err error
}

func (f failingListener) Accept() (net.Conn, error) { return nil, f.err }

func TestServeReturnsAcceptError(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	errBroken := errors.New("listener broken")
	hs := serveOn(t, graceful.New(http.NotFoundHandler()), failingListener{Listener: l, err: errBroken})
	if err := hs.waitServe(); !errors.Is(err, errBroken) {
		t.Fatalf("Serve = %v, want the accept error", err)
	}
}

func TestConcurrentRequestsAndShutdown(t *testing.T) {
	g := newGate(false)
	defer g.open()
	hs := start(t, g)
	const n = 16
	var results []<-chan result
	for i := range n {
		results = append(results, hs.get(fmt.Sprintf("/p%d", i)))
	}
	for range n {
		g.wait(t)
	}
	var observers sync.WaitGroup
	stop := make(chan struct{})
	defer func() {
		close(stop)
		observers.Wait()
	}()
	observers.Add(1)
	go func() {
		defer observers.Done()
		for {
			select {
			case <-stop:
				return
			default:
				_ = hs.s.InFlight()
			}
		}
	}()
	done := hs.shutdown(context.Background())
	hs.waitRefused()
	g.open()
	if err := recvErr(t, done); err != nil {
		t.Fatalf("Shutdown = %v", err)
	}
	for i, ch := range results {
		if r := recvResult(t, ch); r.err != nil || r.status != 200 {
			t.Errorf("request %d: %+v", i, r)
		}
	}
}

package graceful_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"graceful"
)

// pubServer runs a graceful.Server on a loopback port for one test and
// cleans everything up at the end.
type pubServer struct {
	t        *testing.T
	s        *graceful.Server
	addr     string
	client   *http.Client
	served   chan struct{}
	serveErr error
	clients  sync.WaitGroup
}

func pubStart(t *testing.T, h http.Handler) *pubServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ps := &pubServer{t: t, s: graceful.New(h), addr: l.Addr().String(), served: make(chan struct{}),
		client: &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}}
	go func() {
		ps.serveErr = ps.s.Serve(l)
		close(ps.served)
	}()
	t.Cleanup(func() {
		ps.s.Close()
		ps.clients.Wait()
		ps.client.CloseIdleConnections()
		select {
		case <-ps.served:
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after Close")
		}
	})
	return ps
}

type pubResult struct {
	status int
	body   string
	err    error
}

// get sends a request in the background.
func (ps *pubServer) get(path string) <-chan pubResult {
	ch := make(chan pubResult, 1)
	ps.clients.Add(1)
	go func() {
		defer ps.clients.Done()
		resp, err := ps.client.Get("http://" + ps.addr + path)
		if err != nil {
			ch <- pubResult{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		ch <- pubResult{resp.StatusCode, string(b), err}
	}()
	return ch
}

// pubWait waits for a signal from a handler, or fails the test.
func pubWait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal(what)
	}
}

// pubRecv waits for the result of a request.
func pubRecv(t *testing.T, ch <-chan pubResult) pubResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("the request did not complete")
		return pubResult{}
	}
}

func (ps *pubServer) shutdown(ctx context.Context) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- ps.s.Shutdown(ctx) }()
	return ch
}

// waitRefused polls until the server's port refuses connections.
func (ps *pubServer) waitRefused() {
	ps.t.Helper()
	for deadline := time.Now().Add(3 * time.Second); ; {
		c, err := net.Dial("tcp", ps.addr)
		if err != nil {
			return
		}
		c.Close()
		if time.Now().After(deadline) {
			ps.t.Fatal("the server still accepts connections during shutdown")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestPublicIdleShutdown(t *testing.T) {
	ps := pubStart(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hi") }))
	if r := pubRecv(t, ps.get("/")); r.err != nil || r.status != 200 || r.body != "hi" {
		t.Fatalf("GET / = %+v", r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var err error
	select {
	case err = <-ps.shutdown(ctx):
	case <-time.After(5 * time.Second):
		t.Fatal("Shutdown of an idle server did not return")
	}
	if err != nil {
		t.Fatalf("Shutdown of an idle server = %v, want nil", err)
	}
	pubWait(t, ps.served, "Serve did not return after Shutdown")
	if !errors.Is(ps.serveErr, http.ErrServerClosed) {
		t.Fatalf("Serve returned %v, want http.ErrServerClosed", ps.serveErr)
	}
}

func TestPublicWaitsForInFlight(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	finish := func() { once.Do(func() { close(release) }) }
	defer finish()
	ps := pubStart(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "finished")
	}))
	res := ps.get("/slow")
	pubWait(t, started, "the request never reached the handler")
	done := ps.shutdown(context.Background())
	ps.waitRefused()
	select {
	case err := <-done:
		t.Fatalf("Shutdown returned %v while a request was still running", err)
	default:
	}
	finish()
	var err error
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Shutdown did not return after the request finished")
	}
	if err != nil {
		t.Fatalf("Shutdown = %v, want nil", err)
	}
	if r := pubRecv(t, res); r.err != nil || r.status != 200 || r.body != "finished" {
		t.Fatalf("in-flight request got %+v, want 200 \"finished\"", r)
	}
}

func TestPublicDeadlineForces(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	ps := pubStart(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release // this handler ignores its context
	}))
	res := ps.get("/stuck")
	pubWait(t, started, "the request never reached the handler")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	begin := time.Now()
	var err error
	select {
	case err = <-ps.shutdown(ctx):
	case <-time.After(5 * time.Second):
		t.Fatal("Shutdown ignored its 100ms deadline")
	}
	if elapsed := time.Since(begin); elapsed > 3*time.Second {
		t.Fatalf("Shutdown took %v with a 100ms deadline", elapsed)
	}
	var fe *graceful.ForcedError
	if !errors.As(err, &fe) || fe.Abandoned != 1 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown = %v, want a *ForcedError with 1 abandoned request wrapping context.DeadlineExceeded", err)
	}
	if r := pubRecv(t, res); r.err == nil {
		t.Fatalf("the abandoned request got a response %+v; its connection should have been closed", r)
	}
}

package rpcbudget_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"rpcbudget"
)

// arrival is what the far side saw of one request before the Server ran.
type arrival struct {
	at     time.Time
	budget []string // the BudgetHeader values
}

// farSide is a Server behind a real loopback HTTP server that notes every
// request's arrival time and budget header.
type farSide struct {
	srv      *httptest.Server
	mu       sync.Mutex
	arrivals []arrival
}

func newFarSide(t *testing.T, s *rpcbudget.Server) *farSide {
	t.Helper()
	f := &farSide{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := arrival{at: time.Now(), budget: r.Header.Values(rpcbudget.BudgetHeader)}
		f.mu.Lock()
		f.arrivals = append(f.arrivals, a)
		f.mu.Unlock()
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *farSide) client(margin time.Duration) *rpcbudget.Client {
	return &rpcbudget.Client{BaseURL: f.srv.URL, HTTP: f.srv.Client(), Margin: margin}
}

func (f *farSide) seen() []arrival {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]arrival(nil), f.arrivals...)
}

// only returns the one request the far side saw and its budget in ms.
func (f *farSide) only(t *testing.T) (arrival, int64) {
	t.Helper()
	as := f.seen()
	if len(as) != 1 {
		t.Fatalf("the server saw %d requests, want 1", len(as))
	}
	if len(as[0].budget) != 1 {
		t.Fatalf("the request carried %d %s headers %q, want 1", len(as[0].budget), rpcbudget.BudgetHeader, as[0].budget)
	}
	ms, err := strconv.ParseInt(as[0].budget[0], 10, 64)
	if err != nil {
		t.Fatalf("%s: %q is not whole milliseconds", rpcbudget.BudgetHeader, as[0].budget[0])
	}
	return as[0], ms
}

func TestPublicRoundTrip(t *testing.T) {
	s := rpcbudget.NewServer(10 * time.Second)
	s.Handle("echo", func(ctx context.Context, req []byte) ([]byte, error) {
		return append([]byte("echo: "), req...), nil
	})
	f := newFarSide(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	before := time.Now()
	resp, err := f.client(100*time.Millisecond).Call(ctx, "echo", []byte("hi"))
	if err != nil || string(resp) != "echo: hi" {
		t.Fatalf("Call = %q, %v; want \"echo: hi\", nil", resp, err)
	}
	_, ms := f.only(t)
	// 2 s, less what had passed before the call, less the 100 ms margin
	if limit := (2*time.Second - time.Since(before) - 100*time.Millisecond).Milliseconds(); ms > 1900 || ms < limit-1 {
		t.Errorf("the far side got a budget of %d ms, want between %d and 1900", ms, limit-1)
	}
}

func TestPublicCancel(t *testing.T) {
	started, stopped := make(chan struct{}), make(chan struct{})
	s := rpcbudget.NewServer(10 * time.Second)
	s.Handle("wait", func(ctx context.Context, req []byte) ([]byte, error) {
		close(started)
		select {
		case <-ctx.Done():
			close(stopped)
			return nil, ctx.Err()
		case <-time.After(5 * time.Second):
			return []byte("finished"), nil
		}
	})
	f := newFarSide(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-started:
		case <-ctx.Done():
		}
		cancel()
	}()
	if _, err := f.client(0).Call(ctx, "wait", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Call = %v, want an error wrapping context.Canceled", err)
	}
	select {
	case <-stopped:
	case <-time.After(2 * time.Second):
		t.Fatal("the server's method was still running 2 s after the caller cancelled")
	}
}

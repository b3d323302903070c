package rpcbudget_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"rpcbudget"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group budget: the header carries what is left less the margin, in whole ms; none without a deadline; nothing sent once it is spent; the far side's deadline is its arrival plus that budget, capped.
// Group chain: three hops: the budget shrinks by each hop's elapsed time and margin; a deadline hit at the far end comes back as a 504 before the caller's own deadline.
// Group cancel: cancelling the caller aborts the call at once and cancels the method's context on the far side; a cancelled context sends nothing.
// Group retry: a 503 is retried Retries times, each attempt with the budget left at that moment.
// Group errors: status codes of the server (400, 404, 405, 500, 504) and the client's StatusError.

// probe is a Method that notes when it ran and its context's deadline.
type probe struct {
	mu       sync.Mutex
	at       time.Time
	deadline time.Time
	has      bool
	calls    int
}

func (p *probe) method(ctx context.Context, req []byte) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.at = time.Now()
	p.deadline, p.has = ctx.Deadline()
	p.calls++
	return []byte("ok"), nil
}

func (p *probe) get() (at, deadline time.Time, has bool, calls int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.at, p.deadline, p.has, p.calls
}

func probeServer(t *testing.T, max time.Duration) (*farSide, *probe) {
	p := &probe{}
	s := rpcbudget.NewServer(max)
	s.Handle("probe", p.method)
	return newFarSide(t, s), p
}

func ms(d time.Duration) int64 { return d.Milliseconds() }

func TestBudgetLessMargin(t *testing.T) {
	for _, margin := range []time.Duration{0, 300 * time.Millisecond} {
		f, _ := probeServer(t, time.Minute)
		deadline := time.Now().Add(3 * time.Second)
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		before := time.Until(deadline)
		if _, err := f.client(margin).Call(ctx, "probe", nil); err != nil {
			t.Fatalf("margin %v: Call: %v", margin, err)
		}
		cancel()
		a, got := f.only(t)
		hi := ms(before - margin)
		lo := ms(deadline.Sub(a.at)-margin) - 1
		if got > hi || got < lo {
			t.Errorf("margin %v: the far side got %d ms; the caller had %d ms left when it called and %d ms when the "+
				"request arrived, so want between %d and %d (what is left, less the margin, in whole ms)",
				margin, got, ms(before), ms(deadline.Sub(a.at)), lo, hi)
		}
	}
}

func TestBudgetFarSideDeadline(t *testing.T) {
	f, p := probeServer(t, time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	if _, err := f.client(400*time.Millisecond).Call(ctx, "probe", nil); err != nil {
		t.Fatal(err)
	}
	a, budget := f.only(t)
	at, deadline, has, _ := p.get()
	if !has {
		t.Fatal("the method's context has no deadline")
	}
	b := time.Duration(budget) * time.Millisecond
	// The server starts counting when the request arrives: its deadline is
	// between arrival + budget and the method's start + budget.
	if deadline.Before(a.at.Add(b)) || deadline.After(at.Add(b)) {
		t.Errorf("the method's deadline is %v after arrival; the request carried %v, so want between %v and %v",
			deadline.Sub(a.at), b, b, at.Add(b).Sub(a.at))
	}
	if own, _ := ctx.Deadline(); !deadline.Before(own.Add(-150 * time.Millisecond)) {
		t.Errorf("the far side's deadline is only %v before the caller's: the margin was lost", own.Sub(deadline))
	}
}

func TestBudgetCappedByServer(t *testing.T) {
	f, p := probeServer(t, 1500*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	if _, err := f.client(0).Call(ctx, "probe", nil); err != nil {
		t.Fatal(err)
	}
	a, budget := f.only(t)
	if budget < ms(time.Hour)-60_000 {
		t.Errorf("the request carried %d ms for an hour's deadline: the client must send its own budget, the server caps it", budget)
	}
	at, deadline, has, _ := p.get()
	if !has || deadline.Before(a.at.Add(1500*time.Millisecond)) || deadline.After(at.Add(1500*time.Millisecond)) {
		t.Errorf("the method's deadline is %v after arrival (has %v), want the server's maximum, 1.5 s", deadline.Sub(a.at), has)
	}
}

func TestBudgetNoDeadline(t *testing.T) {
	f, p := probeServer(t, 2*time.Second)
	if _, err := f.client(100*time.Millisecond).Call(context.Background(), "probe", nil); err != nil {
		t.Fatal(err)
	}
	as := f.seen()
	if len(as) != 1 || len(as[0].budget) != 0 {
		t.Fatalf("a caller without a deadline sent %q, want no %s header", as[0].budget, rpcbudget.BudgetHeader)
	}
	at, deadline, has, _ := p.get()
	if !has || deadline.Before(as[0].at.Add(2*time.Second)) || deadline.After(at.Add(2*time.Second)) {
		t.Errorf("without a budget the method's deadline is %v after arrival (has %v), want the server's maximum, 2 s",
			deadline.Sub(as[0].at), has)
	}
}

func TestBudgetSpentSendsNothing(t *testing.T) {
	f, _ := probeServer(t, time.Minute)
	for _, c := range []struct {
		timeout, margin time.Duration
	}{{100 * time.Millisecond, 200 * time.Millisecond}, {-time.Second, 0}, {200 * time.Millisecond, 200 * time.Millisecond}} {
		ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
		_, err := f.client(c.margin).Call(ctx, "probe", nil)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("timeout %v, margin %v: Call = %v, want an error wrapping context.DeadlineExceeded", c.timeout, c.margin, err)
		}
	}
	if n := len(f.seen()); n != 0 {
		t.Errorf("the server saw %d requests for calls whose budget was already spent, want 0", n)
	}
}

func TestBudgetFarSideWorkStopsAtBudget(t *testing.T) {
	ended := make(chan time.Time, 1)
	s := rpcbudget.NewServer(time.Minute)
	s.Handle("slow", func(ctx context.Context, req []byte) ([]byte, error) {
		select {
		case <-ctx.Done():
			ended <- time.Now()
			return nil, ctx.Err()
		case <-time.After(10 * time.Second):
			ended <- time.Now()
			return []byte("too late"), nil
		}
	})
	f := newFarSide(t, s)
	deadline := time.Now().Add(1200 * time.Millisecond)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	_, err := f.client(400*time.Millisecond).Call(ctx, "slow", nil)
	var se *rpcbudget.StatusError
	if !errors.As(err, &se) || se.Code != http.StatusGatewayTimeout || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Call = %v, want a *StatusError 504 that matches context.DeadlineExceeded", err)
	}
	if ctx.Err() != nil {
		t.Errorf("the 504 arrived after the caller's own deadline: the far side must stop a margin earlier")
	}
	if end := <-ended; end.After(deadline.Add(-200 * time.Millisecond)) {
		t.Errorf("the far side worked until %v before the caller's deadline, want it to stop the 400 ms margin earlier",
			deadline.Sub(end))
	}
}

// hop is a middle service: it works for `work`, then calls the next hop
// with its own context and margin.
func hop(next *rpcbudget.Client, work time.Duration) rpcbudget.Method {
	return func(ctx context.Context, req []byte) ([]byte, error) {
		select {
		case <-time.After(work):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		resp, err := next.Call(ctx, "probe", req)
		if err != nil {
			return nil, fmt.Errorf("next hop: %w", err)
		}
		return append([]byte("via: "), resp...), nil
	}
}

func TestChainBudgetShrinksPerHop(t *testing.T) {
	last, p := probeServer(t, time.Minute)
	mid := rpcbudget.NewServer(time.Minute)
	const work, margin = 250 * time.Millisecond, 150 * time.Millisecond
	mid.Handle("probe", hop(last.client(margin), work))
	first := newFarSide(t, mid)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	resp, err := first.client(margin).Call(ctx, "probe", nil)
	if err != nil || string(resp) != "via: ok" {
		t.Fatalf("Call = %q, %v", resp, err)
	}
	a1, b1 := first.only(t)
	a2, b2 := last.only(t)
	// The middle hop had b1 from a1 on; it called after `work`, keeping its margin.
	hi := b1 - ms(work) - ms(margin)
	lo := ms(a1.at.Add(time.Duration(b1)*time.Millisecond).Sub(a2.at)-margin) - 1
	if b2 > hi || b2 < lo {
		t.Errorf("first hop got %d ms, the last hop %d ms %v later; want between %d and %d "+
			"(the first budget less the time spent on the way, less the margin)", b1, b2, a2.at.Sub(a1.at), lo, hi)
	}
	if at, deadline, has, _ := p.get(); !has || deadline.After(at.Add(time.Duration(b2)*time.Millisecond)) {
		t.Errorf("the last hop's method has no deadline or a later one than the %d ms it was sent", b2)
	}
}

func TestChainDeadlineComesBackAs504(t *testing.T) {
	var lastEnded atomic.Int64
	s := rpcbudget.NewServer(time.Minute)
	s.Handle("probe", func(ctx context.Context, req []byte) ([]byte, error) {
		<-ctx.Done()
		lastEnded.Store(time.Now().UnixNano())
		return nil, fmt.Errorf("waited for the store: %w", ctx.Err())
	})
	last := newFarSide(t, s)
	mid := rpcbudget.NewServer(time.Minute)
	mid.Handle("probe", hop(last.client(200*time.Millisecond), 100*time.Millisecond))
	first := newFarSide(t, mid)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := first.client(200*time.Millisecond).Call(ctx, "probe", nil)
	took := time.Since(start)
	var se *rpcbudget.StatusError
	if !errors.As(err, &se) || se.Code != http.StatusGatewayTimeout || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Call = %v, want a *StatusError 504 (the far end ran out of budget) that matches context.DeadlineExceeded", err)
	}
	if ctx.Err() != nil {
		t.Errorf("the answer came after the caller's own deadline (%v): each hop must stop a margin earlier", took)
	}
	if lastEnded.Load() == 0 {
		t.Errorf("the last hop's method never saw its deadline")
	}
}

func TestCancelBeforeCallSendsNothing(t *testing.T) {
	f, _ := probeServer(t, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.client(0).Call(ctx, "probe", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Call with a cancelled context = %v, want an error wrapping context.Canceled", err)
	}
	if n := len(f.seen()); n != 0 {
		t.Fatalf("the server saw %d requests from a cancelled caller, want 0", n)
	}
}

// blocker is a Method that waits for its context (or 4 s) and says when
// its context ended.
type blocker struct {
	started, stopped chan struct{}
	once             sync.Once
}

func newBlocker() *blocker {
	return &blocker{started: make(chan struct{}), stopped: make(chan struct{})}
}

func (b *blocker) method(ctx context.Context, req []byte) ([]byte, error) {
	b.once.Do(func() { close(b.started) })
	select {
	case <-ctx.Done():
		close(b.stopped)
		return nil, ctx.Err()
	case <-time.After(4 * time.Second):
		return []byte("finished"), nil
	}
}

func TestCancelAbortsCallAtOnce(t *testing.T) {
	b := newBlocker()
	s := rpcbudget.NewServer(time.Minute)
	s.Handle("block", b.method)
	f := newFarSide(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cancelled := make(chan time.Time, 1)
	go func() {
		select {
		case <-b.started:
		case <-ctx.Done():
		}
		cancelled <- time.Now()
		cancel()
	}()
	_, err := f.client(100*time.Millisecond).Call(ctx, "block", nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Call = %v, want an error wrapping context.Canceled", err)
	}
	if d := time.Since(<-cancelled); d > time.Second {
		t.Errorf("Call returned %v after the cancel, want at once", d)
	}
	select {
	case <-b.stopped:
	case <-time.After(2 * time.Second):
		t.Fatal("the far side's method was still working 2 s after the caller cancelled")
	}
}

func TestCancelMidChainStopsEveryHop(t *testing.T) {
	b := newBlocker()
	s := rpcbudget.NewServer(time.Minute)
	s.Handle("probe", b.method)
	last := newFarSide(t, s)
	mid := rpcbudget.NewServer(time.Minute)
	mid.Handle("probe", hop(last.client(0), 0))
	first := newFarSide(t, mid)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-b.started:
		case <-ctx.Done():
		}
		cancel()
	}()
	if _, err := first.client(0).Call(ctx, "probe", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Call = %v, want an error wrapping context.Canceled", err)
	}
	select {
	case <-b.stopped:
	case <-time.After(2 * time.Second):
		t.Fatal("two hops away, the method was still working 2 s after the caller cancelled")
	}
}

func TestRetryRecomputesBudget(t *testing.T) {
	var calls atomic.Int32
	s := rpcbudget.NewServer(time.Minute)
	s.Handle("flaky", func(ctx context.Context, req []byte) ([]byte, error) {
		if calls.Add(1) == 1 {
			time.Sleep(300 * time.Millisecond)
			return nil, fmt.Errorf("warming up: %w", rpcbudget.ErrUnavailable)
		}
		return []byte("ok"), nil
	})
	f := newFarSide(t, s)
	c := f.client(100 * time.Millisecond)
	c.Retries = 2
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if resp, err := c.Call(ctx, "flaky", nil); err != nil || string(resp) != "ok" {
		t.Fatalf("Call = %q, %v; want the second attempt's answer", resp, err)
	}
	as := f.seen()
	if len(as) != 2 || len(as[0].budget) != 1 || len(as[1].budget) != 1 {
		t.Fatalf("the server saw %d attempts (%v), want 2, each with a budget", len(as), as)
	}
	var b1, b2 int64
	fmt.Sscan(as[0].budget[0], &b1)
	fmt.Sscan(as[1].budget[0], &b2)
	if b2 > b1-300 {
		t.Errorf("the first attempt carried %d ms and took 300 ms, the retry carried %d ms: want at most %d "+
			"(each attempt sends what is left at that moment)", b1, b2, b1-300)
	}
}

func TestRetryLimit(t *testing.T) {
	for _, retries := range []int{0, 1, 3} {
		var calls atomic.Int32
		s := rpcbudget.NewServer(time.Minute)
		s.Handle("down", func(ctx context.Context, req []byte) ([]byte, error) {
			calls.Add(1)
			return nil, rpcbudget.ErrUnavailable
		})
		f := newFarSide(t, s)
		c := f.client(0)
		c.Retries = retries
		_, err := c.Call(context.Background(), "down", nil)
		var se *rpcbudget.StatusError
		if !errors.As(err, &se) || se.Code != http.StatusServiceUnavailable {
			t.Errorf("Retries %d: Call = %v, want the last *StatusError 503", retries, err)
		}
		if n := calls.Load(); n != int32(retries+1) {
			t.Errorf("Retries %d: %d attempts, want %d", retries, n, retries+1)
		}
	}
}

func TestRetryNotOnOtherErrors(t *testing.T) {
	var calls atomic.Int32
	s := rpcbudget.NewServer(time.Minute)
	s.Handle("broken", func(ctx context.Context, req []byte) ([]byte, error) {
		calls.Add(1)
		return nil, errors.New("disk on fire")
	})
	f := newFarSide(t, s)
	c := f.client(0)
	c.Retries = 3
	_, err := c.Call(context.Background(), "broken", nil)
	var se *rpcbudget.StatusError
	if !errors.As(err, &se) || se.Code != http.StatusInternalServerError || se.Msg != "disk on fire" {
		t.Errorf("Call = %#v, want *StatusError{500, \"disk on fire\"}", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("a 500 was tried %d times, want once", n)
	}
}

// raw sends one request by hand and returns the status and body.
func raw(t *testing.T, f *farSide, method, path string, budget []string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range budget {
		req.Header.Add(rpcbudget.BudgetHeader, v)
	}
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(body))
}

func TestErrorsServerStatus(t *testing.T) {
	f, p := probeServer(t, time.Minute)
	cases := []struct {
		method, path string
		budget       []string
		want         int
	}{
		{"GET", "/probe", nil, http.StatusMethodNotAllowed},
		{"POST", "/nope", nil, http.StatusNotFound},
		{"POST", "/probe", []string{"abc"}, http.StatusBadRequest},
		{"POST", "/probe", []string{"-5"}, http.StatusBadRequest},
		{"POST", "/probe", []string{"1.5"}, http.StatusBadRequest},
		{"POST", "/probe", []string{"+7"}, http.StatusBadRequest},
		{"POST", "/probe", []string{"10", "20"}, http.StatusBadRequest},
		{"POST", "/probe", []string{"0"}, http.StatusGatewayTimeout},
		{"POST", "/probe", []string{"99999999999999999999999"}, http.StatusOK},
		{"POST", "/probe", []string{"2500"}, http.StatusOK},
		{"POST", "/probe", nil, http.StatusOK},
	}
	okCalls := 0
	for _, c := range cases {
		code, body := raw(t, f, c.method, c.path, c.budget)
		if code != c.want {
			t.Errorf("%s %s with budget %q: status %d (%q), want %d", c.method, c.path, c.budget, code, body, c.want)
		}
		if c.want == http.StatusOK {
			okCalls++
		}
	}
	if _, _, _, calls := p.get(); calls != okCalls {
		t.Errorf("the method ran %d times, want %d (only for well-formed calls with budget left)", calls, okCalls)
	}
}

func TestErrorsClientStatusError(t *testing.T) {
	f, _ := probeServer(t, time.Minute)
	_, err := f.client(0).Call(context.Background(), "missing", nil)
	var se *rpcbudget.StatusError
	if !errors.As(err, &se) || se.Code != http.StatusNotFound || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Call of an unknown method = %#v, want a *StatusError 404", err)
	}
	if se.Msg == "" || strings.ContainsAny(se.Msg, "\n") {
		t.Errorf("StatusError.Msg = %q, want the body without surrounding white space", se.Msg)
	}
}

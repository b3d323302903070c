package breaker_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"breaker"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group basics: New's validation (every invalid field named, the first of several), State names, the public lifecycle.
// Group closed: consecutive failures counted, a success resets them, the threshold opens.
// Group open: calls rejected with ErrOpen without running fn; half-open after the timeout without anyone calling State (clock moved clearly past the deadline).
// Group half-open: at most HalfOpenMaxCalls trials per period, finished trials keep their slot, any failure reopens with a fresh timeout, all successes close with a fresh failure count.
// Group robustness: stale results ignored, panics counted and re-raised, cancellation not a failure, a custom IsFailure, calls running in parallel, the default clock.
// Group deadline: the exact instant openedAt + OpenTimeout is half-open (fake clock, after a failed trial, default clock): a breaker one nanosecond late loses this group only.

type hClock struct {
	mu  sync.Mutex
	now time.Time
}

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

var errDown = errors.New("down")

func fail(context.Context) error    { return errDown }
func succeed(context.Context) error { return nil }

func newB(t *testing.T, threshold int, timeout time.Duration, trials int) (*breaker.Breaker, *hClock) {
	t.Helper()
	clock := &hClock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	b, err := breaker.New(breaker.Settings{FailureThreshold: threshold, OpenTimeout: timeout, HalfOpenMaxCalls: trials, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	return b, clock
}

func wantState(t *testing.T, b *breaker.Breaker, want breaker.State) {
	t.Helper()
	if got := b.State(); got != want {
		t.Fatalf("state %v, want %v", got, want)
	}
}

// trip opens b with failures.
func trip(t *testing.T, b *breaker.Breaker, n int) {
	t.Helper()
	for range n {
		b.Do(context.Background(), fail)
	}
	wantState(t, b, breaker.Open)
}

// blocked starts a call that runs until release is closed and returns res.
// It returns once fn is running (or Do rejected it) and a channel with Do's
// result.
func blocked(b *breaker.Breaker, release <-chan struct{}, res error) (bool, <-chan error) {
	started := make(chan bool, 1)
	done := make(chan error, 1)
	go func() {
		ran := false
		err := b.Do(context.Background(), func(context.Context) error {
			ran = true
			started <- true
			<-release
			return res
		})
		if !ran {
			started <- false
		}
		done <- err
	}()
	return <-started, done
}

func TestStateString(t *testing.T) {
	for s, want := range map[breaker.State]string{breaker.Closed: "closed", breaker.Open: "open", breaker.HalfOpen: "half-open"} {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(s), s.String(), want)
		}
	}
}

func TestNewRejectsBadSettings(t *testing.T) {
	for _, tc := range []struct {
		s     breaker.Settings
		field string
	}{
		{breaker.Settings{FailureThreshold: 0, OpenTimeout: time.Second, HalfOpenMaxCalls: 1}, "FailureThreshold"},
		{breaker.Settings{FailureThreshold: -2, OpenTimeout: time.Second, HalfOpenMaxCalls: 1}, "FailureThreshold"},
		{breaker.Settings{FailureThreshold: 1, OpenTimeout: 0, HalfOpenMaxCalls: 1}, "OpenTimeout"},
		{breaker.Settings{FailureThreshold: 1, OpenTimeout: -time.Second, HalfOpenMaxCalls: 1}, "OpenTimeout"},
		{breaker.Settings{FailureThreshold: 1, OpenTimeout: time.Second, HalfOpenMaxCalls: 0}, "HalfOpenMaxCalls"},
	} {
		b, err := breaker.New(tc.s)
		if err == nil || b != nil {
			t.Errorf("New(%+v) = %v, %v; want nil and an error", tc.s, b, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.field) {
			t.Errorf("New(%+v) error %q does not name %s", tc.s, err, tc.field)
		}
	}
	if b, err := breaker.New(breaker.Settings{FailureThreshold: 1, OpenTimeout: time.Nanosecond, HalfOpenMaxCalls: 1}); err != nil || b.State() != breaker.Closed {
		t.Fatalf("minimal settings: %v, %v", b, err)
	}
}

// Every test moves the clock clearly past a deadline, except those named
// TestDeadline*: the exact instant now == openedAt + OpenTimeout is one
// rule of the statement, checked in one group of its own, so a breaker that
// turns half-open a nanosecond late loses that group and nothing else.

// The first invalid field is named when several are wrong.
func TestNewNamesFirstInvalidField(t *testing.T) {
	for _, tc := range []struct {
		s     breaker.Settings
		field string
	}{
		{breaker.Settings{FailureThreshold: 0, OpenTimeout: 0, HalfOpenMaxCalls: 0}, "FailureThreshold"},
		{breaker.Settings{FailureThreshold: 1, OpenTimeout: -time.Second, HalfOpenMaxCalls: 0}, "OpenTimeout"},
	} {
		_, err := breaker.New(tc.s)
		if err == nil {
			t.Fatalf("New(%+v) accepted invalid settings", tc.s)
		}
		for _, other := range []string{"FailureThreshold", "OpenTimeout", "HalfOpenMaxCalls"} {
			if other != tc.field && strings.Contains(err.Error(), other) {
				t.Errorf("New(%+v) error %q names %s, want the first invalid field, %s", tc.s, err, other, tc.field)
			}
		}
		if !strings.Contains(err.Error(), tc.field) {
			t.Errorf("New(%+v) error %q does not name %s", tc.s, err, tc.field)
		}
	}
}

func TestClosedCountsConsecutiveFailures(t *testing.T) {
	b, _ := newB(t, 3, time.Second, 1)
	ctx := context.Background()
	for range 5 {
		b.Do(ctx, fail)
		b.Do(ctx, fail)
		b.Do(ctx, succeed)
	}
	wantState(t, b, breaker.Closed)
	b.Do(ctx, fail)
	b.Do(ctx, fail)
	wantState(t, b, breaker.Closed)
	b.Do(ctx, fail)
	wantState(t, b, breaker.Open)
}

func TestClosedThresholdOne(t *testing.T) {
	b, _ := newB(t, 1, time.Second, 1)
	b.Do(context.Background(), fail)
	wantState(t, b, breaker.Open)
}

func TestOpenRejectsWithoutCalling(t *testing.T) {
	b, clock := newB(t, 2, 30*time.Second, 1)
	trip(t, b, 2)
	var calls atomic.Int32
	count := func(context.Context) error { calls.Add(1); return nil }
	for range 10 {
		clock.Advance(2 * time.Second)
		if err := b.Do(context.Background(), count); !errors.Is(err, breaker.ErrOpen) {
			t.Fatalf("Do while open = %v, want ErrOpen", err)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("fn ran %d times while open", calls.Load())
	}
	wantState(t, b, breaker.Open)
	clock.Advance(11 * time.Second) // 31s after opening
	wantState(t, b, breaker.HalfOpen)
	if err := b.Do(context.Background(), count); err != nil || calls.Load() != 1 {
		t.Fatalf("trial: err %v, calls %d; want the trial to run", err, calls.Load())
	}
	wantState(t, b, breaker.Closed)
}

// The deadline is inclusive: half-open at now >= openedAt + OpenTimeout.
func TestDeadlineInclusive(t *testing.T) {
	b, clock := newB(t, 2, 30*time.Second, 1)
	trip(t, b, 2)
	var calls atomic.Int32
	count := func(context.Context) error { calls.Add(1); return nil }
	clock.Advance(30*time.Second - time.Nanosecond)
	for range 10 {
		if err := b.Do(context.Background(), count); !errors.Is(err, breaker.ErrOpen) {
			t.Fatalf("Do while open = %v, want ErrOpen", err)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("fn ran %d times while open", calls.Load())
	}
	wantState(t, b, breaker.Open)
	clock.Advance(time.Nanosecond)
	wantState(t, b, breaker.HalfOpen)
	if err := b.Do(context.Background(), count); err != nil || calls.Load() != 1 {
		t.Fatalf("trial: err %v, calls %d; want the trial to run", err, calls.Load())
	}
	wantState(t, b, breaker.Closed)
}

func TestOpenTransitionWithoutStateCall(t *testing.T) {
	// The half-open transition must not depend on someone calling State.
	b, clock := newB(t, 1, time.Minute, 1)
	b.Do(context.Background(), fail)
	clock.Advance(2 * time.Minute)
	ran := false
	if err := b.Do(context.Background(), func(context.Context) error { ran = true; return nil }); err != nil || !ran {
		t.Fatalf("Do after OpenTimeout = %v (ran %v), want a trial call", err, ran)
	}
	wantState(t, b, breaker.Closed)
}

func TestHalfOpenFailureReopensWithFreshTimeout(t *testing.T) {
	b, clock := newB(t, 1, 10*time.Second, 2)
	trip(t, b, 1)
	clock.Advance(25 * time.Second) // long past the timeout
	if err := b.Do(context.Background(), fail); !errors.Is(err, errDown) {
		t.Fatalf("trial returned %v", err)
	}
	wantState(t, b, breaker.Open)
	clock.Advance(9 * time.Second)
	wantState(t, b, breaker.Open) // the timeout restarts when the trial fails
	clock.Advance(2 * time.Second)
	wantState(t, b, breaker.HalfOpen)
}

// The fresh timeout after a failed trial ends exactly OpenTimeout after it.
func TestDeadlineAfterFailedTrial(t *testing.T) {
	b, clock := newB(t, 1, 10*time.Second, 1)
	trip(t, b, 1)
	clock.Advance(25 * time.Second)
	b.Do(context.Background(), fail)
	wantState(t, b, breaker.Open)
	clock.Advance(10*time.Second - time.Nanosecond)
	wantState(t, b, breaker.Open)
	clock.Advance(time.Nanosecond)
	wantState(t, b, breaker.HalfOpen)
}

func TestHalfOpenNeedsAllTrialsToSucceed(t *testing.T) {
	b, clock := newB(t, 1, time.Second, 3)
	trip(t, b, 1)
	clock.Advance(1500 * time.Millisecond)
	b.Do(context.Background(), succeed)
	b.Do(context.Background(), succeed)
	wantState(t, b, breaker.HalfOpen)
	b.Do(context.Background(), succeed)
	wantState(t, b, breaker.Closed)
	// Closed again with a fresh failure count.
	b.Do(context.Background(), succeed)
	wantState(t, b, breaker.Closed)
	b.Do(context.Background(), fail)
	wantState(t, b, breaker.Open)
}

// Closing starts a fresh count: the failures that opened the breaker do
// not count against it once the trials succeeded.
func TestHalfOpenClosesWithFreshFailureCount(t *testing.T) {
	b, clock := newB(t, 3, time.Second, 1)
	trip(t, b, 3)
	clock.Advance(1500 * time.Millisecond)
	if err := b.Do(context.Background(), succeed); err != nil {
		t.Fatalf("trial: %v", err)
	}
	wantState(t, b, breaker.Closed)
	b.Do(context.Background(), fail)
	b.Do(context.Background(), fail)
	wantState(t, b, breaker.Closed) // 2 of 3: not yet
	b.Do(context.Background(), fail)
	wantState(t, b, breaker.Open)
}

func TestHalfOpenLimitsConcurrentTrials(t *testing.T) {
	b, clock := newB(t, 1, time.Second, 3)
	trip(t, b, 1)
	clock.Advance(1500 * time.Millisecond)

	release := make(chan struct{})
	var running []<-chan error
	rejected := 0
	for range 20 {
		ran, done := blocked(b, release, nil)
		if ran {
			running = append(running, done)
			continue
		}
		if err := <-done; !errors.Is(err, breaker.ErrTooManyCalls) {
			t.Fatalf("rejected trial returned %v, want ErrTooManyCalls", err)
		}
		rejected++
	}
	if len(running) != 3 || rejected != 17 {
		t.Fatalf("%d trials ran and %d were rejected, want 3 and 17", len(running), rejected)
	}
	wantState(t, b, breaker.HalfOpen)
	close(release)
	for _, done := range running {
		if err := <-done; err != nil {
			t.Fatalf("trial: %v", err)
		}
	}
	wantState(t, b, breaker.Closed)
}

func TestHalfOpenQuotaNotRefilledByResults(t *testing.T) {
	// Two trials finished successfully, one is still running: the quota of
	// 3 is used up until the breaker decides.
	b, clock := newB(t, 1, time.Second, 3)
	trip(t, b, 1)
	clock.Advance(1500 * time.Millisecond)
	b.Do(context.Background(), succeed)
	b.Do(context.Background(), succeed)
	release := make(chan struct{})
	ran, done := blocked(b, release, errDown)
	if !ran {
		t.Fatalf("third trial rejected: %v", <-done)
	}
	if err := b.Do(context.Background(), succeed); !errors.Is(err, breaker.ErrTooManyCalls) {
		t.Fatalf("fourth call = %v, want ErrTooManyCalls", err)
	}
	close(release)
	<-done
	wantState(t, b, breaker.Open)
}

func TestStaleResultsIgnored(t *testing.T) {
	b, clock := newB(t, 2, time.Second, 1)
	slowOK := make(chan struct{})
	ran, okDone := blocked(b, slowOK, nil) // admitted while closed
	if !ran {
		t.Fatal("call rejected while closed")
	}
	slowFail := make(chan struct{})
	_, failDone := blocked(b, slowFail, errDown) // admitted while closed
	trip(t, b, 2)

	// A success that started before the breaker opened must not close it
	// or count as a trial.
	close(slowOK)
	<-okDone
	wantState(t, b, breaker.Open)
	clock.Advance(1500 * time.Millisecond)
	wantState(t, b, breaker.HalfOpen)

	// A failure that started before the breaker opened must not re-open the
	// half-open breaker.
	close(slowFail)
	<-failDone
	wantState(t, b, breaker.HalfOpen)

	trial := make(chan struct{})
	ran, trialDone := blocked(b, trial, nil)
	if !ran {
		t.Fatal("trial rejected")
	}
	wantState(t, b, breaker.HalfOpen)
	close(trial)
	<-trialDone
	wantState(t, b, breaker.Closed)
}

func TestStaleTrialAfterReopen(t *testing.T) {
	b, clock := newB(t, 1, time.Second, 2)
	trip(t, b, 1)
	clock.Advance(1500 * time.Millisecond)
	release := make(chan struct{})
	ran, slow := blocked(b, release, nil) // trial 1 of generation A
	if !ran {
		t.Fatal("trial rejected")
	}
	b.Do(context.Background(), fail) // trial 2 fails: open again
	wantState(t, b, breaker.Open)
	clock.Advance(1500 * time.Millisecond)
	b.Do(context.Background(), succeed) // trial 1 of generation B
	close(release)                      // the old trial finishes late
	<-slow
	wantState(t, b, breaker.HalfOpen) // only one of the two trials of B passed
}

func TestPanicCountsAsFailure(t *testing.T) {
	b, clock := newB(t, 1, time.Second, 1)
	boom := func(context.Context) error { panic("boom") }
	do := func() (v any) {
		defer func() { v = recover() }()
		b.Do(context.Background(), boom)
		return nil
	}
	if v := do(); v != "boom" {
		t.Fatalf("panic value %v, want the original panic", v)
	}
	wantState(t, b, breaker.Open)
	clock.Advance(1500 * time.Millisecond)
	if v := do(); v != "boom" {
		t.Fatalf("trial panic value %v", v)
	}
	wantState(t, b, breaker.Open)
	clock.Advance(1500 * time.Millisecond)
	if err := b.Do(context.Background(), succeed); err != nil {
		t.Fatalf("trial after a panicking trial: %v", err)
	}
	wantState(t, b, breaker.Closed)
}

func TestCanceledIsNotAFailure(t *testing.T) {
	b, _ := newB(t, 1, time.Second, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := b.Do(ctx, func(ctx context.Context) error { return fmt.Errorf("query: %w", ctx.Err()) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Do = %v, want the call's error", err)
	}
	wantState(t, b, breaker.Closed)
	b.Do(ctx, func(context.Context) error { return context.DeadlineExceeded })
	wantState(t, b, breaker.Open)
}

func TestCustomIsFailure(t *testing.T) {
	errNotFound := errors.New("not found")
	clock := &hClock{}
	b, err := breaker.New(breaker.Settings{FailureThreshold: 1, OpenTimeout: time.Second, HalfOpenMaxCalls: 1, Clock: clock,
		IsFailure: func(err error) bool { return err != nil && !errors.Is(err, errNotFound) }})
	if err != nil {
		t.Fatal(err)
	}
	wrapped := fmt.Errorf("user 7: %w", errNotFound)
	if got := b.Do(context.Background(), func(context.Context) error { return wrapped }); got != wrapped {
		t.Fatalf("Do = %v, want fn's error unchanged", got)
	}
	wantState(t, b, breaker.Closed)
	b.Do(context.Background(), fail)
	wantState(t, b, breaker.Open)
}

func TestCallsRunConcurrently(t *testing.T) {
	// The breaker must not hold its lock while fn runs: two calls overlap.
	b, _ := newB(t, 5, time.Second, 1)
	first := make(chan struct{})
	second := make(chan struct{})
	errc := make(chan error, 2)
	go func() {
		errc <- b.Do(context.Background(), func(context.Context) error {
			close(first)
			select {
			case <-second:
				return nil
			case <-time.After(5 * time.Second):
				return errors.New("the second call never started")
			}
		})
	}()
	<-first
	go func() {
		errc <- b.Do(context.Background(), func(context.Context) error { close(second); return nil })
	}()
	for range 2 {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
}

func TestConcurrentStress(t *testing.T) {
	// Many callers and observers at once; every call is either run or
	// rejected with one of the two sentinel errors.
	b, clock := newB(t, 3, time.Millisecond, 2)
	var wg sync.WaitGroup
	var ran, rejected atomic.Int32
	stop := make(chan struct{})
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				err := b.Do(context.Background(), func(context.Context) error {
					ran.Add(1)
					if i < 200 && (g+i)%5 != 0 {
						return errDown
					}
					return nil
				})
				switch {
				case errors.Is(err, breaker.ErrOpen) || errors.Is(err, breaker.ErrTooManyCalls):
					rejected.Add(1)
				case err != nil && err != errDown:
					t.Errorf("unexpected error %v", err)
				}
				if i%50 == 0 {
					clock.Advance(time.Millisecond)
				}
			}
		}()
	}
	var observers sync.WaitGroup
	observers.Add(1)
	go func() {
		defer observers.Done()
		for {
			select {
			case <-stop:
				return
			default:
				_ = b.State().String()
			}
		}
	}()
	wg.Wait()
	close(stop)
	observers.Wait()
	if got := ran.Load() + rejected.Load(); got != 8*300 {
		t.Fatalf("%d calls ran and %d were rejected, want %d in total", ran.Load(), rejected.Load(), 8*300)
	}
	if ran.Load() == 0 || rejected.Load() == 0 {
		t.Fatalf("ran %d, rejected %d: the breaker never opened or never let calls through", ran.Load(), rejected.Load())
	}
}

func TestDefaultClockIsRealTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, err := breaker.New(breaker.Settings{FailureThreshold: 1, OpenTimeout: 5 * time.Second, HalfOpenMaxCalls: 1})
		if err != nil {
			t.Fatal(err)
		}
		b.Do(context.Background(), fail)
		time.Sleep(5*time.Second - time.Millisecond)
		wantState(t, b, breaker.Open)
		time.Sleep(2 * time.Millisecond)
		wantState(t, b, breaker.HalfOpen)
	})
}

// The real clock's deadline is inclusive too (synctest's time is exact).
func TestDeadlineDefaultClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b, err := breaker.New(breaker.Settings{FailureThreshold: 1, OpenTimeout: 5 * time.Second, HalfOpenMaxCalls: 1})
		if err != nil {
			t.Fatal(err)
		}
		b.Do(context.Background(), fail)
		time.Sleep(5 * time.Second)
		wantState(t, b, breaker.HalfOpen)
	})
}

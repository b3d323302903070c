package retry_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"retry"
)

// The correctness groups of problem.json (tests.groups), and what each
// checks:
//
// Group basics: validation, a first-try success, the public retry example (the other public tests count in errors and context).
// Group backoff: ceilings doubling up to MaxDelay without overflow, the jitter value is the wait, the default random source.
// Group errors: giving up with the last error, MaxAttempts 1, Retryable, Permanent.
// Group context: cancellation before, between and during attempts; a wait ending at or after the deadline is not waited; op sees the caller's context.
// Group concurrency: concurrent calls on the default random source.

var errFlaky = errors.New("flaky")

type statusError struct{ code int }

func (e *statusError) Error() string { return fmt.Sprintf("http status %d", e.code) }

func maxRand(n int64) int64 { return n - 1 }
func zeroRand(int64) int64  { return 0 }

// recRand records the bound of every call and answers with pick(n).
type recRand struct {
	bounds []time.Duration
	pick   func(n int64) int64
}

func (r *recRand) Rand(n int64) int64 {
	r.bounds = append(r.bounds, time.Duration(n))
	return r.pick(n)
}

func failN(n int, calls *int) func(context.Context) error {
	return func(context.Context) error {
		*calls++
		if *calls <= n {
			return errFlaky
		}
		return nil
	}
}

func TestValidatePolicy(t *testing.T) {
	for _, tc := range []struct {
		p     retry.Policy
		field string
	}{
		{retry.Policy{MaxAttempts: 0, BaseDelay: time.Second, MaxDelay: time.Second}, "MaxAttempts"},
		{retry.Policy{MaxAttempts: -1, BaseDelay: time.Second, MaxDelay: time.Second}, "MaxAttempts"},
		{retry.Policy{MaxAttempts: 3, BaseDelay: 0, MaxDelay: time.Second}, "BaseDelay"},
		{retry.Policy{MaxAttempts: 3, BaseDelay: 2 * time.Second, MaxDelay: time.Second}, "MaxDelay"},
	} {
		calls := 0
		err := retry.Do(context.Background(), tc.p, failN(0, &calls))
		if err == nil || calls != 0 || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("Do(%+v) = %v after %d calls; want an error naming %s and no call", tc.p, err, calls, tc.field)
		}
	}
}

func TestFirstTrySuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recRand{pick: maxRand}
		start := time.Now()
		calls := 0
		err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Minute, Rand: r.Rand}, failN(0, &calls))
		if err != nil || calls != 1 || len(r.bounds) != 0 || time.Since(start) != 0 {
			t.Fatalf("err %v, calls %d, rand calls %d, elapsed %v; want one call, no wait", err, calls, len(r.bounds), time.Since(start))
		}
	})
}

func TestBackoffCeilingsDoubleUpToMax(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recRand{pick: func(n int64) int64 { return n / 2 }}
		start := time.Now()
		var at []time.Duration
		err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 7, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, Rand: r.Rand},
			func(context.Context) error { at = append(at, time.Since(start)); return errFlaky })
		if !errors.Is(err, errFlaky) {
			t.Fatalf("Do = %v", err)
		}
		ms := time.Millisecond
		if want := []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms, 1000 * ms, 1000 * ms}; !slices.Equal(r.bounds, want) {
			t.Fatalf("Rand bounds %v, want %v", r.bounds, want)
		}
		if want := []time.Duration{0, 50 * ms, 150 * ms, 350 * ms, 750 * ms, 1250 * ms, 1750 * ms}; !slices.Equal(at, want) {
			t.Fatalf("attempts at %v, want %v", at, want)
		}
	})
}

func TestJitterValueIsTheWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var at []time.Duration
		calls := 0
		op := func(ctx context.Context) error { at = append(at, time.Since(start)); return failN(2, &calls)(ctx) }
		err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour, Rand: zeroRand}, op)
		if err != nil || !slices.Equal(at, []time.Duration{0, 0, 0}) {
			t.Fatalf("err %v, attempts at %v; a zero jitter means no wait", err, at)
		}
		at, calls, start = nil, 0, time.Now()
		err = retry.Do(context.Background(), retry.Policy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour,
			Rand: func(int64) int64 { return int64(37 * time.Millisecond) }}, op)
		if err != nil || !slices.Equal(at, []time.Duration{0, 37 * time.Millisecond, 74 * time.Millisecond}) {
			t.Fatalf("err %v, attempts at %v; want waits of exactly 37ms", err, at)
		}
	})
}

func TestNoOverflowWithManyAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := &recRand{pick: zeroRand}
		err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 200, BaseDelay: time.Second, MaxDelay: 24 * time.Hour, Rand: r.Rand},
			func(context.Context) error { return errFlaky })
		if !errors.Is(err, errFlaky) || len(r.bounds) != 199 {
			t.Fatalf("err %v after %d waits", err, len(r.bounds))
		}
		for i, b := range r.bounds {
			want := 24 * time.Hour
			if i < 17 {
				want = time.Second << i
			}
			if b != want {
				t.Fatalf("bound before attempt %d = %v, want %v", i+2, b, want)
			}
		}
	})
}

func TestDefaultRandStaysUnderCeiling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		last := time.Now()
		var total time.Duration
		err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 50, BaseDelay: time.Second, MaxDelay: time.Second},
			func(context.Context) error {
				gap := time.Since(last)
				last = time.Now()
				if gap >= time.Second {
					t.Errorf("waited %v, beyond the 1s ceiling", gap)
				}
				total += gap
				return errFlaky
			})
		if !errors.Is(err, errFlaky) {
			t.Fatalf("Do = %v", err)
		}
		if total == 0 {
			t.Fatalf("49 random waits were all zero: the default random source is not used")
		}
	})
}

func TestGiveUpWrapsLastError(t *testing.T) {
	errs := []error{errors.New("first"), errors.New("second"), errors.New("third")}
	i := 0
	err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 3, BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond, Rand: zeroRand},
		func(context.Context) error { i++; return errs[i-1] })
	if !errors.Is(err, errs[2]) || errors.Is(err, errs[0]) || errors.Is(err, errs[1]) {
		t.Fatalf("Do = %v; want it to wrap the last error only", err)
	}
	if !strings.Contains(err.Error(), "3 attempts") || !strings.Contains(err.Error(), "third") {
		t.Fatalf("message %q should say how many attempts were made and show the last error", err)
	}
	var se *statusError
	err = retry.Do(context.Background(), retry.Policy{MaxAttempts: 2, BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond, Rand: zeroRand},
		func(context.Context) error { return &statusError{502} })
	if !errors.As(err, &se) || se.code != 502 {
		t.Fatalf("errors.As through the give-up error failed: %v", err)
	}
}

func TestMaxAttemptsOne(t *testing.T) {
	r := &recRand{pick: maxRand}
	calls := 0
	err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 1, BaseDelay: time.Hour, MaxDelay: time.Hour, Rand: r.Rand}, failN(5, &calls))
	if calls != 1 || len(r.bounds) != 0 || !errors.Is(err, errFlaky) {
		t.Fatalf("calls %d, waits %d, err %v; want a single attempt", calls, len(r.bounds), err)
	}
}

func TestRetryableClassifier(t *testing.T) {
	serverSide := func(err error) bool {
		var se *statusError
		return errors.As(err, &se) && (se.code >= 500 || se.code == http.StatusTooManyRequests)
	}
	codes := []int{503, 429, 404, 200}
	calls := 0
	notFound := error(nil)
	err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 10, BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond, Rand: zeroRand, Retryable: serverSide},
		func(context.Context) error {
			c := codes[calls]
			calls++
			if c == 200 {
				return nil
			}
			e := fmt.Errorf("GET /users: %w", &statusError{c})
			if c == 404 {
				notFound = e
			}
			return e
		})
	if calls != 3 || err != notFound {
		t.Fatalf("calls %d, err %v; want 3 calls and the non-retryable 404 error returned unchanged", calls, err)
	}
}

func TestPermanentBeatsRetryable(t *testing.T) {
	calls := 0
	errAuth := errors.New("bad credentials")
	err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 5, BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond, Rand: zeroRand,
		Retryable: func(error) bool { return true }},
		func(context.Context) error { calls++; return fmt.Errorf("login: %w", retry.Permanent(errAuth)) })
	if calls != 1 || !errors.Is(err, errAuth) {
		t.Fatalf("calls %d, err %v; a wrapped permanent error must stop the retries", calls, err)
	}
	var pe *retry.PermanentError
	if !errors.As(err, &pe) || pe.Err != errAuth {
		t.Fatalf("errors.As(*PermanentError) on %v failed", err)
	}
}

func TestPermanentValue(t *testing.T) {
	if retry.Permanent(nil) != nil {
		t.Fatal("Permanent(nil) must be nil")
	}
	err := retry.Permanent(errFlaky)
	if err.Error() != errFlaky.Error() || !errors.Is(err, errFlaky) {
		t.Fatalf("Permanent(err) = %q, want the same message and errors.Is to see err", err)
	}
}

func TestCancelledBeforeFirstAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	err := retry.Do(ctx, retry.Policy{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Second}, failN(0, &calls))
	if calls != 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("calls %d, err %v; want no call and context.Canceled", calls, err)
	}
}

func TestCancelJustBeforeWait(t *testing.T) {
	// The random source runs right before the wait; cancelling there must
	// end Do at once, with nothing left running.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	start := time.Now()
	err := retry.Do(ctx, retry.Policy{MaxAttempts: 3, BaseDelay: 5 * time.Second, MaxDelay: 5 * time.Second,
		Rand: func(n int64) int64 { cancel(); return n - 1 }}, failN(5, &calls))
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("Do returned after %v, want at once", elapsed)
	}
	if calls != 1 || !errors.Is(err, context.Canceled) || !errors.Is(err, errFlaky) {
		t.Fatalf("calls %d, err %v; want 1 call and an error wrapping context.Canceled and the last failure", calls, err)
	}
}

func TestCancelFromAnotherGoroutine(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	attempted := make(chan struct{})
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		calls := 0
		done <- retry.Do(ctx, retry.Policy{MaxAttempts: 3, BaseDelay: 5 * time.Second, MaxDelay: 5 * time.Second, Rand: maxRand},
			func(context.Context) error {
				calls++
				if calls == 1 {
					close(attempted)
				}
				return errFlaky
			})
	}()
	<-attempted
	cancel()
	err := <-done
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("Do returned %v after %v; it must stop waiting when ctx is cancelled", err, elapsed)
	}
	if !errors.Is(err, context.Canceled) || !errors.Is(err, errFlaky) {
		t.Fatalf("Do = %v", err)
	}
}

func TestCancelKeepsAttemptError(t *testing.T) {
	// op fails because ctx was cancelled while it ran: Do reports both.
	ctx, cancel := context.WithCancel(context.Background())
	errQuery := errors.New("query interrupted")
	err := retry.Do(ctx, retry.Policy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour, Rand: maxRand},
		func(context.Context) error { cancel(); return errQuery })
	if !errors.Is(err, context.Canceled) || !errors.Is(err, errQuery) {
		t.Fatalf("Do = %v, want context.Canceled and the attempt's error", err)
	}
}

func TestDeadlineTooCloseReturnsEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		calls := 0
		err := retry.Do(ctx, retry.Policy{MaxAttempts: 5, BaseDelay: 8 * time.Second, MaxDelay: 8 * time.Second,
			Rand: func(int64) int64 { return int64(6 * time.Second) }}, failN(5, &calls))
		if calls != 1 || time.Since(start) != 0 {
			t.Fatalf("calls %d, returned after %v; a 6s wait cannot fit before a 5s deadline: return at once", calls, time.Since(start))
		}
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errFlaky) {
			t.Fatalf("Do = %v, want context.DeadlineExceeded and the last failure", err)
		}
	})
}

// A wait that would end exactly at the deadline does not fit either: the
// next attempt would run with a context that is already done.
func TestDeadlineWaitEndingAtDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		calls := 0
		err := retry.Do(ctx, retry.Policy{MaxAttempts: 5, BaseDelay: 8 * time.Second, MaxDelay: 8 * time.Second,
			Rand: func(int64) int64 { return int64(5 * time.Second) }}, failN(5, &calls))
		if calls != 1 || time.Since(start) != 0 {
			t.Fatalf("calls %d, returned after %v; a wait ending at the 5s deadline does not fit: return at once", calls, time.Since(start))
		}
		if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, errFlaky) {
			t.Fatalf("Do = %v, want context.DeadlineExceeded and the last failure", err)
		}
	})
}

func TestDeadlineAllowsWaitsThatFit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		calls := 0
		err := retry.Do(ctx, retry.Policy{MaxAttempts: 5, BaseDelay: 3 * time.Second, MaxDelay: 3 * time.Second,
			Rand: func(int64) int64 { return int64(3 * time.Second) }}, failN(3, &calls))
		if err != nil || calls != 4 {
			t.Fatalf("calls %d, err %v; three 3s waits fit in 10s", calls, err)
		}
	})
}

type ctxKey struct{}

func TestOpSeesCallerContext(t *testing.T) {
	ctx := context.WithValue(context.Background(), ctxKey{}, "req-42")
	var got any
	retry.Do(ctx, retry.Policy{MaxAttempts: 1, BaseDelay: time.Second, MaxDelay: time.Second},
		func(ctx context.Context) error { got = ctx.Value(ctxKey{}); return nil })
	if got != "req-42" {
		t.Fatalf("op's context value = %v, want the caller's", got)
	}
}

func TestConcurrentCallsDefaultRand(t *testing.T) {
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for g := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			calls := 0
			errs[g] = retry.Do(context.Background(), retry.Policy{MaxAttempts: 4, BaseDelay: time.Microsecond, MaxDelay: 10 * time.Microsecond},
				failN(2, &calls))
			if calls != 3 {
				errs[g] = fmt.Errorf("%d calls, want 3", calls)
			}
		}()
	}
	wg.Wait()
	for g, err := range errs {
		if err != nil {
			t.Errorf("caller %d: %v", g, err)
		}
	}
}

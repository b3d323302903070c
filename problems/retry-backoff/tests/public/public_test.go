package retry_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"retry"
)

var errPubFlaky = errors.New("connection reset")

// pubMaxRand always picks the largest delay allowed.
func pubMaxRand(n int64) int64 { return n - 1 }

func TestPublicRetriesWithBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var at []time.Duration
		err := retry.Do(context.Background(), retry.Policy{
			MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, Rand: pubMaxRand,
		}, func(ctx context.Context) error {
			at = append(at, time.Since(start))
			if len(at) < 3 {
				return errPubFlaky
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Do = %v, want success on the 3rd attempt", err)
		}
		want := []time.Duration{0, 100*time.Millisecond - 1, 300*time.Millisecond - 2}
		if len(at) != len(want) {
			t.Fatalf("attempts at %v, want %v", at, want)
		}
		for i := range want {
			if at[i] != want[i] {
				t.Fatalf("attempts at %v, want %v", at, want)
			}
		}
	})
}

func TestPublicGivesUpWithLastError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Second, Rand: pubMaxRand},
			func(ctx context.Context) error { calls++; return errPubFlaky })
		if calls != 3 || !errors.Is(err, errPubFlaky) {
			t.Fatalf("%d calls, err %v; want 3 calls and an error wrapping the last failure", calls, err)
		}
	})
}

func TestPublicPermanentStops(t *testing.T) {
	calls := 0
	errBad := errors.New("invalid request")
	err := retry.Do(context.Background(), retry.Policy{MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: time.Second},
		func(ctx context.Context) error { calls++; return retry.Permanent(errBad) })
	if calls != 1 || !errors.Is(err, errBad) {
		t.Fatalf("%d calls, err %v; want 1 call and the permanent error", calls, err)
	}
}

func TestPublicCancelDuringWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	calls := 0
	err := retry.Do(ctx, retry.Policy{MaxAttempts: 10, BaseDelay: 5 * time.Second, MaxDelay: 5 * time.Second, Rand: pubMaxRand},
		func(ctx context.Context) error {
			calls++
			if calls == 1 {
				time.AfterFunc(10*time.Millisecond, cancel) // fires during the first wait
			}
			return errPubFlaky
		})
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("Do returned after %v; it must stop waiting as soon as ctx is cancelled", elapsed)
	}
	if calls != 1 || !errors.Is(err, context.Canceled) || !errors.Is(err, errPubFlaky) {
		t.Fatalf("%d calls, Do = %v; want 1 call and an error wrapping context.Canceled and the last failure", calls, err)
	}
}

package breaker_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"breaker"
)

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

var errPubDown = errors.New("dependency down")

func pubFail(context.Context) error { return errPubDown }
func pubOK(context.Context) error   { return nil }

func TestPublicLifecycle(t *testing.T) {
	clock := &pubClock{now: time.Unix(1_700_000_000, 0)}
	b, err := breaker.New(breaker.Settings{FailureThreshold: 3, OpenTimeout: 10 * time.Second, HalfOpenMaxCalls: 1, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range 3 {
		if got := b.State(); got != breaker.Closed {
			t.Fatalf("before failure %d: state %v, want closed", i+1, got)
		}
		if err := b.Do(ctx, pubFail); !errors.Is(err, errPubDown) {
			t.Fatalf("Do returned %v, want the call's own error", err)
		}
	}
	if got := b.State(); got != breaker.Open {
		t.Fatalf("after 3 failures: state %v, want open", got)
	}
	called := false
	err = b.Do(ctx, func(context.Context) error { called = true; return nil })
	if !errors.Is(err, breaker.ErrOpen) || called {
		t.Fatalf("open breaker: Do = %v (fn called: %v), want ErrOpen without calling fn", err, called)
	}

	clock.Advance(11 * time.Second)
	if got := b.State(); got != breaker.HalfOpen {
		t.Fatalf("after OpenTimeout: state %v, want half-open", got)
	}
	if err := b.Do(ctx, pubOK); err != nil {
		t.Fatalf("trial call: %v", err)
	}
	if got := b.State(); got != breaker.Closed {
		t.Fatalf("after a successful trial: state %v, want closed", got)
	}
}

func TestPublicSuccessResetsFailures(t *testing.T) {
	b, err := breaker.New(breaker.Settings{FailureThreshold: 2, OpenTimeout: time.Second, HalfOpenMaxCalls: 1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b.Do(ctx, pubFail)
	b.Do(ctx, pubOK)
	b.Do(ctx, pubFail)
	if got := b.State(); got != breaker.Closed {
		t.Fatalf("failures were not consecutive, state %v, want closed", got)
	}
}

func TestPublicNewValidates(t *testing.T) {
	if _, err := breaker.New(breaker.Settings{FailureThreshold: 0, OpenTimeout: time.Second, HalfOpenMaxCalls: 1}); err == nil {
		t.Fatal("New accepted FailureThreshold 0")
	}
}

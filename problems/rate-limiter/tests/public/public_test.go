package ratelimit_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"ratelimit"
)

// fakeClock is a manual Clock: time moves only when the test calls Advance
// or Set, and timers fire then.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  map[*fakeTimer]bool // pending timers
	created int                 // timers ever created
}

type fakeTimer struct {
	clock *fakeClock
	at    time.Time
	c     chan time.Time
}

// newFakeClock returns a clock at a fixed instant. When the test ends it
// jumps a day ahead so no waiter is left blocked on one of its timers.
func newFakeClock(t *testing.T) *fakeClock {
	c := &fakeClock{
		now:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		timers: make(map[*fakeTimer]bool),
	}
	t.Cleanup(func() { c.Advance(24 * time.Hour) })
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) ratelimit.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.created++
	t := &fakeTimer{clock: c, at: c.now.Add(d), c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- c.now
	} else {
		c.timers[t] = true
	}
	return t
}

// Advance moves the clock forward by d and fires the timers that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.now.Add(d))
}

// Set puts the clock at t, which may be in the past.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(t)
}

func (c *fakeClock) setLocked(t time.Time) {
	c.now = t
	for tm := range c.timers {
		if !tm.at.After(t) {
			tm.c <- t
			delete(c.timers, tm)
		}
	}
}

// Pending returns the number of timers that have neither fired nor been
// stopped.
func (c *fakeClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// Created returns the number of timers ever created.
func (c *fakeClock) Created() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.created
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Stop() bool {
	t.clock.mu.Lock()
	defer t.clock.mu.Unlock()
	pending := t.clock.timers[t]
	delete(t.clock.timers, t)
	return pending
}

func TestPublicBurstThenDeny(t *testing.T) {
	clk := newFakeClock(t)
	l := ratelimit.New(1, 3, clk)
	for i := range 3 {
		if !l.Allow() {
			t.Fatalf("Allow #%d = false, want true (bucket starts full)", i+1)
		}
	}
	if l.Allow() {
		t.Fatal("Allow #4 = true, want false (bucket empty)")
	}
}

func TestPublicRefill(t *testing.T) {
	clk := newFakeClock(t)
	l := ratelimit.New(2, 1, clk) // one token every 500ms
	if !l.Allow() {
		t.Fatal("first Allow = false")
	}
	clk.Advance(400 * time.Millisecond)
	if l.Allow() {
		t.Fatal("Allow after 400ms = true, want false")
	}
	clk.Advance(100 * time.Millisecond)
	if !l.Allow() {
		t.Fatal("Allow after 500ms = false, want true")
	}
}

func TestPublicWaitBlocksUntilToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := newFakeClock(t)
		l := ratelimit.New(1, 1, clk)
		l.Allow()
		done := make(chan error, 1)
		go func() { done <- l.Wait(context.Background()) }()
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("Wait returned %v on an empty bucket", err)
		default:
		}
		clk.Advance(time.Second)
		synctest.Wait()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Wait = %v, want nil", err)
			}
		default:
			t.Fatal("Wait still blocked after a token became available")
		}
	})
}

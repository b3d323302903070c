// Package ratelimit implements a token-bucket rate limiter that is safe for
// concurrent use and reads time only through an injected Clock.  Its Wait
// keeps one timer for the whole wait, so a waiter that loses a token to
// another never wakes again: the fake-clock tests must report where they
// stalled, at once, instead of hanging.
package ratelimit

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

// Clock is the limiter's only source of time, so tests can drive it.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer is the part of *time.Timer the limiter needs.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// NewTimer returns a wrapped time.NewTimer(d).
func (SystemClock) NewTimer(d time.Duration) Timer { return systemTimer{time.NewTimer(d)} }

type systemTimer struct{ t *time.Timer }

func (s systemTimer) C() <-chan time.Time { return s.t.C }
func (s systemTimer) Stop() bool          { return s.t.Stop() }

// Limiter is a token bucket: it holds at most burst tokens, gains rate tokens
// per second, and every granted event takes one token. Create it with New.
type Limiter struct {
	clock Clock
	rate  float64 // tokens per second, finite and >= 0
	burst float64

	mu     sync.Mutex
	tokens float64   // tokens in the bucket as of last, in [0, burst]
	last   time.Time // latest clock reading folded into tokens
}

// New returns a limiter with a full bucket. rate is in tokens per second and
// may be zero (no refill); burst is the bucket size. A nil clock means
// SystemClock. New panics if rate is negative, NaN or infinite, or burst < 1.
func New(rate float64, burst int, clock Clock) *Limiter {
	if rate < 0 || math.IsNaN(rate) || math.IsInf(rate, 0) {
		panic(fmt.Sprintf("ratelimit: invalid rate %v", rate))
	}
	if burst < 1 {
		panic(fmt.Sprintf("ratelimit: invalid burst %d", burst))
	}
	if clock == nil {
		clock = SystemClock{}
	}
	return &Limiter{
		clock:  clock,
		rate:   rate,
		burst:  float64(burst),
		tokens: float64(burst),
		last:   clock.Now(),
	}
}

// Allow takes a token and reports true if one is available now; otherwise
// it takes nothing and reports false. It never blocks.
func (l *Limiter) Allow() bool {
	_, ok := l.take()
	return ok
}

// Tokens returns the number of tokens available now (possibly fractional).
func (l *Limiter) Tokens() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refill(l.clock.Now())
	return l.tokens
}

// Wait blocks until it can take a token, and returns nil. If ctx is done
// first (or already), it returns ctx.Err() without taking a token.
//
// The timer is armed once, for the first estimate, and kept for the whole
// wait to save an allocation per round.  A waiter that loses the token to
// another one goes round again and waits on a timer that has already
// fired: it never wakes.
func (l *Limiter) Wait(ctx context.Context) error {
	var t Timer
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		d, ok := l.take()
		if ok {
			return nil
		}
		if d < 0 {
			<-ctx.Done()
			return ctx.Err()
		}
		if t == nil {
			t = l.clock.NewTimer(d)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C():
		}
	}
}

// take takes a token if one is available. If not, it returns how long until
// one will be, or a negative duration if none ever will (rate 0, or a wait
// too long to represent).
func (l *Limiter) take() (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refill(l.clock.Now())
	if l.tokens >= 1 {
		l.tokens--
		return 0, true
	}
	ns := math.Ceil((1 - l.tokens) / l.rate * float64(time.Second)) // +Inf when rate is 0
	if ns >= math.MaxInt64 {
		return -1, false
	}
	return time.Duration(ns), false
}

// refill adds the tokens earned since l.last. A clock that steps backwards
// earns nothing, and the time it re-covers is not counted twice.
// l.mu must be held.
func (l *Limiter) refill(now time.Time) {
	if !now.After(l.last) {
		return
	}
	l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	l.last = now
}

// Package ratelimit implements a token-bucket rate limiter that is safe for
// concurrent use and reads time only through an injected Clock.
package ratelimit

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
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

	// state is replaced wholesale with compare-and-swap: no lock needed.
	state atomic.Pointer[bucket]
}

type bucket struct {
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
	l := &Limiter{clock: clock, rate: rate, burst: float64(burst)}
	l.state.Store(&bucket{tokens: float64(burst), last: clock.Now()})
	return l
}

// Allow takes a token and reports true if one is available now; otherwise
// it takes nothing and reports false. It never blocks.
func (l *Limiter) Allow() bool {
	_, ok := l.take()
	return ok
}

// Tokens returns the number of tokens available now (possibly fractional).
func (l *Limiter) Tokens() float64 {
	b := l.refill(*l.state.Load(), l.clock.Now())
	return b.tokens
}

// Wait blocks until it can take a token, and returns nil. If ctx is done
// first (or already), it returns ctx.Err() without taking a token.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		d, ok := l.take()
		if ok {
			return nil
		}
		if d < 0 {
			// No token will ever come: only the context can end the wait.
			<-ctx.Done()
			return ctx.Err()
		}
		// Another waiter may take the token first; then we simply go round
		// again with a fresh estimate.
		t := l.clock.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C():
		}
	}
}

// take takes a token if one is available. If not, it returns how long until
// one will be, or a negative duration if none ever will (rate 0, or a wait
// too long to represent).
func (l *Limiter) take() (time.Duration, bool) {
	for {
		old := l.state.Load()
		b := l.refill(*old, l.clock.Now())
		if b.tokens < 1 {
			return l.delay(b), false
		}
		b.tokens--
		if l.state.CompareAndSwap(old, &b) {
			return 0, true
		}
	}
}

func (l *Limiter) delay(b bucket) time.Duration {
	ns := math.Ceil((1 - b.tokens) / l.rate * float64(time.Second)) // +Inf when rate is 0
	if ns >= math.MaxInt64 {
		return -1
	}
	return time.Duration(ns)
}

// refill returns b with the tokens earned since b.last. A clock that steps
// backwards earns nothing, and the time it re-covers is not counted twice.
func (l *Limiter) refill(b bucket, now time.Time) bucket {
	if !now.After(b.last) {
		return b
	}
	return bucket{tokens: min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate), last: now}
}

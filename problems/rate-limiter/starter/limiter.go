// Package ratelimit implements a token-bucket rate limiter that is safe for
// concurrent use and reads time only through an injected Clock.
package ratelimit

import (
	"context"
	"errors"
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
	// your fields here
}

// New returns a limiter with a full bucket. rate is in tokens per second and
// may be zero (no refill); burst is the bucket size. A nil clock means
// SystemClock. New panics if rate is negative, NaN or infinite, or burst < 1.
func New(rate float64, burst int, clock Clock) *Limiter {
	return &Limiter{}
}

// Allow takes a token and reports true if one is available now; otherwise
// it takes nothing and reports false. It never blocks.
func (l *Limiter) Allow() bool {
	return false
}

// Tokens returns the number of tokens available now (possibly fractional).
func (l *Limiter) Tokens() float64 {
	return 0
}

// Wait blocks until it can take a token, and returns nil. If ctx is done
// first (or already), it returns ctx.Err() without taking a token.
func (l *Limiter) Wait(ctx context.Context) error {
	return errors.New("not implemented")
}

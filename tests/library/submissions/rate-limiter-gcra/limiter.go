// Package ratelimit is a rate limiter on the generic cell rate algorithm
// (GCRA): instead of a token count it keeps the theoretical arrival time,
// in float seconds since the limiter was made, at which the bucket would
// be full again.  Sound, but its float arithmetic lands a hair off exact
// token boundaries (0.1+0.1+0.1 is 0.30000000000000004), so a token due at
// 300 ms is granted a nanosecond later.
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

// Limiter is a GCRA limiter: burst tokens at most, rate per second.
type Limiter struct {
	clock    Clock
	rate     float64
	burst    float64
	interval float64   // seconds per token
	base     time.Time // the origin of the float time line

	mu   sync.Mutex
	tat  float64 // when the bucket is full again, seconds since base
	seen float64 // the latest clock reading, seconds since base
}

// New returns a limiter with a full bucket.
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
	return &Limiter{clock: clock, rate: rate, burst: float64(burst), interval: 1 / rate, base: clock.Now()}
}

// now reads the clock as seconds since base; a clock that steps back
// stays at the latest reading.  l.mu must be held.
func (l *Limiter) now() float64 {
	t := l.clock.Now().Sub(l.base).Seconds()
	if t > l.seen {
		l.seen = t
	}
	return l.seen
}

// tokensAt is the bucket's content at now.  l.mu must be held.
func (l *Limiter) tokensAt(now float64) float64 {
	if l.rate == 0 {
		return l.burst - l.tat // tat counts the tokens taken: see take
	}
	return l.burst - math.Max(0, l.tat-now)*l.rate
}

// take takes a token if one is available, else says how long until one
// is (negative: never).
func (l *Limiter) take() (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.rate == 0 {
		// No refill: tat counts the tokens taken.
		if l.burst-l.tat >= 1 {
			l.tat++
			return 0, true
		}
		return -1, false
	}
	tok := l.tokensAt(now)
	if tok >= 1 {
		l.tat = math.Max(l.tat, now) + l.interval
		return 0, true
	}
	ns := math.Ceil((1 - tok) * l.interval * 1e9)
	if ns >= math.MaxInt64 {
		return -1, false
	}
	return time.Duration(ns), false
}

// Allow takes a token if one is available now.
func (l *Limiter) Allow() bool {
	_, ok := l.take()
	return ok
}

// Tokens returns the tokens available now.
func (l *Limiter) Tokens() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tokensAt(l.now())
}

// Wait blocks until it can take a token, or ctx is done.
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
			<-ctx.Done()
			return ctx.Err()
		}
		t := l.clock.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C():
		}
	}
}

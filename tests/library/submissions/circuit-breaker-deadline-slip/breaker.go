// Package breaker is a circuit breaker written the way many candidates
// write one: it keeps the instant the open period expires and turns
// half-open once that instant is in the past.  expiry.Before(now) is one
// nanosecond late: at exactly openedAt + OpenTimeout it still rejects.
// Everything else follows the statement.
package breaker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// State is the state of a Breaker.
type State int

const (
	Closed State = iota
	Open
	HalfOpen
)

func (s State) String() string {
	switch s {
	case Closed:
		return "closed"
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	default:
		return fmt.Sprintf("State(%d)", int(s))
	}
}

// ErrOpen rejects calls while the breaker is open.
var ErrOpen = errors.New("breaker: open")

// ErrTooManyCalls rejects calls beyond the half-open trials.
var ErrTooManyCalls = errors.New("breaker: too many trial calls")

// Clock tells the time.
type Clock interface{ Now() time.Time }

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// Settings configure a Breaker.
type Settings struct {
	FailureThreshold int
	OpenTimeout      time.Duration
	HalfOpenMaxCalls int
	IsFailure        func(err error) bool
	Clock            Clock
}

// Breaker is a circuit breaker, safe for concurrent use.
type Breaker struct {
	s Settings

	mu      sync.Mutex
	state   State
	epoch   int // which period a call was admitted in
	fails   int
	expiry  time.Time // when the open period ends
	started int       // trials admitted in this half-open period
	okays   int       // trials that succeeded
}

// New validates s and returns a closed breaker.
func New(s Settings) (*Breaker, error) {
	if s.FailureThreshold < 1 {
		return nil, fmt.Errorf("breaker: FailureThreshold must be at least 1, got %d", s.FailureThreshold)
	}
	if s.OpenTimeout <= 0 {
		return nil, fmt.Errorf("breaker: OpenTimeout must be positive, got %v", s.OpenTimeout)
	}
	if s.HalfOpenMaxCalls < 1 {
		return nil, fmt.Errorf("breaker: HalfOpenMaxCalls must be at least 1, got %d", s.HalfOpenMaxCalls)
	}
	if s.Clock == nil {
		s.Clock = wallClock{}
	}
	if s.IsFailure == nil {
		s.IsFailure = func(err error) bool { return err != nil && !errors.Is(err, context.Canceled) }
	}
	return &Breaker{s: s}, nil
}

// current moves an expired open period to half-open; b.mu is held.
func (b *Breaker) current() State {
	if b.state == Open && b.expiry.Before(b.s.Clock.Now()) {
		b.enter(HalfOpen)
	}
	return b.state
}

// enter starts a new period in state s; b.mu is held.
func (b *Breaker) enter(s State) {
	b.state = s
	b.epoch++
	b.fails, b.started, b.okays = 0, 0, 0
	if s == Open {
		b.expiry = b.s.Clock.Now().Add(b.s.OpenTimeout)
	}
}

// State returns the current state.
func (b *Breaker) State() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.current()
}

// Do runs fn if the breaker admits it and records the outcome.
func (b *Breaker) Do(ctx context.Context, fn func(context.Context) error) (err error) {
	b.mu.Lock()
	switch b.current() {
	case Open:
		b.mu.Unlock()
		return ErrOpen
	case HalfOpen:
		if b.started >= b.s.HalfOpenMaxCalls {
			b.mu.Unlock()
			return ErrTooManyCalls
		}
		b.started++
	}
	epoch := b.epoch
	b.mu.Unlock()

	failed := true // stays true if fn panics
	defer func() { b.done(epoch, failed) }()
	err = fn(ctx)
	failed = b.s.IsFailure(err)
	return err
}

// done records the outcome of a call admitted in epoch.
func (b *Breaker) done(epoch int, failed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.current(); epoch != b.epoch {
		return // stale: admitted in an earlier period
	}
	switch b.state {
	case Closed:
		if !failed {
			b.fails = 0
		} else if b.fails++; b.fails >= b.s.FailureThreshold {
			b.enter(Open)
		}
	case HalfOpen:
		if failed {
			b.enter(Open)
		} else if b.okays++; b.okays >= b.s.HalfOpenMaxCalls {
			b.enter(Closed)
		}
	}
}

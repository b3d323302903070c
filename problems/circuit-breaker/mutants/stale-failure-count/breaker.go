// Package breaker implements a circuit breaker: it stops calling a failing
// dependency for a while, then lets a few trial calls through to find out
// whether the dependency has recovered.
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
	Closed   State = iota // calls pass; consecutive failures are counted
	Open                  // calls are rejected until OpenTimeout has passed
	HalfOpen              // a limited number of trial calls pass
)

func (s State) String() string {
	switch s {
	case Closed:
		return "closed"
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// ErrOpen is returned by Do, without calling fn, while the breaker is open.
var ErrOpen = errors.New("breaker: open")

// ErrTooManyCalls is returned by Do, without calling fn, when the breaker
// is half-open and all its trial calls have already been admitted.
var ErrTooManyCalls = errors.New("breaker: too many trial calls")

// Clock tells the time; tests inject a fake one.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Settings configure a Breaker.
type Settings struct {
	// FailureThreshold consecutive failures while closed open the breaker.
	FailureThreshold int
	// OpenTimeout is how long the breaker stays open before it turns
	// half-open.
	OpenTimeout time.Duration
	// HalfOpenMaxCalls is how many trial calls a half-open breaker admits;
	// when all of them succeed the breaker closes.
	HalfOpenMaxCalls int
	// IsFailure classifies the error of a call. Nil means: any non-nil error
	// except context.Canceled is a failure.
	IsFailure func(err error) bool
	// Clock defaults to the real time.
	Clock Clock
}

// Breaker is a circuit breaker. It is safe for concurrent use.
type Breaker struct {
	threshold   int
	openTimeout time.Duration
	maxTrials   int
	isFailure   func(error) bool
	clock       Clock

	mu       sync.Mutex
	state    State
	gen      uint64    // bumped on every state change; stale results are ignored
	failures int       // consecutive failures while closed
	openedAt time.Time // when the breaker last opened
	trials   int       // trial calls admitted in this half-open period
	passed   int       // trial calls that succeeded in this half-open period
}

// New returns a closed Breaker, or an error naming the first invalid
// setting.
func New(s Settings) (*Breaker, error) {
	switch {
	case s.FailureThreshold < 1:
		return nil, fmt.Errorf("breaker: FailureThreshold must be at least 1, got %d", s.FailureThreshold)
	case s.OpenTimeout <= 0:
		return nil, fmt.Errorf("breaker: OpenTimeout must be positive, got %v", s.OpenTimeout)
	case s.HalfOpenMaxCalls < 1:
		return nil, fmt.Errorf("breaker: HalfOpenMaxCalls must be at least 1, got %d", s.HalfOpenMaxCalls)
	}
	b := &Breaker{
		threshold:   s.FailureThreshold,
		openTimeout: s.OpenTimeout,
		maxTrials:   s.HalfOpenMaxCalls,
		isFailure:   s.IsFailure,
		clock:       s.Clock,
	}
	if b.isFailure == nil {
		b.isFailure = defaultIsFailure
	}
	if b.clock == nil {
		b.clock = realClock{}
	}
	return b, nil
}

// defaultIsFailure counts every error except a cancellation by the caller,
// which says nothing about the health of the dependency.
func defaultIsFailure(err error) bool {
	return err != nil && !errors.Is(err, context.Canceled)
}

// State returns the current state. An open breaker whose OpenTimeout has
// passed reports HalfOpen.
func (b *Breaker) State() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refresh(b.clock.Now())
	return b.state
}

// Do calls fn if the breaker admits the call, and records the outcome. It
// returns ErrOpen or ErrTooManyCalls without calling fn when the call is
// rejected, else fn's error unchanged. If fn panics, the call counts as a
// failure and the panic continues.
func (b *Breaker) Do(ctx context.Context, fn func(context.Context) error) error {
	gen, err := b.admit()
	if err != nil {
		return err
	}
	// Record the outcome even if fn panics: a trial slot that is never
	// given back would leave the breaker half-open for ever.
	failed := true
	defer func() {
		b.record(gen, failed)
	}()
	err = fn(ctx)
	failed = b.isFailure(err)
	return err
}

// admit decides whether a call may run and returns the generation it was
// admitted in.
func (b *Breaker) admit() (uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refresh(b.clock.Now())
	switch b.state {
	case Open:
		return 0, ErrOpen
	case HalfOpen:
		if b.trials >= b.maxTrials {
			return 0, ErrTooManyCalls
		}
		b.trials++
	}
	return b.gen, nil
}

// record applies the outcome of a call admitted in generation gen. Calls
// that started before the last state change are ignored: a slow success
// from before the breaker opened says nothing about the trial calls.
func (b *Breaker) record(gen uint64, failed bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	b.refresh(now)
	if gen != b.gen {
		return
	}
	switch b.state {
	case Closed:
		if !failed {
			b.failures = 0
			return
		}
		b.failures++
		if b.failures >= b.threshold {
			b.setState(Open, now)
		}
	case HalfOpen:
		if failed {
			b.setState(Open, now)
			return
		}
		b.passed++
		if b.passed >= b.maxTrials {
			b.setState(Closed, now)
		}
	}
}

// refresh turns an open breaker half-open once its timeout has passed.
// The caller holds b.mu.
func (b *Breaker) refresh(now time.Time) {
	if b.state == Open && !now.Before(b.openedAt.Add(b.openTimeout)) {
		b.setState(HalfOpen, now)
	}
}

// setState moves to s and starts a new generation. The caller holds b.mu.
func (b *Breaker) setState(s State, now time.Time) {
	b.state = s
	b.gen++
	b.trials, b.passed = 0, 0
	if s == Open {
		b.openedAt = now
	}
}

// Package breaker implements a circuit breaker: it stops calling a failing
// dependency for a while, then lets a few trial calls through to find out
// whether the dependency has recovered.
package breaker

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// State is the state of a Breaker.
type State int

const (
	Closed   State = iota // calls pass; consecutive failures are counted
	Open                  // calls are rejected until OpenTimeout has passed
	HalfOpen              // a limited number of trial calls pass
)

// String returns "closed", "open" or "half-open".
func (s State) String() string {
	return fmt.Sprintf("State(%d)", int(s))
}

// ErrOpen is returned by Do, without calling fn, while the breaker is open.
// A rejection may wrap it; callers test it with errors.Is.
var ErrOpen = errors.New("breaker: open")

// ErrTooManyCalls is returned by Do, without calling fn, when the breaker
// is half-open and all its trial calls have already been admitted.
var ErrTooManyCalls = errors.New("breaker: too many trial calls")

// Clock tells the time; tests inject a fake one.
type Clock interface {
	Now() time.Time
}

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
	// Add fields here.
}

// New returns a closed Breaker, or an error naming the first invalid
// setting.
func New(s Settings) (*Breaker, error) {
	return nil, errors.New("not implemented")
}

// State returns the current state. An open breaker whose OpenTimeout has
// passed reports HalfOpen.
func (b *Breaker) State() State {
	return Closed
}

// Do calls fn if the breaker admits the call, and records the outcome. It
// returns ErrOpen or ErrTooManyCalls without calling fn when the call is
// rejected, else fn's error unchanged. If fn panics, the call counts as a
// failure and the panic continues.
func (b *Breaker) Do(ctx context.Context, fn func(context.Context) error) error {
	return errors.New("not implemented")
}

// Package retry runs an operation again after transient failures, waiting
// an exponentially growing, fully jittered delay between attempts.
package retry

import (
	"context"
	"errors"
	"time"
)

// Policy configures Do.
type Policy struct {
	// MaxAttempts is the total number of attempts, the first included.
	MaxAttempts int
	// BaseDelay caps the wait before the second attempt; the cap doubles
	// for every further attempt.
	BaseDelay time.Duration
	// MaxDelay caps every wait.
	MaxDelay time.Duration
	// Rand returns a uniform random number in [0, n) for n > 0. Nil means
	// math/rand/v2's Int64N.
	Rand func(n int64) int64
	// Retryable reports whether a failed attempt may be retried. Nil means
	// every error is retryable. Permanent errors are never retried.
	Retryable func(err error) bool
}

// PermanentError marks an error that must not be retried.
type PermanentError struct {
	Err error
}

// Error returns the message of the wrapped error.
func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err so that Do returns it at once instead of retrying.
// Permanent(nil) is nil.
func Permanent(err error) error {
	return err
}

// Do calls op until it succeeds, fails with an error that is not
// retryable, MaxAttempts attempts have been made, or ctx is done.
//
// It returns nil on success; a non-retryable error unchanged; after the
// last attempt an error wrapping the last attempt's error; when ctx ends
// (or its deadline would pass during the next wait) an error wrapping both
// the context's error and the last attempt's error. op is never called
// with a context that is already done.
func Do(ctx context.Context, p Policy, op func(context.Context) error) error {
	return errors.New("not implemented")
}

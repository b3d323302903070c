// Package retry runs an operation again after transient failures, waiting
// an exponentially growing, fully jittered delay between attempts.
package retry

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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

func (e *PermanentError) Error() string { return e.Err.Error() }

func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err so that Do returns it at once instead of retrying.
// Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &PermanentError{Err: err}
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
	if err := p.validate(); err != nil {
		return err
	}
	randN := p.Rand
	if randN == nil {
		randN = rand.Int64N // safe for concurrent use
	}
	var last error
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return stopped(err, last)
		}
		last = op(ctx)
		if last == nil {
			return nil
		}
		if !p.retryable(last) {
			return last
		}
		if attempt == p.MaxAttempts {
			return fmt.Errorf("retry: giving up after %d attempts: %w", attempt, last)
		}
		delay := time.Duration(randN(int64(p.ceiling(attempt))))
		if err := wait(ctx, delay); err != nil {
			return stopped(err, last)
		}
	}
}

func (p Policy) validate() error {
	switch {
	case p.MaxAttempts < 1:
		return fmt.Errorf("retry: MaxAttempts must be at least 1, got %d", p.MaxAttempts)
	case p.BaseDelay <= 0:
		return fmt.Errorf("retry: BaseDelay must be positive, got %v", p.BaseDelay)
	case p.MaxDelay < p.BaseDelay:
		return fmt.Errorf("retry: MaxDelay %v is less than BaseDelay %v", p.MaxDelay, p.BaseDelay)
	}
	return nil
}

func (p Policy) retryable(err error) bool {
	var perm *PermanentError
	if errors.As(err, &perm) {
		return false
	}
	return p.Retryable == nil || p.Retryable(err)
}

// ceiling is the upper bound of the wait after the given attempt:
// min(MaxDelay, BaseDelay * 2^(attempt-1)), computed without overflow.
func (p Policy) ceiling(attempt int) time.Duration {
	c := p.BaseDelay
	for i := 1; i < attempt; i++ {
		if c > p.MaxDelay/2 {
			return p.MaxDelay
		}
		c *= 2
	}
	return min(c, p.MaxDelay)
}

// wait sleeps for d unless ctx ends first. It gives up at once when ctx's
// deadline would pass before d is over: the next attempt could not run.
func wait(ctx context.Context, d time.Duration) error {
	if deadline, ok := ctx.Deadline(); ok && time.Now().Add(d).After(deadline) {
		return context.DeadlineExceeded
	}
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stopped is the error of a retry loop ended by its context.
func stopped(ctxErr, last error) error {
	if last == nil {
		return ctxErr
	}
	return fmt.Errorf("retry: %w; last error: %w", ctxErr, last)
}

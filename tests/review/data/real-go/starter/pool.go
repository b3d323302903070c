// Package workerpool runs tasks on a fixed number of goroutines, cancels the
// remaining work on the first failure and reports that failure to the caller.
package workerpool

import (
	"context"
	"errors"
	"fmt"
)

// Task is one unit of work. It should return promptly once ctx is done.
type Task func(ctx context.Context) error

// ErrClosed is returned by Submit once Wait has been called.
var ErrClosed = errors.New("workerpool: pool is closed")

// PanicError reports a task that panicked instead of returning.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the goroutine's stack at the time of the panic
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("workerpool: task panicked: %v", e.Value)
}

// Pool is a bounded set of workers. Create it with New.
type Pool struct {
	// your fields here
}

// New starts a pool of n workers whose tasks receive a context derived from
// ctx. It panics if n < 1.
func New(ctx context.Context, n int) *Pool {
	return &Pool{}
}

// Context returns the context passed to tasks. It is cancelled when a task
// fails, when the parent context is cancelled, or when Wait returns.
func (p *Pool) Context() context.Context {
	return nil
}

// Submit blocks until a worker accepts t, then returns nil. It returns the
// cause of the cancellation if the pool is (or becomes) cancelled first, and
// ErrClosed once Wait has been called. It is safe for concurrent use.
func (p *Pool) Submit(t Task) error {
	return errors.New("not implemented")
}

// Wait stops accepting tasks, waits for every accepted task to return and
// for all workers to exit, then returns the first error a task returned, or
// the parent context's cause if it was cancelled, or nil. It may be called
// more than once and from several goroutines; every call returns the same.
func (p *Pool) Wait() error {
	return errors.New("not implemented")
}

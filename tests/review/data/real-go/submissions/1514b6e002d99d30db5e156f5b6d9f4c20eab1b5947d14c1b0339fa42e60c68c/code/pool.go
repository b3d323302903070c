// Package workerpool runs tasks on a fixed number of goroutines, cancels the
// remaining work on the first failure and reports that failure to the caller.
package workerpool

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
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
	parent context.Context
	ctx    context.Context
	cancel context.CancelCauseFunc

	// tasks is unbuffered: a send completes only when a worker is free,
	// which is what bounds the work in flight to the number of workers.
	tasks   chan Task
	workers sync.WaitGroup

	// mu orders Submit against the close of tasks in Wait: Submit sends
	// while holding the read lock, so Wait can never close the channel
	// under a sender's feet.
	mu     sync.RWMutex
	closed bool

	errOnce sync.Once
	err     error // first task error, written once under errOnce

	waitOnce sync.Once
	waitErr  error
}

// New starts a pool of n workers whose tasks receive a context derived from
// ctx. It panics if n < 1.
func New(ctx context.Context, n int) *Pool {
	if n < 1 {
		panic(fmt.Sprintf("workerpool: worker count must be positive, got %d", n))
	}
	pctx, cancel := context.WithCancelCause(ctx)
	p := &Pool{
		parent: ctx,
		ctx:    pctx,
		cancel: cancel,
		tasks:  make(chan Task),
	}
	// Stop the workers as soon as the caller gives up.
	go func() {
		<-ctx.Done()
		cancel(context.Cause(ctx))
	}()
	p.workers.Add(n)
	for range n {
		go p.work()
	}
	return p
}

// Context returns the context passed to tasks. It is cancelled when a task
// fails, when the parent context is cancelled, or when Wait returns.
func (p *Pool) Context() context.Context { return p.ctx }

// Submit blocks until a worker accepts t, then returns nil. It returns the
// cause of the cancellation if the pool is (or becomes) cancelled first, and
// ErrClosed once Wait has been called. It is safe for concurrent use.
func (p *Pool) Submit(t Task) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return ErrClosed
	}
	// Checked first: once cancelled, a free worker must not win the select.
	if p.ctx.Err() != nil {
		return context.Cause(p.ctx)
	}
	select {
	case p.tasks <- t:
		return nil
	case <-p.ctx.Done():
		return context.Cause(p.ctx)
	}
}

// Wait stops accepting tasks, waits for every accepted task to return and
// for all workers to exit, then returns the first error a task returned, or
// the parent context's cause if it was cancelled, or nil. It may be called
// more than once and from several goroutines; every call returns the same.
func (p *Pool) Wait() error {
	p.waitOnce.Do(func() {
		p.mu.Lock()
		p.closed = true
		close(p.tasks)
		p.mu.Unlock()

		p.workers.Wait()
		p.waitErr = p.err
		if p.waitErr == nil && p.parent.Err() != nil {
			p.waitErr = context.Cause(p.parent)
		}
		p.cancel(ErrClosed) // release the derived context's resources
	})
	return p.waitErr
}

func (p *Pool) work() {
	defer p.workers.Done()
	for t := range p.tasks {
		if err := p.run(t); err != nil {
			p.fail(err)
		}
	}
}

// run calls t, turning a panic into a *PanicError so one bad task cannot
// bring the whole process down.
func (p *Pool) run(t Task) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return t(p.ctx)
}

// fail records the first error and cancels the remaining work with it.
func (p *Pool) fail(err error) {
	p.errOnce.Do(func() {
		p.err = err
		p.cancel(err)
	})
}
